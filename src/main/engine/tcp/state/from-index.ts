import { CHUNK_ROWS } from '../../../../shared/model/index-columns'
import { STATE_NONE } from '../../../../shared/explain/tcp-states'
import { explainText, SeqExplainer } from '../../../../shared/explain/seq-explainer'
import type { Lang } from '../../../../shared/explain/format'
import type { TcpAnalysis, TcpConversation, TcpIndexView } from '../types'
import { runStateMachine, type StreamStates } from './machine'
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
  /** Per stream (tcp.stream order), indexed by position in that stream's rows. */
  streams: StreamStates[]
}

export function computeCaptureStates(view: TcpIndexView, analysis: TcpAnalysis): CaptureStates {
  const n = view.count
  const out: CaptureStates = {
    client: new Uint8Array(n).fill(STATE_NONE),
    server: new Uint8Array(n).fill(STATE_NONE),
    clientReason: new Uint8Array(n),
    serverReason: new Uint8Array(n),
    streams: [],
  }
  for (const conv of analysis.conversations) {
    const st = streamStates(view, conv)
    out.streams[conv.stream] = st
    const rows = conv.rows
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!
      out.client[r] = st.client[i]!
      out.server[r] = st.server[i]!
      out.clientReason[r] = st.clientReason[i]!
      out.serverReason[r] = st.serverReason[i]!
    }
  }
  return out
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
      out[conv.rows[i]!] = explainText(x.explain(segs.dir[i]!, segs.flags[i]!, segs.seq[i]!, segs.ack[i]!, segs.len[i]!), lang)
    }
  }
  return out
}
