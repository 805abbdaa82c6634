/** Big-endian reads on a Uint8Array. Callers check lengths first (one check per layer, smoltcp style). */
export function u16(d: Uint8Array, o: number): number {
  return (d[o]! << 8) | d[o + 1]!
}

export function u32(d: Uint8Array, o: number): number {
  return ((d[o]! << 24) | (d[o + 1]! << 16) | (d[o + 2]! << 8) | d[o + 3]!) >>> 0
}

export function u32le(d: Uint8Array, o: number): number {
  return (d[o]! | (d[o + 1]! << 8) | (d[o + 2]! << 16) | (d[o + 3]! << 24)) >>> 0
}
