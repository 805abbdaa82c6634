import { describe, expect, it } from 'vitest'
import { formatIPv6 } from './addr-format'

function v6(words: number[]): Uint8Array {
  const b = new Uint8Array(16)
  words.forEach((w, i) => {
    b[2 * i] = w >> 8
    b[2 * i + 1] = w & 0xff
  })
  return b
}

describe('formatIPv6 (tcpdump addrtostr6)', () => {
  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 0], '::'],
    [[0, 0, 0, 0, 0, 0, 0, 1], '::1'],
    [[0xfe80, 0, 0, 0, 0, 0, 0, 1], 'fe80::1'],
    [[0x2001, 0xdb8, 0, 0, 1, 0, 0, 1], '2001:db8::1:0:0:1'],
    [[1, 0, 0, 2, 0, 0, 0, 3], '1:0:0:2::3'],
    [[1, 0, 2, 3, 4, 5, 6, 7], '1:0:2:3:4:5:6:7'],
    [[1, 2, 3, 4, 5, 6, 0, 0], '1:2:3:4:5:6::'],
    [[0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304], '::ffff:1.2.3.4'],
    [[0, 0, 0, 0, 0, 0, 0x0102, 0x0304], '::1.2.3.4'],
  ])('%j → %s', (w, text) => {
    expect(formatIPv6(v6(w as number[]), 0)).toBe(text)
  })
})
