import { CHUNK_ROWS, type IndexChunk } from '../../../../shared/model/index-columns'
import { STATE_NONE } from '../../../../shared/explain/tcp-states'
import { explainText, SeqExplainer } from '../../../../shared/explain/seq-explainer'
import type { Lang } from '../../../../shared/explain/format'
import type { TcpAnalysis, TcpConversation, TcpIndexView } from '../types'
import { runStateMachine, TcpStateTracker, type StreamStates, type TcpTransition } from './machine'
import { allocSegments, type TcpSegments } from './segments'

/** One stream's segments gathered from the index columns (dir 0 = conversation client → server). */
export function streamSegments(view: TcpIndexView, conv: TcpConversation): TcpSegments {
  const rows = conv.rows
  const segs = allocSegments(rows.length)
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!
    const c = view.chunks[Math.floor(row / CHUNK_ROWS)]!
    const j = row - c.firstRow
    const fromClient = c.srcAddr[j] === conv.clientAddr && c.srcPort[j] === conv.clientPort
    segs.dir[i] = fromClient ? 0 : 1
    segs.flags[i] = c.tcpFlags[j]!
    segs.seq[i] = c.tcpSeq[j]!
    segs.ack[i] = c.tcpAck[j]!
    segs.len[i] = c.payloadLen[j]!
    segs.frame[i] = row + 1
    segs.time[i] = c.tsSec[j]! + c.tsNsec[j]! / 1e9
  }
  return segs
}

export function streamStates(view: TcpIndexView, conv: TcpConversation): StreamStates {
  return runStateMachine(streamSegments(view, conv))
}

/** States of every TCP row of a capture (for `tcp.state.client` / `tcp.state.server` columns). */
export interface CaptureStates {
  /** Per capture row: client / server state after the row (STATE_NONE for non-TCP rows). */
  client: Uint8Array
  server: Uint8Array
  /** Per capture row: StateReason codes (0 none). */
  clientReason: Uint8Array
  serverReason: Uint8Array
  /** Per stream (tcp.stream): states before its first packet, and its transitions (index = position in the stream). */
  initialClient: Uint8Array
  initialServer: Uint8Array
  transitions: TcpTransition[][]
}

/**
 * One pass over the capture in row order (sequential column reads), one small tracker per stream.
 * No per-stream arrays: 1M rows in 10k streams cost one tracker each plus the output columns.
 */
export function computeCaptureStates(view: TcpIndexView, analysis: TcpAnalysis): CaptureStates {
  // analyzeTcp(index, { states: true }) computed them in its own pass.
  if (analysis.captureStates !== undefined) return analysis.captureStates
  const n = view.count
  const convs = analysis.conversations
  const out: CaptureStates = {
    client: new Uint8Array(n).fill(STATE_NONE),
    server: new Uint8Array(n).fill(STATE_NONE),
    clientReason: new Uint8Array(n),
    serverReason: new Uint8Array(n),
    initialClient: new Uint8Array(convs.length),
    initialServer: new Uint8Array(convs.length),
    transitions: new Array<TcpTransition[]>(convs.length),
  }
  const trackers = new Array<TcpStateTracker | undefined>(convs.length)
  const position = new Uint32Array(convs.length)
  // One call per chunk, and the per-stream tail in a function of its own: V8 then compiles the row loop
  // once instead of throwing it away when the loop first moves to the next chunk or ends (traced: the
  // loop was compiled 4-5 times per 1M-row run, 70-500 ms each on a busy machine).
  for (const c of view.chunks) statesOfChunk(c, convs, analysis.stream, trackers, position, out)
  finishStates(convs.length, trackers, out)
  return out
}

function statesOfChunk(
  c: IndexChunk,
  convs: TcpConversation[],
  streamOf: Int32Array,
  trackers: Array<TcpStateTracker | undefined>,
  position: Uint32Array,
  out: CaptureStates,
): void {
  const base = c.firstRow
  for (let j = 0; j < c.count; j++) {
    const row = base + j
    const s = streamOf[row]!
    if (s < 0) continue
    const conv = convs[s]!
    let t = trackers[s]
    if (t === undefined) trackers[s] = t = new TcpStateTracker()
    const dir = c.srcAddr[j] === conv.clientAddr && c.srcPort[j] === conv.clientPort ? 0 : 1
    t.step(dir, c.tcpFlags[j]!, c.tcpSeq[j]!, c.tcpAck[j]!, c.payloadLen[j]!, row + 1, position[s]++)
    out.client[row] = t.outClient
    out.server[row] = t.outServer
    out.clientReason[row] = t.reasonClient
    out.serverReason[row] = t.reasonServer
  }
}

function finishStates(
  streams: number,
  trackers: Array<TcpStateTracker | undefined>,
  out: CaptureStates,
): void {
  for (let s = 0; s < streams; s++) {
    const t = trackers[s]
    out.transitions[s] = t ? t.transitions : []
    out.initialClient[s] = t ? t.initialClient : 0
    out.initialServer[s] = t ? t.initialServer : 1
  }
}

/**
 * `tcp.explain` for every row of a capture (one line per TCP row, '' for other rows). Builds strings:
 * meant for `wirelite fields` and exports, not for the packet list (the UI explains visible rows only).
 */
export function captureExplanations(view: TcpIndexView, analysis: TcpAnalysis, lang: Lang = 'en'): string[] {
  const out = new Array<string>(view.count).fill('')
  const x = new SeqExplainer()
  for (const conv of analysis.conversations) {
    const segs = streamSegments(view, conv)
    x.reset()
    for (let i = 0; i < segs.count; i++) {
      out[conv.rows[i]!] = explainText(
        x.explain(segs.dir[i]!, segs.flags[i]!, segs.seq[i]!, segs.ack[i]!, segs.len[i]!),
        lang,
      )
    }
  }
  return out
}
