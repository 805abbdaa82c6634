import { STATE_ASSUMED, TcpState } from '../../../../shared/explain/tcp-states'
import { StateReason } from '../../../../shared/explain/state-reasons'
import type { TcpSegments } from './segments'

/*
 * TCP endpoint state machine, inferred from one connection's captured segments.
 *
 * Capture-point model: every captured segment is taken as SENT by its source and RECEIVED by its
 * destination at the moment it was captured. A packet therefore moves both endpoints on its row: the
 * source makes its "send" transition (RFC 9293 "snd FIN" etc.), the destination its "rcv" transition.
 * This is exact for a capture on the wire between both hosts, and it is what the Linux kernel reports
 * for a capture on loopback where held-back packets are dropped before the capture point (the tests
 * in test/kernel-states compare against `ss -tan`). A capture taken at one host sees that host's
 * packets leave before the peer receives them; the peer's state is then "as soon as it arrives".
 *
 * Packets that reveal an event the capture missed are reconciled on the packet that reveals it:
 *   - a SYN/ACK without a captured SYN: the sender had received a SYN (LISTEN → SYN_RECEIVED);
 *   - a bare SYN from an endpoint that had just "received" the peer's SYN: the two SYNs crossed
 *     (simultaneous open), both end in SYN_RECEIVED;
 *   - a FIN whose ACK does not cover the peer's FIN: the two FINs crossed (simultaneous close), both
 *     go to CLOSING, then TIME_WAIT when their FIN is acknowledged.
 * Without a handshake in the capture (it started mid-connection) both endpoints start ESTABLISHED
 * with the ASSUMED bit set; the bit clears once a SYN, an RST or both FINs pin the state down.
 * TIME_WAIT is not timed out (2·MSL is longer than most captures): it stays TIME_WAIT.
 */

const FIN = 0x01
const SYN = 0x02
const RST = 0x04
const ACK = 0x10

const S = TcpState
const R = StateReason

/** `ack` acknowledges sequence number `target - 1` (modular comparison ack ≥ target). */
function covers(ack: number, target: number): boolean {
  return ((ack - target) | 0) >= 0
}

/**
 * -0 (equal to 0) is not a small integer for V8: a sequence-number field that starts with it is stored as
 * a double from the beginning, instead of being changed to one by the first sequence number ≥ 2^31 (the
 * change throws away the compiled code that uses the field, mid-run).
 */
const DOUBLE_ZERO = -0

class Endpoint {
  state: number = S.CLOSED
  assumed = false
  /** Entered SYN_RECEIVED from LISTEN (RST then returns it to LISTEN, RFC 9293 3.10.7.4). */
  passive = false
  synSent = false
  isn = DOUBLE_ZERO
  /** Sent a SYN/ACK (so a later RST from it is an abort, not a refusal). */
  synAckSent = false
  finSent = false
  /** Sequence number the FIN occupies (seq + len of the FIN segment). */
  finSeq = DOUBLE_ZERO
  finAcked = false
  finRcvd = false
  peerFinSeq = DOUBLE_ZERO
  refused = false

  reset(state: number, assumed: boolean): void {
    this.state = state
    this.assumed = assumed
    this.passive = state === S.LISTEN
    this.synSent = this.synAckSent = this.finSent = this.finAcked = this.finRcvd = this.refused = false
    this.isn = this.finSeq = this.peerFinSeq = 0
  }
}

/** A state change of one endpoint, with the segment (and frame) that caused it. */
export interface TcpTransition {
  /** Index of the segment in the stream. */
  index: number
  frame: number
  /** 0 client, 1 server. */
  side: 0 | 1
  from: number
  to: number
  reason: number
}

export interface StreamStates {
  count: number
  /** Per segment: client state after it (TcpState code, | STATE_ASSUMED when assumed). */
  client: Uint8Array
  server: Uint8Array
  /** Per segment: StateReason code for the client / server on that segment (0 none). */
  clientReason: Uint8Array
  serverReason: Uint8Array
  /** States before the first segment (with the ASSUMED bit when inferred). */
  initialClient: number
  initialServer: number
  transitions: TcpTransition[]
}

/**
 * Incremental machine (live capture feeds it one segment at a time). After step(), `outClient`,
 * `outServer`, `reasonClient`, `reasonServer` hold the results for that segment. No allocation per
 * segment except a TcpTransition object when a state actually changes.
 */
export class TcpStateTracker {
  private readonly ep: [Endpoint, Endpoint] = [new Endpoint(), new Endpoint()]
  private started = false
  outClient = 0
  outServer = 0
  reasonClient = 0
  reasonServer = 0
  initialClient: number = S.CLOSED
  initialServer: number = S.LISTEN
  transitions: TcpTransition[] = []

