import { describe, expect, it } from 'vitest'
import {
  byteAscii,
  byteHex,
  formatOffset,
  hexRow,
  hexRowText,
  inRange,
  offsetWidth,
  rowCount,
  rowsOfRange,
} from './hex-rows'

const bytes = Uint8Array.from({ length: 20 }, (_, i) => (i === 0 ? 0x45 : i === 1 ? 0x7f : i + 0x40))

describe('hex rows', () => {
  it('formats bytes and printable ASCII like Wireshark', () => {
    expect(byteHex(0)).toBe('00')
    expect(byteHex(0xab)).toBe('ab')
    expect(byteAscii(0x41)).toBe('A')
    expect(byteAscii(0x20)).toBe(' ')
    expect(byteAscii(0x7f)).toBe('.')
    expect(byteAscii(0x0a)).toBe('.')
    expect(byteAscii(0xe9)).toBe('.')
  })

  it('counts rows and widens the offset past 64 KiB', () => {
    expect(rowCount(0)).toBe(0)
    expect(rowCount(16)).toBe(1)
    expect(rowCount(17)).toBe(2)
    expect(offsetWidth(60)).toBe(4)
    expect(offsetWidth(65536)).toBe(4)
    expect(offsetWidth(65537)).toBe(5)
    expect(formatOffset(0x10)).toBe('0010')
    expect(formatOffset(0x10, 5)).toBe('00010')
  })

  it('gives the cells of a full and of a short last row', () => {
    const r0 = hexRow(bytes, 0)
    expect(r0).toHaveLength(16)
    expect(r0[0]).toEqual({ index: 0, hex: '45', ascii: 'E' })
    expect(r0[1]).toEqual({ index: 1, hex: '7f', ascii: '.' })
    const r1 = hexRow(bytes, 1)
    expect(r1.map((c) => c.index)).toEqual([16, 17, 18, 19])
    expect(hexRow(bytes, 2)).toEqual([])
  })

  it('renders a row as text with the gap after 8 bytes and padding on a short row', () => {
    expect(hexRowText(bytes, 0)).toBe(
      '0000  45 7f 42 43 44 45 46 47  48 49 4a 4b 4c 4d 4e 4f  E.BCDEFGHIJKLMNO',
    )
    // The ASCII column lines up with the full rows above.
    expect(hexRowText(bytes, 1)).toBe(`0010  ${'50 51 52 53'.padEnd(48)}  PQRS`)
  })

  it('tests membership of [start, end) and the rows a range touches', () => {
    const r = { start: 14, end: 18 }
    expect([13, 14, 17, 18].map((i) => inRange(i, r))).toEqual([false, true, true, false])
    expect(inRange(0, null)).toBe(false)
    expect(rowsOfRange(r)).toEqual({ first: 0, last: 1 })
    expect(rowsOfRange({ start: 16, end: 16 })).toEqual({ first: 1, last: 1 })
  })
})
