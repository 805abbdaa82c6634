/**
 * Per-direction ("flow") and per-conversation analysis state, struct-of-arrays so that a 1M-packet
 * pass allocates nothing per packet. Flow f = conversation * 2 + side (side 0 = endpoint A sends).
 * Field names follow tshark's tcp_flow_t / tcp_analyze_seq_flow_info_t so the analysis reads like the
 * behaviour it reproduces.
 */

type Typed = Uint32Array | Int32Array | Uint8Array | Int8Array | Float64Array

export function grown<T extends Typed>(a: T, n: number, fill?: number): T {
  const C = a.constructor as new (n: number) => T
  const x = new C(n)
  x.set(a)
  if (fill !== undefined) x.fill(fill, a.length)
  return x
}

export const StaticFlag = { BASE_SEQ_SET: 1, SAW_SYN: 2, SAW_SYNACK: 4 } as const

export const MAX_SACK = 4

export class FlowState {
  cap = 0
  baseSeq = new Uint32Array(0)
  staticFlags = new Uint8Array(0)
  /** -1 unknown, -2 no scaling, else the shift. */
  winScale = new Int8Array(0)
  /** Last raw window seen (0xffffffff before any). */
  window = new Uint32Array(0)
  nextSeq = new Uint32Array(0)
  nextSeqFrame = new Uint32Array(0)
  nextSeqSec = new Float64Array(0)
  nextSeqNsec = new Uint32Array(0)
  maxSeqToBeAcked = new Uint32Array(0)
  lastAck = new Uint32Array(0)
  lastAckSec = new Float64Array(0)
  lastAckNsec = new Uint32Array(0)
  lastSegmentFlags = new Uint32Array(0)
  dupAckNum = new Int32Array(0)
  lastNonDupAck = new Uint32Array(0)
  validBif = new Uint8Array(0)
  isFirstAck = new Uint8Array(0)
  /** Head of the unacked-segment list (segment pool index, -1 none) and its length. */
  segHead = new Int32Array(0)
  segCount = new Int32Array(0)
  numSack = new Uint8Array(0)
  sackEdges = new Uint32Array(0) // flow * MAX_SACK * 2
  /**
   * Cached min of (seq - bifBase) and max of (nextSeq - bifBase) over the flow's unacked list (the two
   * ends of tcp.analysis.bytes_in_flight), valid while bifValid is 1. Appends update it; the ACK walk
   * that removes or trims segments recomputes it; a different baseSeq makes the user recompute it. Without
   * it every data segment re-walked up to MAX_UNACKED_SEGMENTS entries (quadratic on one-way runs).
   */
  bifValid = new Uint8Array(0)
  bifBase = new Uint32Array(0)
  bifFirst = new Uint32Array(0)
  bifLast = new Uint32Array(0)
  /**
   * ackSafe = 1: no segment of the flow's unacked list would be removed or trimmed by an ACK of value
   * ackSafeVal (every segment has seq ≥ ack and nextSeq > ack in sequence space), so the walk for that
   * ACK value would change nothing and is skipped. Set by each walk, cleared by an append that breaks it.
   */
  ackSafe = new Uint8Array(0)
  ackSafeVal = new Uint32Array(0)

  ensure(flows: number): void {
    if (flows <= this.cap) return
    let n = this.cap || 512
    while (n < flows) n *= 2
    this.baseSeq = grown(this.baseSeq, n)
    this.staticFlags = grown(this.staticFlags, n)
    this.winScale = grown(this.winScale, n, -1)
    this.window = grown(this.window, n, 0xffffffff)
    this.nextSeq = grown(this.nextSeq, n)
    this.nextSeqFrame = grown(this.nextSeqFrame, n)
    this.nextSeqSec = grown(this.nextSeqSec, n)
    this.nextSeqNsec = grown(this.nextSeqNsec, n)
    this.maxSeqToBeAcked = grown(this.maxSeqToBeAcked, n)
    this.lastAck = grown(this.lastAck, n)
    this.lastAckSec = grown(this.lastAckSec, n)
    this.lastAckNsec = grown(this.lastAckNsec, n)
    this.lastSegmentFlags = grown(this.lastSegmentFlags, n)
    this.dupAckNum = grown(this.dupAckNum, n)
    this.lastNonDupAck = grown(this.lastNonDupAck, n)
    this.validBif = grown(this.validBif, n, 1)
    this.isFirstAck = grown(this.isFirstAck, n)
    this.segHead = grown(this.segHead, n, -1)
    this.segCount = grown(this.segCount, n)
    this.numSack = grown(this.numSack, n)
    this.sackEdges = grown(this.sackEdges, n * MAX_SACK * 2)
    this.bifValid = grown(this.bifValid, n)
    this.bifBase = grown(this.bifBase, n)
    this.bifFirst = grown(this.bifFirst, n)
    this.bifLast = grown(this.bifLast, n)
    this.ackSafe = grown(this.ackSafe, n)
    this.ackSafeVal = grown(this.ackSafeVal, n)
    this.cap = n
  }
}

/** Per-conversation state: timestamps of the handshake (tshark's ts_mru_syn / ts_first_rtt). */
export class ConvState {
  cap = 0
  mruSynSec = new Float64Array(0)
  mruSynNsec = new Uint32Array(0)
  firstRttSec = new Float64Array(0)
  firstRttNsec = new Int32Array(0)
  firstRttRow = new Int32Array(0)

  ensure(convs: number): void {
    if (convs <= this.cap) return
    let n = this.cap || 256
    while (n < convs) n *= 2
    this.mruSynSec = grown(this.mruSynSec, n)
    this.mruSynNsec = grown(this.mruSynNsec, n)
    this.firstRttSec = grown(this.firstRttSec, n)
    this.firstRttNsec = grown(this.firstRttNsec, n)
    this.firstRttRow = grown(this.firstRttRow, n, -1)
    this.cap = n
  }
}

/**
 * Pool of unacked segments (tshark's tcp_unacked_t lists), linked through `link`, with a free list.
 */
export class SegmentPool {
  seq = new Uint32Array(0)
  nextSeq = new Uint32Array(0)
  frame = new Uint32Array(0)
  sec = new Float64Array(0)
  nsec = new Uint32Array(0)
  link = new Int32Array(0)
  private free = -1
  private top = 0

  constructor() {
    // Second assignment on purpose: see FlowTable's constructor (the pool grows while the loop runs).
    this.seq = new Uint32Array(1024)
    this.nextSeq = new Uint32Array(1024)
    this.frame = new Uint32Array(1024)
    this.sec = new Float64Array(1024)
    this.nsec = new Uint32Array(1024)
    this.link = new Int32Array(1024)
  }

  alloc(): number {
    if (this.free >= 0) {
      const i = this.free
      this.free = this.link[i]!
      return i
    }
    if (this.top >= this.seq.length) {
      const n = this.seq.length * 2
      this.seq = grown(this.seq, n)
      this.nextSeq = grown(this.nextSeq, n)
      this.frame = grown(this.frame, n)
      this.sec = grown(this.sec, n)
      this.nsec = grown(this.nsec, n)
      this.link = grown(this.link, n)
    }
    return this.top++
  }

  release(i: number): void {
    this.link[i] = this.free
    this.free = i
  }
}