  reset(): void {
    this.started = false
    this.transitions = []
    this.ep[0].reset(S.CLOSED, false)
    this.ep[1].reset(S.LISTEN, false)
  }

  constructor() {
    this.reset()
  }

  private init(dir: number, flags: number): void {
    this.started = true
    const src = this.ep[dir]!
    const dst = this.ep[dir ^ 1]!
    if ((flags & (SYN | ACK)) === SYN) {
      src.reset(S.CLOSED, false)
      dst.reset(S.LISTEN, false)
    } else if ((flags & (SYN | ACK | RST)) === (SYN | ACK)) {
      // The SYN was not captured: the sender of the SYN/ACK was listening, the receiver had sent a SYN.
      src.reset(S.LISTEN, true)
      dst.reset(S.SYN_SENT, true) // its ISN is unknown: synSent stays false, any ack is accepted
    } else {
      src.reset(S.ESTABLISHED, true)
      dst.reset(S.ESTABLISHED, true)
    }
    this.initialClient = this.ep[0].state | (this.ep[0].assumed ? STATE_ASSUMED : 0)
    this.initialServer = this.ep[1].state | (this.ep[1].assumed ? STATE_ASSUMED : 0)
  }

  private move(side: number, e: Endpoint, to: number, reason: number): void {
    e.state = to
    this.setReason(side, reason)
  }

  /** While step() runs, reasonClient / reasonServer collect the reasons of this segment (side 0 / 1). */
  private setReason(side: number, reason: number): void {
    if (side === 0) this.reasonClient = reason
    else this.reasonServer = reason
  }

  private reasonOf(side: number): number {
    return side === 0 ? this.reasonClient : this.reasonServer
  }

  /**
   * step()'s fast path on its own: true when a segment with these flags from `dir` changes no state
   * (outputs stay, reasons become NONE), and step() need not be called. Takes only small integers, so a
   * caller in a hot loop does not box the 32-bit seq/ack numbers for the call unless step() is needed.
   */
  quiet(dir: number, flags: number): boolean {
    if (!this.started || (flags & (SYN | FIN | RST)) !== 0) return false
    const s = this.ep[dir & 1]!
    const d = this.ep[(dir & 1) ^ 1]!
    if (d.state === S.SYN_RECEIVED || (d.finSent && !d.finAcked) || s.state === S.SYN_SENT) return false
    this.reasonClient = this.reasonServer = R.NONE
    return true
  }

  /**
   * quiet() holds for both directions: no segment without SYN, FIN or RST can change a state until the
   * next step() that does (a caller may then skip the tracker for such segments, outputs unchanged).
   */
  quietBoth(): boolean {
    if (!this.started) return false
    for (const e of this.ep) {
      if (e.state === S.SYN_RECEIVED || e.state === S.SYN_SENT || (e.finSent && !e.finAcked)) return false
    }
    return true
  }

  /** Feed one segment. `index`/`frame` are recorded on transitions. */
  step(dir: number, flags: number, seq: number, ack: number, len: number, frame = 0, index = 0): void {
    const first = !this.started
    if (!first && (flags & (SYN | FIN | RST)) === 0) {
      // Fast path (almost every packet of a long stream): a data/ACK segment changes a state only when
      // it can acknowledge a SYN or a FIN, or reveals a missed SYN/ACK. Otherwise the outputs stay.
      const s = this.ep[dir & 1]!
      const d = this.ep[(dir & 1) ^ 1]!
      if (d.state !== S.SYN_RECEIVED && !(d.finSent && !d.finAcked) && s.state !== S.SYN_SENT) {
        this.reasonClient = this.reasonServer = R.NONE
        return
      }
    }
    if (first) this.init(dir, flags)
    const sd = dir & 1
    const dd = sd ^ 1
    const s = this.ep[sd]!
    const d = this.ep[dd]!
    const s0 = s.state
    const d0 = d.state
    this.reasonClient = this.reasonServer = R.NONE
    const hasAck = (flags & ACK) !== 0

    if (flags & RST) {
      this.onRst(sd, s, d, hasAck, ack)
    } else if (flags & SYN) {
      if (hasAck) this.onSynAck(sd, s, d, seq, ack)
      else this.onSyn(sd, s, d, seq)
    } else {
      this.onSegment(sd, s, d, flags, seq, ack, len, d0)
    }

    // Assumed states become known once a SYN, an RST or both FINs were seen.
    if (flags & (SYN | RST)) s.assumed = d.assumed = false
    if (s.finSent && d.finSent && s.finRcvd && d.finRcvd) s.assumed = d.assumed = false

    if (first) {
      if (this.initialClient & STATE_ASSUMED && this.reasonClient === R.NONE) this.reasonClient = R.MIDSTREAM
      if (this.initialServer & STATE_ASSUMED && this.reasonServer === R.NONE) this.reasonServer = R.MIDSTREAM
    }
    const c = this.ep[0]
    const v = this.ep[1]
    this.outClient = c.state | (c.assumed ? STATE_ASSUMED : 0)
    this.outServer = v.state | (v.assumed ? STATE_ASSUMED : 0)
    if (s.state !== s0)
      this.transitions.push({
        index,
        frame,
        side: sd as 0 | 1,
        from: s0,
        to: s.state,
        reason: this.reasonOf(sd),
      })
    if (d.state !== d0)
      this.transitions.push({
        index,
        frame,
        side: dd as 0 | 1,
        from: d0,
        to: d.state,
        reason: this.reasonOf(dd),
      })
  }

