/**
 * Internet checksum (RFC 1071) helpers. Sums are kept as plain numbers and folded at the end; a
 * 32-bit accumulator of 16-bit words cannot overflow a double for any frame size we can see.
 */

/** One's-complement sum of data[off, off+len) as 16-bit big-endian words (odd byte padded with 0). */
export function sum16(d: Uint8Array, off: number, len: number, acc = 0): number {
  const end = off + len
  let i = off
  const even = end - ((end - off) & 1)
  for (; i < even; i += 2) acc += (d[i]! << 8) | d[i + 1]!
  if (i < end) acc += d[i]! << 8
  return acc
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
