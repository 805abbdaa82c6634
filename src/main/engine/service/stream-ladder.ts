import type {
  LadderColumnName,
  StreamLadderPhase,
  StreamLadderResponse,
  StreamLadderSummary,
} from '../../../shared/ipc/contract'
import { LADDER_COLUMNS, MAX_LADDER_PAGE } from '../../../shared/ipc/contract'
import type { FrameReader } from '../../../shared/filter/filter'
import { decodeFrame } from '../../../shared/decode/decode-frame'
import { DecodedFrame, TcpFlag } from '../../../shared/model/decoded-frame'
import { CHUNK_ROWS } from '../../../shared/model/index-columns'
import { SeqExplainer, type Message } from '../../../shared/explain'
import { TcpState, stateOf } from '../../../shared/explain/tcp-states'
import { StateReason } from '../../../shared/explain/state-reasons'
import type { PacketIndex } from '../index'
import type { TcpAnalysis, TcpConversation } from '../tcp'
import { runStateMachine, streamSegments, type StreamStates } from '../tcp/state'
import type { TcpSegments } from '../tcp/state'
import { RequestError, bool, int, obj } from './validate'

/**
 * `stream.ladder`: everything the follow-stream state view draws for a window of one TCP stream's
 * packets, as typed columns (one ArrayBuffer per column) so that a 100k-packet stream costs a few
 * buffers, not 100k objects. The per-stream part (states, relative numbers, acked segments, phases) is
 * computed once and cached; TCP timestamps need the frame bytes and are read for the window only.
 */

/** What the service hands over for one request (the open file's index, analysis and byte reader). */
export interface LadderSource {
  index: PacketIndex
  tcp: TcpAnalysis
  read: FrameReader
}

/** How far before the window the TSval of an echoed TSecr is looked for (frames of the stream). */
const TS_LOOKBACK = 512

/** The per-stream model: full-length columns, computed once. */
interface LadderModel {
  conv: TcpConversation
  segs: TcpSegments
  states: StreamStates
  cols: {
    frame: Uint32Array
    time: Float64Array
    dir: Uint8Array
    flags: Uint16Array
    seq: Uint32Array
    ack: Uint32Array
    seqRaw: Uint32Array
    ackRaw: Uint32Array
    len: Uint32Array
    window: Uint32Array
    analysis: Uint32Array
    ackedFrame: Uint32Array
    client: Uint8Array
    server: Uint8Array
    clientReason: Uint8Array
    serverReason: Uint8Array
    phase: Uint8Array
  }
  phases: StreamLadderPhase[]
  summary: StreamLadderSummary
  /** Explainer state before packet k * EXPLAIN_STEP (filled as windows are explained). */
  explainSnapshots: ExplainerState[]
}

const cache = new WeakMap<TcpAnalysis, Map<number, LadderModel>>()
const MAX_CACHED_STREAMS = 4

export const LadderPhase = { HANDSHAKE: 0, DATA: 1, TEARDOWN: 2 } as const

/** a after b in sequence space (mod 2^32). */
function after(a: number, b: number): boolean {
  return ((a - b) | 0) > 0
}

function modelOf(index: PacketIndex, tcp: TcpAnalysis, stream: number): LadderModel {
  let m = cache.get(tcp)
  if (!m) cache.set(tcp, (m = new Map()))
  const hit = m.get(stream)
  if (hit) {
    // Most recently used last, so the oldest is evicted first.
    m.delete(stream)
    m.set(stream, hit)
    return hit
  }
  const model = buildModel(index, tcp, tcp.conversations[stream]!)
  m.set(stream, model)
  if (m.size > MAX_CACHED_STREAMS) m.delete(m.keys().next().value!)
  return model
}

