/**
 * Formatting of the hex + ASCII pane: 16 bytes a row, "offset | hex | ascii" like Wireshark's bytes pane.
 * Tables are built once; a row's text is made only when the row is on screen (the pane is virtualized).
 */

export const BYTES_PER_ROW = 16

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'))
/** Printable ASCII as itself, everything else as '.', like Wireshark. */
const ASCII = Array.from({ length: 256 }, (_, b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'))

export function byteHex(b: number): string {
  return HEX[b & 0xff]!
}

export function byteAscii(b: number): string {
  return ASCII[b & 0xff]!
}

export function rowCount(length: number): number {
  return Math.ceil(Math.max(0, length) / BYTES_PER_ROW)
}

/** Offset column: 4 hex digits, more when the frame is larger than 64 KiB (all rows use the same width). */
export function offsetWidth(length: number): number {
  return Math.max(4, (Math.max(0, length - 1) >>> 0).toString(16).length)
}

export function formatOffset(offset: number, width = 4): string {
  return offset.toString(16).padStart(width, '0')
}

export interface HexCell {
  /** Byte offset in the frame. */
  index: number
  hex: string
  ascii: string
}

/** The cells of row `row` (the last row may be short). */
export function hexRow(bytes: Uint8Array, row: number): HexCell[] {
  const start = row * BYTES_PER_ROW
  const end = Math.min(bytes.length, start + BYTES_PER_ROW)
  const cells: HexCell[] = []
  for (let i = start; i < end; i++) cells.push({ index: i, hex: HEX[bytes[i]!]!, ascii: ASCII[bytes[i]!]! })
  return cells
}

/** One row as plain text: "0010  45 00 00 2c … 08 00   E..,......" (copy / tests). */
export function hexRowText(bytes: Uint8Array, row: number, width = 4): string {
  const cells = hexRow(bytes, row)
  const hex: string[] = []
  for (let k = 0; k < BYTES_PER_ROW; k++) {
    hex.push(cells[k]?.hex ?? '  ')
    if (k === 7) hex.push('')
  }
  return `${formatOffset(row * BYTES_PER_ROW, width)}  ${hex.join(' ')}  ${cells.map((c) => c.ascii).join('')}`
}

export function inRange(i: number, range: { start: number; end: number } | null): boolean {
  return range !== null && i >= range.start && i < range.end
}

/** Rows touched by [start, end), to scroll the highlight into view. */
export function rowsOfRange(range: { start: number; end: number }): { first: number; last: number } {
  return {
    first: Math.floor(range.start / BYTES_PER_ROW),
    last: Math.floor(Math.max(range.start, range.end - 1) / BYTES_PER_ROW),
  }
}
