import { describe, expect, it } from 'vitest'
import {
  MAX_SCROLL_PX,
  isScaled,
  maxPhysicalOffset,
  maxVirtualOffset,
  offsetToReveal,
  pageRows,
  physicalHeight,
  toPhysical,
  toVirtual,
  windowAt,
  type Geometry,
} from './virtual-window'

const ROW = 22
const small: Geometry = { rows: 1000, rowHeight: ROW, viewport: 440 }
const tenM: Geometry = { rows: 10_000_000, rowHeight: ROW, viewport: 600 }

describe('packet list windowing', () => {
  it('is the identity while the content fits the browser limit', () => {
    expect(isScaled(small)).toBe(false)
    expect(physicalHeight(small)).toBe(22_000)
    for (const p of [0, 1, 500, 21_560]) {
      expect(toVirtual(p, small)).toBe(p)
      expect(toPhysical(p, small)).toBe(p)
    }
    expect(windowAt(0, small)).toEqual({ first: 0, end: 20, shift: 0 })
    expect(windowAt(11, small)).toEqual({ first: 0, end: 21, shift: -11 })
  })

  it('maps 10M rows into a scrollable height the browser accepts', () => {
    expect(isScaled(tenM)).toBe(true)
    // Chromium refuses heights above ~33.5M px; Firefox above ~17.9M px.
    expect(physicalHeight(tenM)).toBe(MAX_SCROLL_PX)
    expect(physicalHeight(tenM)).toBeLessThan(17_800_000)
    // Top of the scrollbar = row 0, bottom = the last row, flush with the bottom edge.
    expect(windowAt(toVirtual(0, tenM), tenM)).toEqual({ first: 0, end: 28, shift: 0 })
    const end = windowAt(toVirtual(maxPhysicalOffset(tenM), tenM), tenM)
    expect(end.end).toBe(10_000_000)
    expect(toVirtual(maxPhysicalOffset(tenM), tenM) + 600).toBe(10_000_000 * ROW) // last row flush with the bottom
    expect(toVirtual(maxPhysicalOffset(tenM), tenM)).toBe(maxVirtualOffset(tenM))
    // The middle of the scrollbar is the middle of the capture.
    const mid = windowAt(toVirtual(maxPhysicalOffset(tenM) / 2, tenM), tenM)
    expect(Math.abs(mid.first - (10_000_000 - 600 / ROW) / 2)).toBeLessThan(1)
  })

  it('round-trips scrollTop ↔ offset and is monotonic', () => {
    let prev = -1
    for (let p = 0; p <= maxPhysicalOffset(tenM); p += 123_457) {
      const v = toVirtual(p, tenM)
      expect(v).toBeGreaterThan(prev)
      prev = v
      expect(Math.abs(toPhysical(v, tenM) - p)).toBeLessThan(1e-6)
    }
    // One physical pixel is a bounded number of rows: scrolling by the scrollbar stays usable.
    const perPx = maxVirtualOffset(tenM) / maxPhysicalOffset(tenM) / ROW
    expect(perPx).toBeLessThan(1)
  })

  it('clamps out-of-range offsets and handles empty and tiny lists', () => {
    expect(toVirtual(-50, tenM)).toBe(0)
    expect(toVirtual(1e12, tenM)).toBe(maxVirtualOffset(tenM))
    expect(toPhysical(1e12, tenM)).toBe(maxPhysicalOffset(tenM))
    expect(windowAt(0, { rows: 0, rowHeight: ROW, viewport: 400 })).toEqual({ first: 0, end: 0, shift: 0 })
    expect(windowAt(100, { rows: 3, rowHeight: ROW, viewport: 400 })).toEqual({ first: 0, end: 3, shift: 0 })
  })

  it('reveals a row with the smallest move, or centred for go-to', () => {
    expect(offsetToReveal(5, 0, small, 'nearest')).toBe(0) // already visible
    expect(offsetToReveal(20, 0, small, 'nearest')).toBe(21 * ROW - 440) // just below: bottom-align
    expect(offsetToReveal(3, 200, small, 'nearest')).toBe(3 * ROW) // above: top-align
    expect(offsetToReveal(500, 0, small, 'center')).toBe(500 * ROW - (440 - ROW) / 2)
    expect(offsetToReveal(999, 0, small, 'center')).toBe(maxVirtualOffset(small))
    const last = offsetToReveal(9_999_999, 0, tenM, 'nearest')
    const w = windowAt(last, tenM)
    expect(w.end).toBe(10_000_000)
    expect(pageRows(small)).toBe(20)
  })
})