/** Exposed for tests and the CLI: the whole stream's model without the service. */
export function buildModel(index: PacketIndex, tcp: TcpAnalysis, conv: TcpConversation): LadderModel {
  const segs = streamSegments(index, conv)
  const states = runStateMachine(segs)
  const n = segs.count
  const cols: LadderModel['cols'] = {
    frame: segs.frame,
    time: new Float64Array(n),
    dir: segs.dir,
    flags: segs.flags,
    seq: new Uint32Array(n),
    ack: new Uint32Array(n),
    seqRaw: segs.seq,
    ackRaw: segs.ack,
    len: segs.len,
    window: new Uint32Array(n),
    analysis: new Uint32Array(n),
    ackedFrame: new Uint32Array(n),
    client: states.client,
    server: states.server,
    clientReason: states.clientReason,
    serverReason: states.serverReason,
    phase: new Uint8Array(n),
  }
  // Time since the stream's first packet, from the integer columns (epoch floats lose the nanoseconds).
  let sec0 = 0
  let nsec0 = 0
  // Per direction: a stack of segment ends that only grows in sequence space (offset from the first end
  // seen), with the frame that first reached each end, to find the segment an ACK covers by bisection.
  const stackKey = [new Uint32Array(n), new Uint32Array(n)]
  const stackFrame = [new Uint32Array(n), new Uint32Array(n)]
  const stackLen = [0, 0]
  const base = [0, 0]
  const hasBase = [false, false]
  /** Highest ack (as a stack key) the peer has sent for each direction's data, -1 none. */
  const ackedKey = [-1, -1]
  for (let i = 0; i < n; i++) {
    const row = conv.rows[i]!
    const c = index.chunks[Math.floor(row / CHUNK_ROWS)]!
    const j = row - c.firstRow
    if (i === 0) {
      sec0 = c.tsSec[j]!
      nsec0 = c.tsNsec[j]!
    }
    cols.time[i] = c.tsSec[j]! - sec0 + (c.tsNsec[j]! - nsec0) / 1e9
    cols.seq[i] = tcp.relSeq[row]!
    cols.ack[i] = tcp.relAck[row]!
    cols.window[i] = tcp.windowSize[row]!
    cols.analysis[i] = tcp.analysisFlags[row]!
    const d = segs.dir[i]!
    const o = d ^ 1
    const f = segs.flags[i]!
    // The acknowledged segment: the peer's segment with the highest end not after this ack.
    if (f & TcpFlag.ACK && hasBase[o] && stackLen[o]! > 0) {
      const key = (segs.ack[i]! - base[o]!) >>> 0
      if (((segs.ack[i]! - base[o]!) | 0) >= 0) {
        const keys = stackKey[o]!
        let lo = 0
        let hi = stackLen[o]!
        while (lo < hi) {
          const mid = (lo + hi) >>> 1
          if (keys[mid]! <= key) lo = mid + 1
          else hi = mid
        }
        if (lo > 0) cols.ackedFrame[i] = stackFrame[o]![lo - 1]!
        if (key > ackedKey[o]! || ackedKey[o]! < 0) ackedKey[o] = key
      }
    }
    const span = segs.len[i]! + (f & TcpFlag.SYN ? 1 : 0) + (f & TcpFlag.FIN ? 1 : 0)
    if (span > 0 && !(f & TcpFlag.RST)) {
      if (!hasBase[d]) {
        base[d] = segs.seq[i]!
        hasBase[d] = true
      }
      const end = (segs.seq[i]! + span - base[d]!) >>> 0
      const keys = stackKey[d]!
      const top = stackLen[d]!
      if (top === 0 || end > keys[top - 1]!) {
        keys[top] = end
        stackFrame[d]![top] = segs.frame[i]!
        stackLen[d] = top + 1
      } else if (end === keys[top - 1]! && ackedKey[d]! >= 0 && ackedKey[d]! >= end) {
        // A copy of a segment that was already acknowledged answers the next ACK; a copy of one still
        // unacknowledged does not (tcp.analysis.acks_frame keeps the first transmission then).
        stackFrame[d]![top - 1] = segs.frame[i]!
      }
    }
  }
  const { phases, handshakeEnd, teardownStart } = findPhases(segs, states)
  for (let i = 0; i < n; i++)
    cols.phase[i] =
      i <= handshakeEnd ? LadderPhase.HANDSHAKE : i >= teardownStart ? LadderPhase.TEARDOWN : LadderPhase.DATA
  const summary = summarize(index, tcp, conv, segs, states, cols.time, teardownStart)
  return { conv, segs, states, cols, phases, summary, explainSnapshots: [] }
}

/**
 * Handshake: from the first packet to the one after which both sides are ESTABLISHED (only when a SYN
 * was captured). Teardown: from the first FIN or RST to the end. Data: what lies between.
 */
function findPhases(
  segs: TcpSegments,
  st: StreamStates,
): { phases: StreamLadderPhase[]; handshakeEnd: number; teardownStart: number } {
  const n = segs.count
  let handshakeEnd = -1
  let sawSyn = false
  for (let i = 0; i < n; i++) {
    if (segs.flags[i]! & TcpFlag.SYN) sawSyn = true
    if (!sawSyn) break
    if (stateOf(st.client[i]!) === TcpState.ESTABLISHED && stateOf(st.server[i]!) === TcpState.ESTABLISHED) {
      handshakeEnd = i
      break
    }
    if (segs.flags[i]! & (TcpFlag.RST | TcpFlag.FIN)) {
      // Refused / aborted during the handshake: the handshake phase ends at the packet before.
      handshakeEnd = i - 1
      break
    }
  }
  let teardownStart = n
  for (let i = Math.max(0, handshakeEnd + 1); i < n; i++) {
    if (segs.flags[i]! & (TcpFlag.FIN | TcpFlag.RST)) {
      teardownStart = i
      break
    }
  }
  const phases: StreamLadderPhase[] = []
  if (handshakeEnd >= 0) phases.push({ phase: 'handshake', first: 0, last: handshakeEnd })
  if (teardownStart > handshakeEnd + 1)
    phases.push({ phase: 'data', first: handshakeEnd + 1, last: teardownStart - 1 })
  if (teardownStart < n) phases.push({ phase: 'teardown', first: teardownStart, last: n - 1 })
  return { phases, handshakeEnd, teardownStart }
}

