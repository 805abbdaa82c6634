/**
 * tcpdump's relative sequence numbers (print-tcp.c tcp_seq_hash), reproduced exactly:
 *
 * - Only segments with ACK set look at the table (and only without -S).
 * - The key is direction-normalised: if sport > dport (or ports equal and src address bytes compare
 *   greater than dst), the packet is "reversed" and the key is (dst, src, dport<<16|sport).
 * - An entry is (re)created when none exists for the key or when the segment has SYN; it stores
 *   seq/ack-1 (swapped when reversed) and that segment itself prints ABSOLUTE numbers.
 * - Otherwise the segment prints seq - base and ack - otherBase (mod 2^32).
 * IPv4 and IPv6 use separate tables (keys differ by family anyway).
 */
export interface SeqResult {
  seq: number
  ack: number
  /** Bases used for SACK blocks (tcpdump's thseq/thack) and the direction flag. */
  thSeq: number
  thAck: number
  rev: boolean
}

interface Entry {
  seq: number
  ack: number
}

export class TcpSeqTracker {
  private readonly table = new Map<string, Entry>()

  clear(): void {
    this.table.clear()
  }

  /**
   * Look up / record the connection for a segment with ACK set and return what tcpdump prints.
   * `d` holds the addresses at srcOff/dstOff (`alen` bytes each: 4 or 16).
   */
  track(
    d: Uint8Array,
    srcOff: number,
    dstOff: number,
    alen: number,
    sport: number,
    dport: number,
    seq: number,
    ack: number,
    syn: boolean,
    out: SeqResult,
  ): void {
    let rev = false
    if (sport > dport) rev = true
    else if (sport === dport) {
      for (let i = 0; i < alen; i++) {
        const a = d[srcOff + i]!
        const b = d[dstOff + i]!
        if (a !== b) {
          rev = a > b
          break
        }
      }
    }
    const aOff = rev ? dstOff : srcOff
    const bOff = rev ? srcOff : dstOff
    const port = rev ? dport * 65536 + sport : sport * 65536 + dport
    let key = alen === 4 ? '4' : '6'
    for (let i = 0; i < alen; i++) key += String.fromCharCode(d[aOff + i]!)
    for (let i = 0; i < alen; i++) key += String.fromCharCode(d[bOff + i]!)
    key += port.toString(36)
    let e = this.table.get(key)
    if (!e || syn) {
      if (!e) {
        e = { seq: 0, ack: 0 }
        this.table.set(key, e)
      }
      if (rev) {
        e.ack = seq
        e.seq = (ack - 1) >>> 0
      } else {
        e.seq = seq
        e.ack = (ack - 1) >>> 0
      }
      out.seq = seq
      out.ack = ack
    } else if (rev) {
      out.seq = (seq - e.ack) >>> 0
      out.ack = (ack - e.seq) >>> 0
    } else {
      out.seq = (seq - e.seq) >>> 0
      out.ack = (ack - e.ack) >>> 0
    }
    out.thSeq = e.seq
    out.thAck = e.ack
    out.rev = rev
  }
}
