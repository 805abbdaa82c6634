/**
 * Interns IPv4 / IPv6 / MAC addresses into dense uint32 ids (0 = "no address"), so index rows hold a
 * 4-byte id instead of a string. Nothing is allocated per lookup: address bytes live in one growing
 * byte pool; IPv4 uses an open-addressing table of (address, id) pairs in typed arrays (a Map<number>
 * boxed the uint32 keys ≥ 2^30 on every lookup: two allocations per packet), IPv6 and MAC an
 * open-addressing hash table of ids that compares bytes in the pool. Text forms are made lazily by format() and cached.
 */
export const AddrFamily = { NONE: 0, IPV4: 1, IPV6: 2, MAC: 3 } as const
export type AddrFamilyValue = (typeof AddrFamily)[keyof typeof AddrFamily]

const FAMILY_LEN = [0, 4, 16, 6]

export class AddressTable {
  /** IPv4: slot → address (v4Keys) and id (v4Ids, 0 = empty slot); size is a power of two. */
  private v4Keys = new Uint32Array(1024)
  private v4Ids = new Uint32Array(1024)
  private v4Used = 0
  /** Open-addressing slots holding ids (0 = empty) for IPv6 and MAC; size is a power of two. */
  private slots = new Uint32Array(1024)
  private slotsUsed = 0
  private fam = new Uint8Array(1024)
  private off = new Uint32Array(1024)
  private pool = new Uint8Array(16384)
  private poolUsed = 0
  private names: Array<string | undefined> = []
  /** Number of ids handed out + 1 (id 0 is reserved). */
  private next = 1

  /** Number of distinct addresses interned. */
  get size(): number {
    return this.next - 1
  }

  /** Bytes of storage held (typed arrays; text cache excluded). */
  get byteSize(): number {
    return (
      this.v4Keys.byteLength +
      this.v4Ids.byteLength +
      this.slots.byteLength +
      this.fam.byteLength +
      this.off.byteLength +
      this.pool.byteLength
    )
  }

  internIPv4(d: Uint8Array, o: number): number {
    // Compared as int32 (no boxing); stored as the same 32 bits in the Uint32Array.
    const key = (d[o]! << 24) | (d[o + 1]! << 16) | (d[o + 2]! << 8) | d[o + 3]!
    const keys = this.v4Keys
    const ids = this.v4Ids
    const mask = ids.length - 1
    let s = hash32(key) & mask
    for (;;) {
      const id = ids[s]!
      if (id === 0) break
      if ((keys[s]! | 0) === key) return id
      s = (s + 1) & mask
    }
    const nid = this.add(AddrFamily.IPV4, d, o)
    keys[s] = key
    ids[s] = nid
    if (++this.v4Used * 2 > ids.length) this.rehashV4()
    return nid
  }

  private rehashV4(): void {
    const oldKeys = this.v4Keys
    const oldIds = this.v4Ids
    const keys = new Uint32Array(oldIds.length * 2)
    const ids = new Uint32Array(oldIds.length * 2)
    const mask = ids.length - 1
    for (let k = 0; k < oldIds.length; k++) {
      const id = oldIds[k]!
      if (id === 0) continue
      const key = oldKeys[k]! | 0
      let s = hash32(key) & mask
      while (ids[s] !== 0) s = (s + 1) & mask
      keys[s] = key
      ids[s] = id
    }
    this.v4Keys = keys
    this.v4Ids = ids
  }

  internIPv6(d: Uint8Array, o: number): number {
    return this.internHashed(AddrFamily.IPV6, d, o)
  }

  internMac(d: Uint8Array, o: number): number {
    return this.internHashed(AddrFamily.MAC, d, o)
  }

  family(id: number): AddrFamilyValue {
    return (id > 0 && id < this.next ? this.fam[id]! : 0) as AddrFamilyValue
  }

  /** Copy of the address bytes (allocates; for UI/tests, not hot paths). */
  bytes(id: number): Uint8Array {
    const n = FAMILY_LEN[this.family(id)]!
    return this.pool.slice(this.off[id]!, this.off[id]! + n)
  }

  /** IPv4 address as an unsigned 32-bit number (-1 when id is not IPv4). */
  ipv4Value(id: number): number {
    if (this.family(id) !== AddrFamily.IPV4) return -1
    const p = this.pool
    const o = this.off[id]!
    return ((p[o]! << 24) | (p[o + 1]! << 16) | (p[o + 2]! << 8) | p[o + 3]!) >>> 0
  }

  /** Text form as tshark/tcpdump print it; '' for id 0 / unknown ids. */
  format(id: number): string {
    const fam = this.family(id)
    if (fam === AddrFamily.NONE) return ''
    let s = this.names[id]
    if (s !== undefined) return s
    const o = this.off[id]!
    if (fam === AddrFamily.IPV4) s = formatIPv4(this.pool, o)
    else if (fam === AddrFamily.IPV6) s = formatIPv6(this.pool, o)
    else s = formatMac(this.pool, o)
    this.names[id] = s
    return s
  }