function summarize(
  index: PacketIndex,
  tcp: TcpAnalysis,
  conv: TcpConversation,
  segs: TcpSegments,
  st: StreamStates,
  time: Float64Array,
  teardownStart: number,
): StreamLadderSummary {
  const a = index.addresses
  let closedBy: StreamLadderSummary['closedBy'] = null
  let closeKind: StreamLadderSummary['closeKind'] = null
  if (teardownStart < segs.count) {
    closedBy = segs.dir[teardownStart] === 0 ? 'client' : 'server'
    closeKind = segs.flags[teardownStart]! & TcpFlag.RST ? 'rst' : 'fin'
  }
  const simultaneousClose = st.transitions.some(
    (t) => t.reason === StateReason.SIM_CLOSE_SEND || t.reason === StateReason.SIM_CLOSE_RCV,
  )
  const side = (o: TcpConversation['client']): StreamLadderSummary['clientOptions'] => ({
    mss: o.mss,
    wscale: o.wscale,
    sackPermitted: o.sackPermitted,
    timestamps: o.timestamps,
  })
  const packets = segs.count
  return {
    stream: conv.stream,
    client: { address: a.format(conv.clientAddr), port: conv.clientPort },
    server: { address: a.format(conv.serverAddr), port: conv.serverPort },
    clientAssumed: conv.clientAssumed,
    startedBeforeCapture: conv.startedBeforeCapture,
    packets,
    packetsClientToServer: conv.packetsClientToServer,
    packetsServerToClient: conv.packetsServerToClient,
    payloadClientToServer: conv.payloadClientToServer,
    payloadServerToClient: conv.payloadServerToClient,
    firstFrame: packets > 0 ? segs.frame[0]! : 0,
    lastFrame: packets > 0 ? segs.frame[packets - 1]! : 0,
    duration: packets > 0 ? time[packets - 1]! : 0,
    clientIsn: conv.clientIsn,
    serverIsn: conv.serverIsn,
    clientOptions: side(conv.client),
    serverOptions: side(conv.server),
    initialRtt: Number.isFinite(tcp.initialRtt[conv.stream]!) ? tcp.initialRtt[conv.stream]! : null,
    initialClient: st.initialClient,
    initialServer: st.initialServer,
    endReason: conv.endReason,
    closedBy,
    closeKind,
    simultaneousClose,
  }
}

/** Copy [start, end) of a column into its own ArrayBuffer (transferable). */
function slice(
  col: ArrayLike<number> & { slice(a: number, b: number): { buffer: ArrayBufferLike } },
  s: number,
  e: number,
): ArrayBuffer {
  return col.slice(s, e).buffer as ArrayBuffer
}

/**
 * Answer one `stream.ladder` request. `source` resolves the fileId (throws the service's errors for a
 * closed file or one still loading).
 */
export async function streamLadder(
  request: unknown,
  source: (fileId: unknown) => LadderSource,
): Promise<StreamLadderResponse> {
  const r = obj(request)
  const { index, tcp, read } = source(r.fileId)
  const stream = int(r.stream, 'stream', 0)
  if (stream >= tcp.conversations.length)
    throw new RequestError(
      `tcp.stream ${stream} does not exist (${tcp.conversations.length} streams)`,
      'out-of-range',
    )
  const start = r.start === undefined ? 0 : int(r.start, 'start', 0)
  const count = r.count === undefined ? 1000 : int(r.count, 'count', 0, MAX_LADDER_PAGE)
  const overview = bool(r.overview, 'overview', false)
  const withTimes = bool(r.times, 'times', false)
  const t0 = performance.now()
  const m = modelOf(index, tcp, stream)
  const total = m.segs.count
  const s = Math.min(start, total)
  const e = Math.min(total, s + count)

  const columns = {} as Record<LadderColumnName, ArrayBuffer>
  for (const name of LADDER_COLUMNS) {
    if (name === 'tsVal' || name === 'tsEcr' || name === 'tsEchoFrame') continue
    columns[name] = slice(m.cols[name], s, e)
  }
  const ts = await timestamps(m, index, read, s, e)
  columns.tsVal = ts.tsVal.buffer as ArrayBuffer
  columns.tsEcr = ts.tsEcr.buffer as ArrayBuffer
  columns.tsEchoFrame = ts.echo.buffer as ArrayBuffer
  const explain = explainWindow(m, s, e)

  return {
    stream,
    total,
    start: s,
    count: e - s,
    columns,
    explain,
    phases: m.phases,
    summary: m.summary,
    ...(overview
      ? {
          overview: {
            frame: m.cols.frame.slice().buffer as ArrayBuffer,
            ...(withTimes ? { time: m.cols.time.slice().buffer as ArrayBuffer } : {}),
          },
        }
      : {}),
    elapsedMs: Math.round((performance.now() - t0) * 10) / 10,
  }
}

