/**
 * Internet checksum (RFC 1071) helpers. Sums are kept as plain numbers and folded at the end; a
 * 32-bit accumulator of 16-bit words cannot overflow a double for any frame size we can see.
 */

/**
 * One's-complement sum of data[off, off+len) as 16-bit big-endian words (odd byte padded with 0).
 * High and low bytes are summed apart (8 bytes per step) and combined once: deferring the carries is
 * allowed in one's-complement arithmetic and keeps the loop to plain adds. A frame ≤ 256 KiB cannot
 * overflow either accumulator.
 */
export function sum16(d: Uint8Array, off: number, len: number, acc = 0): number {
  let i = off
  const end = off + len
  if (len >= 64) {
    // Long runs: 32-bit big-endian reads through a DataView cached per underlying buffer.
    const dv = viewOf(d)
    const base = d.byteOffset
    const end16 = off + (len & ~15)
    let s = 0
    for (; i < end16; i += 16) {
      const a = dv.getUint32(base + i)
      const b = dv.getUint32(base + i + 4)
      const c = dv.getUint32(base + i + 8)
      const e = dv.getUint32(base + i + 12)
      s +=
        (a >>> 16) +
        (a & 0xffff) +
        (b >>> 16) +
        (b & 0xffff) +
        (c >>> 16) +
        (c & 0xffff) +
        (e >>> 16) +
        (e & 0xffff)
    }
    acc += s
  }
  let hi = 0
  let lo = 0
  for (; i + 1 < end; i += 2) {
    hi += d[i]!
    lo += d[i + 1]!
  }
  if (i < end) hi += d[i]!
  return acc + hi * 256 + lo
}

let lastBuf: ArrayBufferLike | null = null
let lastView: DataView | null = null
function viewOf(d: Uint8Array): DataView {
  if (d.buffer !== lastBuf) {
    lastBuf = d.buffer
    lastView = new DataView(d.buffer)
  }
  return lastView!
}

/** Fold a running sum to 16 bits and complement it. A correct packet (checksum included) gives 0. */
export function finish(acc: number): number {
  while (acc > 0xffff) acc = (acc & 0xffff) + Math.floor(acc / 65536)
  return ~acc & 0xffff
}

/** IPv4 pseudo-header sum: source, destination, protocol, upper-layer length. */
export function pseudo4(d: Uint8Array, srcOff: number, proto: number, l4Len: number): number {
  return sum16(d, srcOff, 8) + proto + l4Len
}

/** IPv6 pseudo-header sum: source, destination, 32-bit length, next header. */
export function pseudo6(d: Uint8Array, srcOff: number, dstOff: number, proto: number, l4Len: number): number {
  return sum16(d, srcOff, 16) + sum16(d, dstOff, 16) + Math.floor(l4Len / 65536) + (l4Len & 0xffff) + proto
}