  private onRst(sd: number, s: Endpoint, d: Endpoint, hasAck: boolean, ack: number): void {
    const dd = sd ^ 1
    // Source: sending RST aborts whatever it had. A SYN answered by RST (no SYN/ACK) is a refusal.
    if (s.state === S.SYN_RECEIVED && s.passive && !s.synAckSent) {
      s.refused = true
      this.move(sd, s, S.CLOSED, R.REFUSED_SEND)
    } else if (s.state !== S.CLOSED) {
      this.move(sd, s, S.CLOSED, R.SEND_RST)
    }
    // Destination (RFC 9293 3.10.7): in SYN_SENT only an RST whose ACK acknowledges the SYN counts.
    switch (d.state) {
      case S.CLOSED:
      case S.LISTEN:
        break
      case S.SYN_SENT:
        if (hasAck && (!d.synSent || ack === (d.isn + 1) >>> 0)) {
          this.move(dd, d, S.CLOSED, s.synAckSent ? R.RCV_RST : R.REFUSED_RCV)
        } else {
          this.setReason(dd, R.RST_IGNORED)
        }
        break
      case S.SYN_RECEIVED:
        if (d.passive) this.move(dd, d, S.LISTEN, R.RCV_RST_LISTEN)
        else this.move(dd, d, S.CLOSED, R.RCV_RST)
        break
      default:
        this.move(dd, d, S.CLOSED, R.RCV_RST)
    }
  }

  private onSyn(sd: number, s: Endpoint, d: Endpoint, seq: number): void {
    const dd = sd ^ 1
    if (s.synSent && seq === s.isn && s.state !== S.CLOSED) {
      this.setReason(sd, R.RETRANS_SYN)
    } else if (s.state === S.CLOSED || s.state === S.LISTEN) {
      s.synSent = true
      s.isn = seq
      s.passive = false
      this.move(sd, s, S.SYN_SENT, R.SEND_SYN)
    } else if (s.state === S.SYN_SENT) {
      // A SYN with a new ISN: a new connection attempt on the same 4-tuple; a SYN/ACK must ack this one.
      s.isn = seq
      this.setReason(sd, R.SEND_SYN)
    } else if (s.state === S.SYN_RECEIVED && !s.synSent) {
      // It "received" the peer's SYN on the previous packet yet sends a bare SYN: the SYNs crossed.
      s.synSent = true
      s.isn = seq
      s.passive = false
      this.setReason(sd, R.SIM_OPEN)
    }
    switch (d.state) {
      case S.LISTEN:
        d.passive = true
        this.move(dd, d, S.SYN_RECEIVED, R.RCV_SYN)
        break
      case S.CLOSED:
        if (!d.refused) {
          d.passive = true
          this.move(dd, d, S.SYN_RECEIVED, R.RCV_SYN)
        }
        break
      case S.SYN_SENT:
        d.passive = false
        this.move(dd, d, S.SYN_RECEIVED, R.SIM_OPEN)
        break
      default:
        break // a retransmitted or stray SYN changes nothing
    }
  }

  private onSynAck(sd: number, s: Endpoint, d: Endpoint, seq: number, ack: number): void {
    const dd = sd ^ 1
    if (s.synAckSent && seq === s.isn) {
      this.setReason(sd, R.RETRANS_SYN)
    } else {
      const was = s.state
      s.synSent = true
      s.synAckSent = true
      s.isn = seq
      if (was === S.LISTEN || was === S.CLOSED) {
        s.passive = true
        this.move(sd, s, S.SYN_RECEIVED, R.SEND_SYNACK_UNSEEN_SYN)
      } else if (was === S.SYN_SENT) {
        s.passive = false
        this.move(sd, s, S.SYN_RECEIVED, R.SIM_OPEN)
      }
    }
    const acksSyn = !d.synSent || ack === (d.isn + 1) >>> 0
    if (d.state === S.SYN_SENT) {
      if (acksSyn) this.move(dd, d, S.ESTABLISHED, R.RCV_SYNACK)
    } else if (d.state === S.SYN_RECEIVED) {
      if (acksSyn) this.move(dd, d, S.ESTABLISHED, R.RCV_ACK_OF_SYN)
    }
  }

