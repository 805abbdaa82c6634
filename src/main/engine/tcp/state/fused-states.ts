import { STATE_NONE } from '../../../../shared/explain/tcp-states'
import type { IndexChunk } from '../../../../shared/model/index-columns'
import type { FlowTable } from '../flow-table'
import type { TcpConversation } from '../types'
import type { CaptureStates } from './from-index'
import { grown } from '../flow-state'
import { TcpStateTracker } from './machine'

const FIN = 0x01
const SYN = 0x02
const RST = 0x04

/**
 * The endpoint states of every row, computed inside the analysis pass (analyzeTcp with `states: true`)
 * instead of by a second walk over the rows (computeCaptureStates without them).
 *
 * The pass does not know yet which endpoint is the client (the first SYN may come later in the stream),
 * so each stream's tracker is fed with direction 0 = endpoint A (the stream's first source). The machine
 * treats its two endpoints alike, so for a stream whose client turns out to be B, finish() only swaps the
 * client and server columns of its rows, the sides of its transitions and its initial states.
 */
export class FusedStates {
  readonly client: Uint8Array
  readonly server: Uint8Array
  readonly clientReason: Uint8Array
  readonly serverReason: Uint8Array
  private readonly trackers: TcpStateTracker[] = []
  /**
   * Per stream: 1 while its tracker is quiet for both directions (TcpStateTracker.quietBoth), and the
   * client / server states it outputs. A row without SYN, FIN or RST of such a stream (almost every row
   * of an established connection) then only copies the two states, without touching the tracker.
   */
  private quietBoth = new Uint8Array(0)
  private outClient = new Uint8Array(0)
  private outServer = new Uint8Array(0)

  constructor(rows: number) {
    // Assigned twice on purpose (they grow while the pass runs): see FlowTable's constructor.
    this.quietBoth = new Uint8Array(256)
    this.outClient = new Uint8Array(256)
    this.outServer = new Uint8Array(256)
    this.client = new Uint8Array(rows).fill(STATE_NONE)
    this.server = new Uint8Array(rows).fill(STATE_NONE)
    this.clientReason = new Uint8Array(rows)
    this.serverReason = new Uint8Array(rows)
  }

  /** Row i of chunk ch, the `position`-th row of stream s, sent by endpoint A (dir 0) or B (dir 1). */
  step(s: number, dir: number, ch: IndexChunk, i: number, position: number): void {
    const row = ch.firstRow + i
    const flags = ch.tcpFlags[i]!
    if ((flags & (SYN | FIN | RST)) === 0 && s < this.quietBoth.length && this.quietBoth[s] === 1) {
      // The reason columns are fresh zeros, and a quiet segment has no reason.
      this.client[row] = this.outClient[s]!
      this.server[row] = this.outServer[s]!
      return
    }
    this.stepTracker(s, dir, ch, i, position)
  }

  private stepTracker(s: number, dir: number, ch: IndexChunk, i: number, position: number): void {
    const trackers = this.trackers
    while (trackers.length <= s) trackers.push(new TcpStateTracker())
    const t = trackers[s]!
    const row = ch.firstRow + i
    const flags = ch.tcpFlags[i]!
    // quiet() first: step()'s 32-bit seq/ack would be boxed for the call.
    if (!t.quiet(dir, flags))
      t.step(dir, flags, ch.tcpSeq[i]!, ch.tcpAck[i]!, ch.payloadLen[i]!, row + 1, position)
    this.client[row] = t.outClient
    this.server[row] = t.outServer
    if (t.reasonClient !== 0) this.clientReason[row] = t.reasonClient
    if (t.reasonServer !== 0) this.serverReason[row] = t.reasonServer
    if (s >= this.quietBoth.length) {
      let n = this.quietBoth.length * 2
      while (n <= s) n *= 2
      this.quietBoth = grown(this.quietBoth, n)
      this.outClient = grown(this.outClient, n)
      this.outServer = grown(this.outServer, n)
    }
    this.quietBoth[s] = t.quietBoth() ? 1 : 0
    this.outClient[s] = t.outClient
    this.outServer[s] = t.outServer
  }

  /** The per-stream part, once the conversations (and so each stream's client) are known. */
  finish(convs: TcpConversation[], table: FlowTable): CaptureStates {
    const n = convs.length
    const out: CaptureStates = {
      client: this.client,
      server: this.server,
      clientReason: this.clientReason,
      serverReason: this.serverReason,
      initialClient: new Uint8Array(n),
      initialServer: new Uint8Array(n),
      transitions: new Array<CaptureStates['transitions'][number]>(n),
    }
    for (let s = 0; s < n; s++) {
      const t = this.trackers[s]
      if (t === undefined) {
        out.transitions[s] = []
        out.initialClient[s] = 0
        out.initialServer[s] = 1
        continue
      }
      const conv = convs[s]!
      // The tracker's side 0 is endpoint A; it is the client unless the client is B (B ≠ A).
      const clientIsA = conv.clientAddr === table.addrA[s] && conv.clientPort === table.portA[s]
      out.transitions[s] = t.transitions
      if (clientIsA) {
        out.initialClient[s] = t.initialClient
        out.initialServer[s] = t.initialServer
        continue
      }
      out.initialClient[s] = t.initialServer
      out.initialServer[s] = t.initialClient
      for (const tr of t.transitions) tr.side = tr.side === 0 ? 1 : 0
      const rows = conv.rows
      for (let k = 0; k < rows.length; k++) {
        const r = rows[k]!
        const c = out.client[r]!
        out.client[r] = out.server[r]!
        out.server[r] = c
        const rc = out.clientReason[r]!
        out.clientReason[r] = out.serverReason[r]!
        out.serverReason[r] = rc
      }
    }
    return out
  }
}
