/**
 * Internet checksum helpers in big-endian numeric form. `sum…` return the folded ones'-complement sum
 * (not complemented); tcpdump's in_cksum() result corresponds to (~sum & 0xffff).
 */
export function sumBytes(d: Uint8Array, off: number, len: number, acc: number): number {
  let s = acc
  const end = off + (len & ~1)
  for (let i = off; i < end; i += 2) s += (d[i]! << 8) | d[i + 1]!
  if (len & 1) s += d[off + len - 1]! << 8
  // Fold often enough to stay inside 2^53 for any packet size.
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 65536)
  return s
}

export function finish(sum: number): number {
  let s = sum
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 65536)
  return ~s & 0xffff
}

/** tcpdump's in_cksum_shouldbe(): the checksum value that would have made the packet verify. */
export function cksumShouldBe(sum: number, computed: number): number {
  let v = sum + computed
  v = (v & 0xffff) + (v >>> 16)
  v = (v & 0xffff) + (v >>> 16)
  return v & 0xffff
}
