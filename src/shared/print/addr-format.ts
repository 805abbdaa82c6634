/**
 * Address text exactly as tcpdump prints it with -n: dotted IPv4, and IPv6 in tcpdump's own
 * addrtostr6 form (the BIND inet_ntop rules: the longest run of ≥ 2 zero words, first one on a tie,
 * becomes "::"; IPv4-compatible and IPv4-mapped addresses end in dotted quad).
 */
export function formatIPv4(d: Uint8Array, off: number): string {
  return `${d[off]}.${d[off + 1]}.${d[off + 2]}.${d[off + 3]}`
}

const words = new Uint16Array(8)

export function formatIPv6(d: Uint8Array, off: number): string {
  for (let i = 0; i < 8; i++) words[i] = (d[off + 2 * i]! << 8) | d[off + 2 * i + 1]!
  let bestBase = -1
  let bestLen = 0
  let curBase = -1
  let curLen = 0
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (curBase === -1) {
        curBase = i
        curLen = 1
      } else curLen++
    } else if (curBase !== -1) {
      if (bestBase === -1 || curLen > bestLen) {
        bestBase = curBase
        bestLen = curLen
      }
      curBase = -1
    }
  }
  if (curBase !== -1 && (bestBase === -1 || curLen > bestLen)) {
    bestBase = curBase
    bestLen = curLen
  }
  if (bestBase !== -1 && bestLen < 2) bestBase = -1
  let s = ''
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) s += ':'
      continue
    }
    if (i !== 0) s += ':'
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      s += formatIPv4(d, off + 12)
      return s
    }
    s += words[i]!.toString(16)
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) s += ':'
  return s
}

export function formatMac(d: Uint8Array, off: number): string {
  let s = ''
  for (let i = 0; i < 6; i++) {
    if (i) s += ':'
    s += hex2(d[off + i]!)
  }
  return s
}

export function hex2(b: number): string {
  return (b < 16 ? '0' : '') + b.toString(16)
}

/** printf("%0Nx") */
export function hexPad(v: number, width: number): string {
  const s = v.toString(16)
  return s.length >= width ? s : '0'.repeat(width - s.length) + s
}

/** 64-bit big-endian unsigned value as a bigint (MPTCP keys/DSNs are 64-bit). */
export function be64(d: Uint8Array, off: number): bigint {
  const hi = ((d[off]! << 24) | (d[off + 1]! << 16) | (d[off + 2]! << 8) | d[off + 3]!) >>> 0
  const lo = ((d[off + 4]! << 24) | (d[off + 5]! << 16) | (d[off + 6]! << 8) | d[off + 7]!) >>> 0
  return (BigInt(hi) << 32n) | BigInt(lo)
}

export function be32(d: Uint8Array, off: number): number {
  return ((d[off]! << 24) | (d[off + 1]! << 16) | (d[off + 2]! << 8) | d[off + 3]!) >>> 0
}

export function be16(d: Uint8Array, off: number): number {
  return (d[off]! << 8) | d[off + 1]!
}