  private internHashed(fam: number, d: Uint8Array, o: number): number {
    const n = FAMILY_LEN[fam]!
    let h = 0x811c9dc5 ^ fam
    for (let i = 0; i < n; i++) h = Math.imul(h ^ d[o + i]!, 0x01000193)
    const mask = this.slots.length - 1
    let s = (h >>> 0) & mask
    for (;;) {
      const id = this.slots[s]!
      if (id === 0) break
      if (this.fam[id] === fam && this.sameBytes(id, d, o, n)) return id
      s = (s + 1) & mask
    }
    const nid = this.add(fam, d, o)
    this.slots[s] = nid
    if (++this.slotsUsed * 2 > this.slots.length) this.rehash()
    return nid
  }

  private sameBytes(id: number, d: Uint8Array, o: number, n: number): boolean {
    const p = this.off[id]!
    const pool = this.pool
    for (let i = 0; i < n; i++) if (pool[p + i] !== d[o + i]) return false
    return true
  }

  private hashOf(id: number): number {
    const fam = this.fam[id]!
    const n = FAMILY_LEN[fam]!
    const p = this.off[id]!
    let h = 0x811c9dc5 ^ fam
    for (let i = 0; i < n; i++) h = Math.imul(h ^ this.pool[p + i]!, 0x01000193)
    return h >>> 0
  }

  private rehash(): void {
    const slots = new Uint32Array(this.slots.length * 2)
    const mask = slots.length - 1
    for (const id of this.slots) {
      if (id === 0) continue
      let s = this.hashOf(id) & mask
      while (slots[s] !== 0) s = (s + 1) & mask
      slots[s] = id
    }
    this.slots = slots
  }

  private add(fam: number, d: Uint8Array, o: number): number {
    const n = FAMILY_LEN[fam]!
    const id = this.next++
    if (id >= this.fam.length) {
      const f2 = new Uint8Array(this.fam.length * 2)
      f2.set(this.fam)
      this.fam = f2
      const o2 = new Uint32Array(this.off.length * 2)
      o2.set(this.off)
      this.off = o2
    }
    if (this.poolUsed + n > this.pool.length) {
      const p2 = new Uint8Array(this.pool.length * 2)
      p2.set(this.pool)
      this.pool = p2
    }
    this.fam[id] = fam
    this.off[id] = this.poolUsed
    for (let i = 0; i < n; i++) this.pool[this.poolUsed + i] = d[o + i]!
    this.poolUsed += n
    return id
  }
}

/** Multiplicative hash of a 32-bit key (high bits mixed down so that masks of any size spread). */
function hash32(k: number): number {
  const h = Math.imul(k, 0x9e3779b1)
  return (h ^ (h >>> 15)) >>> 0
}

export function formatIPv4(d: Uint8Array, o: number): string {
  return `${d[o]}.${d[o + 1]}.${d[o + 2]}.${d[o + 3]}`
}

const HEX = '0123456789abcdef'
export function formatMac(d: Uint8Array, o: number, n = 6): string {
  let s = ''
  for (let i = 0; i < n; i++) {
    const b = d[o + i]!
    if (i > 0) s += ':'
    s += HEX[b >> 4]! + HEX[b & 15]!
  }
  return s
}

/**
 * RFC 5952 text as glibc's inet_ntop (which tcpdump and tshark print) produces it: lowercase, no
 * leading zeros, the longest (first on ties) run of ≥ 2 zero groups as "::", and the embedded-IPv4
 * forms ::a.b.c.d (except ::1 and ::) and ::ffff:a.b.c.d.
 */
export function formatIPv6(d: Uint8Array, o: number): string {
  const w = new Array<number>(8)
  for (let i = 0; i < 8; i++) w[i] = (d[o + 2 * i]! << 8) | d[o + 2 * i + 1]!
  let bestBase = -1
  let bestLen = 0
  let curBase = -1
  let curLen = 0
  for (let i = 0; i < 8; i++) {
    if (w[i] === 0) {
      if (curBase < 0) {
        curBase = i
        curLen = 1
      } else curLen++
    } else if (curBase >= 0) {
      if (curLen > bestLen) {
        bestBase = curBase
        bestLen = curLen
      }
      curBase = -1
    }
  }
  if (curBase >= 0 && curLen > bestLen) {
    bestBase = curBase
    bestLen = curLen
  }
  if (bestLen < 2) bestBase = -1
  let s = ''
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) s += ':'
      continue
    }
    if (i !== 0) s += ':'
    if (
      i === 6 &&
      bestBase === 0 &&
      (bestLen === 6 || (bestLen === 7 && w[7] !== 0x0001) || (bestLen === 5 && w[5] === 0xffff))
    ) {
      s += formatIPv4(d, o + 12)
      break
    }
    s += w[i]!.toString(16)
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) s += ':'
  return s
}
