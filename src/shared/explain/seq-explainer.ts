import { formatMessage, sideMessage, type Lang, type Message } from './format'

const FIN = 0x01
const SYN = 0x02
const RST = 0x04
const ACK = 0x10

/** a > b in sequence space (mod 2^32). */
function after(a: number, b: number): boolean {
  return ((a - b) | 0) > 0
}

/**
 * Explains the seq/ack arithmetic of each packet of one TCP connection, in capture order, the way a
 * student reads tcpdump: absolute numbers on the SYN and SYN/ACK (tcpdump prints them absolute), relative
 * numbers afterwards (relative to the ISN, as tcpdump and Wireshark show them). Each call returns message
 * fragments (catalogue keys + params) that explainText() joins into one line.
 *
 * Relative numbering follows Wireshark: rel = seq − ISN when the SYN was seen, otherwise the first
 * sequence number seen counts as 1. dir: 0 = client→server, 1 = server→client.
 */
export class SeqExplainer {
  private readonly base = new Uint32Array(2)
  private readonly hasBase = new Uint8Array(2)
  private readonly isn = new Uint32Array(2)
  private readonly synSeen = new Uint8Array(2)
  private readonly synAckSeen = new Uint8Array(2)
  /** Next relative sequence number the direction would send (highest seq + len [+ FIN]). */
  private readonly high = new Uint32Array(2)
  private readonly hasHigh = new Uint8Array(2)
  private readonly finSeq = new Uint32Array(2)
  private readonly finSeen = new Uint8Array(2)
  private readonly lastAck = new Uint32Array(2)
  private readonly hasLastAck = new Uint8Array(2)

  reset(): void {
    for (const a of [
      this.base,
      this.hasBase,
      this.isn,
      this.synSeen,
      this.synAckSeen,
      this.high,
      this.hasHigh,
      this.finSeq,
      this.finSeen,
      this.lastAck,
      this.hasLastAck,
    ])
      a.fill(0)
  }

  /** Relative seq of the last explained packet (valid after explain()). */
  relSeq = 0
  relAck = 0