/** Explainer snapshots every EXPLAIN_STEP packets, so a window deep in a long stream starts close by. */
const EXPLAIN_STEP = 4096

type ExplainerState = Array<[string, unknown]>

/** The explainer keeps its state in typed arrays and numbers: a snapshot copies them. */
function snapshot(x: SeqExplainer): ExplainerState {
  return Object.entries(x).map(([k, v]) => [k, ArrayBuffer.isView(v) ? (v as Uint32Array).slice() : v])
}

function restore(state: ExplainerState): SeqExplainer {
  const x = new SeqExplainer()
  for (const [k, v] of state) {
    const cur = (x as unknown as Record<string, unknown>)[k]
    if (ArrayBuffer.isView(cur)) (cur as Uint32Array).set(v as Uint32Array)
    else (x as unknown as Record<string, unknown>)[k] = v
  }
  return x
}

/** The explainer is sequential: resume from the last snapshot before s, keep the messages of [s, e). */
function explainWindow(m: LadderModel, s: number, e: number): Message[][] {
  const segs = m.segs
  const snaps = m.explainSnapshots
  const k = Math.min(Math.floor(s / EXPLAIN_STEP), snaps.length - 1)
  const x = k >= 0 ? restore(snaps[k]!) : new SeqExplainer()
  const out: Message[][] = []
  for (let i = k >= 0 ? k * EXPLAIN_STEP : 0; i < e; i++) {
    if (i % EXPLAIN_STEP === 0 && i / EXPLAIN_STEP === snaps.length) snaps.push(snapshot(x))
    const msg = x.explain(segs.dir[i]!, segs.flags[i]!, segs.seq[i]!, segs.ack[i]!, segs.len[i]!)
    if (i >= s) out.push(msg)
  }
  return out
}

/**
 * TSval / TSecr of the window's packets (-1 = no timestamp option) and, for a TSecr, the frame of the
 * peer's first packet that carried that TSval (looked for up to TS_LOOKBACK packets before the window).
 */
async function timestamps(
  m: LadderModel,
  index: PacketIndex,
  read: FrameReader,
  s: number,
  e: number,
): Promise<{ tsVal: Float64Array; tsEcr: Float64Array; echo: Uint32Array }> {
  const n = e - s
  const tsVal = new Float64Array(n).fill(-1)
  const tsEcr = new Float64Array(n).fill(-1)
  const echo = new Uint32Array(n)
  if (n === 0) return { tsVal, tsEcr, echo }
  const from = Math.max(0, s - TS_LOOKBACK)
  const rows = m.conv.rows.slice(from, e)
  let bytes: Uint8Array[]
  try {
    bytes = await read(rows)
  } catch {
    return { tsVal, tsEcr, echo } // the file went away: the ladder still draws, without timestamps
  }
  const dec = new DecodedFrame()
  // First frame per direction that carried each TSval.
  const firstWith: [Map<number, number>, Map<number, number>] = [new Map(), new Map()]
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!
    const c = index.chunks[Math.floor(row / CHUNK_ROWS)]!
    const j = row - c.firstRow
    const iface = index.info.interfaces[c.interfaceId[j]!]
    const data = bytes[k]
    if (!data) continue
    decodeFrame(iface?.linkType ?? 1, data, c.origLen[j]!, dec, false)
    const i = from + k
    const d = m.segs.dir[i]!
    const val = dec.tcpTsVal
    const ecr = dec.tcpTsEcr
    if (val >= 0 && !firstWith[d].has(val)) firstWith[d].set(val, m.segs.frame[i]!)
    if (i < s) continue
    tsVal[i - s] = val
    tsEcr[i - s] = ecr
    // TSecr 0 on a SYN means "nothing to echo".
    if (ecr > 0 || (ecr === 0 && !(m.segs.flags[i]! & TcpFlag.SYN) && m.segs.flags[i]! & TcpFlag.ACK)) {
      const f = firstWith[d ^ 1].get(ecr)
      if (f !== undefined) echo[i - s] = f
    }
  }
  return { tsVal, tsEcr, echo }
}

export { after as seqAfter }
