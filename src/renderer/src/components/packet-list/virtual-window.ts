/**
 * Fixed-height windowing for the packet list, with the scroll space mapped when it is too tall.
 *
 * Browsers cap an element's height (Chromium ~33.5M px, Firefox ~17.9M px): 10M rows × 22 px = 220M px
 * cannot be laid out. The scroll container's content is therefore at most MAX_SCROLL_PX tall and the
 * scrollbar position is scaled to the "virtual" offset (rows × rowHeight space) linearly, so that the
 * top of the scrollbar is row 0 and the bottom shows the last row exactly at the bottom edge.
 *
 * Everything here is O(1) in the number of rows (no per-row bookkeeping: 10M rows cost nothing). That is
 * why the list does not use @tanstack/virtual-core: its measurement cache keeps two float64 per item plus
 * a key array (≈240 MB for 10M rows) and rebuilds it in O(rows) whenever the row count grows, which it
 * does ~20 times a second while a file loads.
 */

/** Under Firefox's limit too, so the same code works in any browser-mode client. */
export const MAX_SCROLL_PX = 15_000_000

export interface Geometry {
  rows: number
  rowHeight: number
  /** Height of the visible area (px). */
  viewport: number
}

export function virtualHeight(g: Geometry): number {
  return g.rows * g.rowHeight
}

/** Height given to the scroll container's content. */
export function physicalHeight(g: Geometry): number {
  return Math.min(virtualHeight(g), MAX_SCROLL_PX)
}

export function isScaled(g: Geometry): boolean {
  return virtualHeight(g) > MAX_SCROLL_PX
}

export function maxVirtualOffset(g: Geometry): number {
  return Math.max(0, virtualHeight(g) - g.viewport)
}

export function maxPhysicalOffset(g: Geometry): number {
  return Math.max(0, physicalHeight(g) - g.viewport)
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x
}

/** scrollTop → offset in the rows × rowHeight space. */
export function toVirtual(scrollTop: number, g: Geometry): number {
  const maxV = maxVirtualOffset(g)
  if (!isScaled(g)) return clamp(scrollTop, 0, maxV)
  const maxP = maxPhysicalOffset(g)
  if (maxP <= 0) return 0
  return clamp((scrollTop / maxP) * maxV, 0, maxV)
}

/** Offset in the rows × rowHeight space → scrollTop. */
export function toPhysical(offset: number, g: Geometry): number {
  const maxV = maxVirtualOffset(g)
  if (!isScaled(g)) return clamp(offset, 0, maxV)
  if (maxV <= 0) return 0
  return clamp((offset / maxV) * maxPhysicalOffset(g), 0, maxPhysicalOffset(g))
}

export interface RowWindow {
  /** First row drawn, and one past the last. */
  first: number
  end: number
  /** Where row `first` starts relative to the top of the visible area (≤ 0). */
  shift: number
}

/** The rows that intersect the visible area when its top is at virtual `offset`. */
export function windowAt(offset: number, g: Geometry): RowWindow {
  if (g.rows <= 0 || g.rowHeight <= 0) return { first: 0, end: 0, shift: 0 }
  const o = clamp(offset, 0, maxVirtualOffset(g))
  const first = Math.min(g.rows - 1, Math.floor(o / g.rowHeight))
  const end = Math.min(g.rows, Math.ceil((o + g.viewport) / g.rowHeight))
  return { first, end: Math.max(end, first + 1), shift: first * g.rowHeight - o }
}

/** Rows that fit fully in the visible area (at least 1): the PgUp/PgDn step. */
export function pageRows(g: Geometry): number {
  return Math.max(1, Math.floor(g.viewport / g.rowHeight))
}

/**
 * The offset that shows row `row` entirely: unchanged when it already is; otherwise the smallest move
 * ('nearest', for keyboard steps) or with the row in the middle ('center', for go-to-packet).
 */
export function offsetToReveal(row: number, offset: number, g: Geometry, mode: 'nearest' | 'center'): number {
  const top = row * g.rowHeight
  const bottom = top + g.rowHeight
  const maxV = maxVirtualOffset(g)
  if (top >= offset && bottom <= offset + g.viewport) return clamp(offset, 0, maxV)
  if (mode === 'center') return clamp(top - (g.viewport - g.rowHeight) / 2, 0, maxV)
  return clamp(top < offset ? top : bottom - g.viewport, 0, maxV)
}