  explain(dir: number, flags: number, seq: number, ack: number, len: number): Message[] {
    const d = dir & 1
    const o = d ^ 1
    const side = sideMessage(d as 0 | 1)
    const peer = sideMessage(o as 0 | 1)
    const hasAck = (flags & ACK) !== 0
    const out: Message[] = []

    if (flags & SYN) {
      if (!this.synSeen[d]) {
        this.base[d] = seq
        this.hasBase[d] = 1
      }
    } else if (!this.hasBase[d]) {
      this.base[d] = (seq - 1) >>> 0
      this.hasBase[d] = 1
    }
    if (hasAck && !this.hasBase[o]) {
      this.base[o] = (ack - 1) >>> 0
      this.hasBase[o] = 1
    }
    const relSeq = (seq - this.base[d]!) >>> 0
    const relAck = hasAck ? (ack - this.base[o]!) >>> 0 : 0
    this.relSeq = relSeq
    this.relAck = relAck

    if (flags & RST) {
      if (hasAck && this.synSeen[o] && !this.synSeen[d] && ack === (this.isn[o]! + 1) >>> 0) {
        out.push({ key: 'ex.rstRefused', params: { ack, isn: this.isn[o]! } })
      } else {
        out.push({ key: 'ex.rst', params: { side, seq: relSeq } })
      }
      return out
    }

    if (flags & SYN) {
      if (hasAck) {
        const peerIsn = this.synSeen[o] ? this.isn[o]! : (ack - 1) >>> 0
        out.push({ key: 'ex.ackOfSyn', params: { ack, peer, isn: peerIsn } })
        this.noteAck(d, relAck)
      }
      const retrans = this.synSeen[d] && seq === this.isn[d] && (!hasAck || this.synAckSeen[d])
      if (retrans) out.push({ key: 'ex.synRetrans', params: { isn: seq } })
      else out.push({ key: 'ex.syn', params: { isn: seq, side, next: (seq + 1) >>> 0 } })
      this.synSeen[d] = 1
      this.isn[d] = seq
      if (hasAck) this.synAckSeen[d] = 1
      this.noteSent(d, 1)
      return out
    }

    // --- sequence part
    const fin = (flags & FIN) !== 0
    if (len > 0) {
      const end = (relSeq + len) >>> 0
      if (this.hasHigh[d] && !after(end, this.high[d]!)) {
        out.push({ key: 'ex.retrans', params: { start: relSeq, end, side, high: this.high[d]! } })
      } else {
        if (fin)
          out.push({ key: 'ex.dataFin', params: { start: relSeq, end, len, peer, next: (end + 1) >>> 0 } })
        else out.push({ key: 'ex.data', params: { start: relSeq, end, len, peer } })
        if (this.hasHigh[d] && after(relSeq, this.high[d]!)) {
          out.push({ key: 'ex.gap', params: { high: this.high[d]!, start: relSeq } })
        }
      }
    } else if (fin) {
      if (this.finSeen[d] && this.finSeq[d] === relSeq)
        out.push({ key: 'ex.finRetrans', params: { seq: relSeq } })
      else out.push({ key: 'ex.fin', params: { seq: relSeq, next: (relSeq + 1) >>> 0 } })
    } else if (this.hasHigh[d] && relSeq === (this.high[d]! - 1) >>> 0 && !this.finSeen[d]) {
      out.push({ key: 'ex.keepAlive', params: { seq: relSeq, next: this.high[d]! } })
    }
    if (fin) {
      this.finSeen[d] = 1
      this.finSeq[d] = (relSeq + len) >>> 0
    }
    this.noteSent(d, (relSeq + len + (fin ? 1 : 0)) >>> 0)

    // --- acknowledgment part
    if (hasAck) {
      const had = this.hasLastAck[d] === 1
      const last = this.lastAck[d]!
      const finAcked =
        this.finSeen[o] && relAck === (this.finSeq[o]! + 1) >>> 0 && (!had || after(relAck, last))
      if (finAcked) {
        const finAt = this.finSeq[o]!
        if (had && after(finAt, last)) {
          out.push({
            key: 'ex.ackDataFin',
            params: { ack: relAck, count: (finAt - last) >>> 0, from: last, finSeq: finAt, peer },
          })
        } else {
          out.push({ key: 'ex.ackFin', params: { ack: relAck, peer, finSeq: finAt } })
        }
      } else if (!had && this.synSeen[o] && relAck === 1) {
        out.push({ key: 'ex.ackOfSynRel', params: { rel: relAck, abs: ack, peer, isn: this.isn[o]! } })
      } else if (had && after(relAck, last)) {
        out.push({
          key: 'ex.ackNew',
          params: { ack: relAck, count: (relAck - last) >>> 0, from: last, peer },
        })
      } else if (had && relAck === last) {
        if (len === 0 && !fin && out.length === 0)
          out.push({ key: 'ex.ackSame', params: { ack: relAck, peer } })
      } else if (!had) {
        out.push({ key: 'ex.ackFirst', params: { ack: relAck, peer } })
      }
      this.noteAck(d, relAck)
    }
    if (out.length === 0) out.push({ key: 'ex.empty' })
    return out
  }

  private noteSent(d: number, next: number): void {
    if (!this.hasHigh[d] || after(next, this.high[d]!)) this.high[d] = next
    this.hasHigh[d] = 1
  }

  private noteAck(d: number, relAck: number): void {
    if (!this.hasLastAck[d] || after(relAck, this.lastAck[d]!)) this.lastAck[d] = relAck
    this.hasLastAck[d] = 1
  }
}

/** One line: the fragments formatted and joined with "; " (Chinese: "；"). */
export function explainText(parts: readonly Message[], lang: Lang = 'en'): string {
  return parts.map((m) => formatMessage(m, lang)).join(lang === 'zh-CN' ? '；' : '; ')
}
