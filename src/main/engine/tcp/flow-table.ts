/**
 * Conversation lookup by 4-tuple without per-packet allocation: an open-addressing table of
 * conversation ids. Each slot holds the LATEST conversation of its 4-tuple (tshark's
 * find_conversation returns the most recent one during its sequential first pass); a conversation that
 * reuses a 4-tuple replaces the slot. The tuples themselves live in the conversation arrays.
 */
export class FlowTable {
  /** Endpoint A (first packet's source) and B of each conversation. */
  addrA = new Uint32Array(0)
  portA = new Uint16Array(0)
  addrB = new Uint32Array(0)
  portB = new Uint16Array(0)
  /** Number of conversations (= next tcp.stream). */
  count = 0
  private slots = new Int32Array(0)
  private used = 0

  constructor() {
    // The arrays are replaced as the table grows. Assigning them a second time here, before any code is
    // compiled against them, tells V8 at once that these fields change: otherwise the first growth (at
    // ~1000 conversations) throws away the optimised analysis loop that inlined them ("code dependencies").
    this.addrA = new Uint32Array(1024)
    this.portA = new Uint16Array(1024)
    this.addrB = new Uint32Array(1024)
    this.portB = new Uint16Array(1024)
    this.slots = new Int32Array(2048).fill(-1)
  }

  /** Conversation of this 4-tuple (either direction), or -1. */
  find(src: number, sport: number, dst: number, dport: number): number {
    const mask = this.slots.length - 1
    let i = hashTuple(src, sport, dst, dport) & mask
    for (;;) {
      const c = this.slots[i]!
      if (c < 0) return -1
      if (this.matches(c, src, sport, dst, dport)) return c
      i = (i + 1) & mask
    }
  }

  /** Create a conversation with A = src; it becomes the one find() returns for this 4-tuple. */
  create(src: number, sport: number, dst: number, dport: number): number {
    const c = this.count++
    if (c >= this.addrA.length) this.growConvs()
    this.addrA[c] = src
    this.portA[c] = sport
    this.addrB[c] = dst
    this.portB[c] = dport
    const mask = this.slots.length - 1
    let i = hashTuple(src, sport, dst, dport) & mask
    for (;;) {
      const o = this.slots[i]!
      if (o < 0) {
        this.slots[i] = c
        this.used++
        if (this.used * 2 > this.slots.length) this.rehash()
        return c
      }
      if (this.matches(o, src, sport, dst, dport)) {
        this.slots[i] = c
        return c
      }
      i = (i + 1) & mask
    }
  }

  /** 0 when src:sport is endpoint A of conversation c, 1 when it is B (1 also when A and B are equal, as tshark). */
  side(c: number, src: number, sport: number): number {
    if (this.addrA[c] === this.addrB[c] && this.portA[c] === this.portB[c]) return 1
    return this.addrA[c] === src && this.portA[c] === sport ? 0 : 1
  }

  private matches(c: number, src: number, sport: number, dst: number, dport: number): boolean {
    const a = this.addrA[c]!
    const pa = this.portA[c]!
    const b = this.addrB[c]!
    const pb = this.portB[c]!
    return (
      (a === src && pa === sport && b === dst && pb === dport) ||
      (a === dst && pa === dport && b === src && pb === sport)
    )
  }

  private growConvs(): void {
    const n = this.addrA.length * 2
    const g32 = (a: Uint32Array): Uint32Array<ArrayBuffer> => {
      const x = new Uint32Array(n)
      x.set(a)
      return x
    }
    const g16 = (a: Uint16Array): Uint16Array<ArrayBuffer> => {
      const x = new Uint16Array(n)
      x.set(a)
      return x
    }
    this.addrA = g32(this.addrA)
    this.addrB = g32(this.addrB)
    this.portA = g16(this.portA)
    this.portB = g16(this.portB)
  }

  private rehash(): void {
    const old = this.slots
    const slots = new Int32Array(old.length * 2).fill(-1)
    const mask = slots.length - 1
    for (let k = 0; k < old.length; k++) {
      const c = old[k]!
      if (c < 0) continue
      let i = hashTuple(this.addrA[c]!, this.portA[c]!, this.addrB[c]!, this.portB[c]!) & mask
      while (slots[i]! >= 0) i = (i + 1) & mask
      slots[i] = c
    }
    this.slots = slots
  }
}

/** Direction-independent hash of a 4-tuple. */
function hashTuple(src: number, sport: number, dst: number, dport: number): number {
  const e1 = Math.imul(src, 0x9e3779b1) ^ Math.imul(sport + 1, 0x85ebca6b)
  const e2 = Math.imul(dst, 0x9e3779b1) ^ Math.imul(dport + 1, 0x85ebca6b)
  // Symmetric combination: order of the endpoints does not matter.
  let h = (e1 + e2) ^ Math.imul(e1 ^ e2, 0xc2b2ae35)
  h ^= h >>> 16
  h = Math.imul(h, 0x7feb352d)
  h ^= h >>> 15
  return h >>> 0
}