  private onSegment(
    sd: number,
    s: Endpoint,
    d: Endpoint,
    flags: number,
    seq: number,
    ack: number,
    len: number,
    d0: number,
  ): void {
    const dd = sd ^ 1
    // 1. The destination processes the acknowledgment.
    if (flags & ACK) {
      if (d.state === S.SYN_RECEIVED && (!d.synSent || covers(ack, (d.isn + 1) >>> 0))) {
        this.move(dd, d, S.ESTABLISHED, R.RCV_ACK_OF_SYN)
      }
      if (d.finSent && !d.finAcked && covers(ack, (d.finSeq + 1) >>> 0)) {
        d.finAcked = true
        if (d.state === S.FIN_WAIT_1) this.move(dd, d, S.FIN_WAIT_2, R.RCV_ACK_OF_FIN)
        else if (d.state === S.CLOSING) this.move(dd, d, S.TIME_WAIT, R.CLOSING_ACKED)
        else if (d.state === S.LAST_ACK) this.move(dd, d, S.CLOSED, R.LAST_ACK_ACKED)
      }
      // 2. Sending an ACK from SYN_SENT means it got a SYN/ACK the capture missed.
      if (s.state === S.SYN_SENT) this.move(sd, s, S.ESTABLISHED, R.SEND_ACK_UNSEEN_SYNACK)
    }
    if (!(flags & FIN)) return

    // 3. The source sends its FIN.
    const finSeq = (seq + len) >>> 0
    if (s.finSent && finSeq === s.finSeq) {
      this.setReason(sd, R.RETRANS_FIN)
    } else if (!s.finSent) {
      s.finSent = true
      s.finSeq = finSeq
      switch (s.state) {
        case S.ESTABLISHED:
        case S.SYN_RECEIVED:
          this.move(sd, s, S.FIN_WAIT_1, R.SEND_FIN)
          break
        case S.CLOSE_WAIT:
          if (flags & ACK && s.finRcvd && !covers(ack, (s.peerFinSeq + 1) >>> 0)) {
            this.move(sd, s, S.CLOSING, R.SIM_CLOSE_SEND)
          } else {
            this.move(sd, s, S.LAST_ACK, R.SEND_FIN_PASSIVE)
          }
          break
        default:
          break
      }
    }

    // 4. The destination receives the FIN.
    if (d.finRcvd && finSeq === d.peerFinSeq) {
      if (this.reasonOf(dd) === R.NONE) this.setReason(dd, R.RETRANS_FIN)
      return
    }
    if (d.finRcvd) return
    d.finRcvd = true
    d.peerFinSeq = finSeq
    switch (d.state) {
      case S.ESTABLISHED:
        this.move(dd, d, S.CLOSE_WAIT, R.RCV_FIN)
        break
      case S.FIN_WAIT_2:
        this.move(dd, d, S.TIME_WAIT, d0 === S.FIN_WAIT_1 ? R.RCV_FIN_ACK : R.RCV_FIN_WAIT2)
        break
      case S.FIN_WAIT_1:
        this.move(dd, d, S.CLOSING, R.SIM_CLOSE_RCV)
        break
      default:
        break
    }
  }
}

/** Run the machine over a whole stream. Output arrays are indexed like the segments. */
export function runStateMachine(segs: TcpSegments): StreamStates {
  const n = segs.count
  const out: StreamStates = {
    count: n,
    client: new Uint8Array(n),
    server: new Uint8Array(n),
    clientReason: new Uint8Array(n),
    serverReason: new Uint8Array(n),
    initialClient: S.CLOSED,
    initialServer: S.LISTEN,
    transitions: [],
  }
  const t = new TcpStateTracker()
  for (let i = 0; i < n; i++) {
    t.step(segs.dir[i]!, segs.flags[i]!, segs.seq[i]!, segs.ack[i]!, segs.len[i]!, segs.frame[i]!, i)
    out.client[i] = t.outClient
    out.server[i] = t.outServer
    out.clientReason[i] = t.reasonClient
    out.serverReason[i] = t.reasonServer
  }
  out.initialClient = t.initialClient
  out.initialServer = t.initialServer
  out.transitions = t.transitions
  return out
}
