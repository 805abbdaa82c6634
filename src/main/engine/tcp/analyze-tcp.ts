import { Proto, TcpFlag } from '../../../shared/model/decoded-frame'
import { IssueBit } from '../../../shared/model/issues'
import { buildConversations, ConvTally, tallyFlags, tallyRow } from './conversations'
import { FusedStates } from './state/fused-states'
import { FlowTable } from './flow-table'
import { formatRelTime } from './rel-time'
import { ConvState, FlowState, MAX_SACK, SegmentPool, StaticFlag } from './flow-state'
import type { IndexChunk } from '../../../shared/model/index-columns'
import type { TcpAnalysis, TcpIndexView } from './types'
import { TcpAnalysisFlag as A, TcpPresent } from './types'

/**
 * One pass over the index reproducing tshark 4.0's TCP dissector bookkeeping: conversation lookup and
 * tcp.stream numbering (a SYN with a new ISN on a known 4-tuple starts a new stream), relative
 * sequence numbers, window scaling, and tcp_analyze_sequence_number() (the order of its checks
 * matters and is kept). Written from the documented/observed behaviour; see the tests in
 * test/tcp-analysis for the comparison with tshark.
 */

/** tshark stops remembering unacked segments of a flow beyond this many. */
const MAX_UNACKED_SEGMENTS = 10000
/** Fast retransmission: within 20 ms of the last duplicate ACK. */
const FAST_RETRANS_NS = 20_000_000
/** Out-of-order threshold when no initial RTT is known: 3 ms. */
const DEFAULT_OOO_NS = 3_000_000

const SYN = TcpFlag.SYN
const ACK = TcpFlag.ACK
const FIN = TcpFlag.FIN
const RST = TcpFlag.RST

/** Sequence-space comparisons (tshark's GT_SEQ / LT_SEQ / LE_SEQ on 32-bit wrap-around). */
function gtSeq(x: number, y: number): boolean {
  return ((y - x) | 0) < 0
}
function ltSeq(x: number, y: number): boolean {
  return ((x - y) | 0) < 0
}
function leSeq(x: number, y: number): boolean {
  return ((x - y) | 0) <= 0
}

/**
 * Whether tshark's TCP option dissection throws for this row: the capture ends inside the header.
 * (Some malformed options throw too, but the index does not say which layer an issue is in.)
 */
export function optionsThrew(payloadOffset: number, capLen: number): boolean {
  return payloadOffset !== 0xffff && payloadOffset > capLen
}

/** Nanoseconds from (s0, n0) to (s1, n1); may be negative. */
function deltaNs(s1: number, n1: number, s0: number, n0: number): number {
  return (s1 - s0) * 1e9 + (n1 - n0)
}

/** tshark's dupacknum / dup-ack frame of the last seqChecks call (module scratch: nothing allocated). */
let chkDupNum = 0
let chkDupFrame = 0
/** seqChecks' result bit: the row gets a SEQ/ACK analysis subtree (above every TcpAnalysisFlag bit). */
const HAS_TA = 1 << 30

/**
 * The first part of tcp_analyze_sequence_number for one segment of flow fw (reverse flow rv) of
 * conversation c: base sequence numbers, then the checks in tshark's order (zero window probe … duplicate
 * ACK, ACKed lost segment, retransmission types). Returns `taFlags` plus the flags found, with HAS_TA
 * when the row shows an analysis; chkDupNum / chkDupFrame hold the duplicate-ACK values.
 *
 * A function of its own (not inlined: too big) so that V8 compiles it apart from analyzeTcp's loop: its
 * rarely taken branches (keep-alive, zero window probe …) deoptimise only this function when first hit,
 * instead of the whole loop, whose recompilation took hundreds of milliseconds each time.
 */
function seqChecks(
  fs: FlowState,
  cs: ConvState,
  c: number,
  fw: number,
  rv: number,
  ch: IndexChunk,
  i: number,
  taIn: number,
): number {
  // Read here rather than passed in: a 32-bit seq/ack above 2^31 (or a float) passed to a call that is
  // not inlined is boxed into a new heap number on every call.
  const frame = ch.firstRow + i + 1
  const seq = ch.tcpSeq[i]!
  const ack = ch.tcpAck[i]!
  const win = ch.tcpWindow[i]!
  const seglen = ch.payloadLen[i]!
  const flags = ch.tcpFlags[i]!
  const sec = ch.tsSec[i]!
  const nsec = ch.tsNsec[i]!
  let taFlags = taIn
  let hasTa = false
  const sf = fs.staticFlags
  if (!(sf[fw]! & StaticFlag.BASE_SEQ_SET)) {
    if (flags & SYN) {
      fs.baseSeq[fw] = seq
      sf[fw] = sf[fw]! | (flags & ACK ? StaticFlag.SAW_SYNACK : StaticFlag.SAW_SYN)
    } else {
      fs.baseSeq[fw] = (seq - 1) >>> 0
    }
    sf[fw] = sf[fw]! | StaticFlag.BASE_SEQ_SET
  }
  if (!(sf[rv]! & StaticFlag.BASE_SEQ_SET) && flags & ACK) {
    fs.baseSeq[rv] = (ack - 1) >>> 0
    sf[rv] = sf[rv]! | StaticFlag.BASE_SEQ_SET
  }
  if (flags & ACK) fs.validBif[rv] = 1

  const fwNext = fs.nextSeq[fw]!
  const fwLastAck = fs.lastAck[fw]!
  const fwWindow = fs.window[fw]!
  const noSFR = (flags & (SYN | FIN | RST)) === 0
  let dupNum = 0
  let dupFrame = 0

  check: {
    // ZERO WINDOW PROBE: exactly one byte at the next expected seq while the peer's window is 0.
    if (seglen === 1 && seq === fwNext && fs.window[rv] === 0) {
      taFlags |= A.ZERO_WINDOW_PROBE
      hasTa = true
      break check
    }
    // ZERO WINDOW
    if (win === 0 && (flags & (RST | FIN | SYN)) === 0) {
      taFlags |= A.ZERO_WINDOW
      hasTa = true
    }
    // LOST SEGMENT: beyond the highest nextseq seen.
    if (fwNext !== 0 && gtSeq(seq, fwNext) && (flags & RST) === 0) {
      taFlags |= A.LOST_SEGMENT
      hasTa = true
      fs.validBif[fw] = 0
    }
    // KEEP ALIVE: 0 or 1 byte starting one before nextseq.
    if ((seglen === 0 || seglen === 1) && seq === (fwNext - 1) >>> 0 && noSFR) {
      taFlags |= A.KEEP_ALIVE
      hasTa = true
    }
    // WINDOW UPDATE
    if (seglen === 0 && win !== 0 && win !== fwWindow && seq === fwNext && ack === fwLastAck && noSFR) {
      taFlags |= A.WINDOW_UPDATE
      hasTa = true
    }
    // WINDOW FULL: data up to the right edge of the peer's advertised window.
    const rvScale = fs.winScale[rv]!
    if (seglen > 0 && rvScale !== -1 && noSFR) {
      const shift = fs.isFirstAck[rv] ? 0 : rvScale === -2 ? 0 : rvScale
      const edge = (fs.lastAck[rv]! + ((fs.window[rv]! << shift) >>> 0)) >>> 0
      if ((seq + seglen) >>> 0 === edge) {
        taFlags |= A.WINDOW_FULL
        hasTa = true
      }
    }
    // KEEP ALIVE ACK
    if (
      seglen === 0 &&
      win !== 0 &&
      win === fwWindow &&
      seq === fwNext &&
      ack === fwLastAck &&
      fs.lastSegmentFlags[rv]! & A.KEEP_ALIVE &&
      noSFR
    ) {
      taFlags |= A.KEEP_ALIVE_ACK
      hasTa = true
      break check
    }
    // ZERO WINDOW PROBE ACK
    if (
      seglen === 0 &&
      win === 0 &&
      win === fwWindow &&
      seq === fwNext &&
      ack === fwLastAck &&
      fs.lastSegmentFlags[rv]! & A.ZERO_WINDOW_PROBE &&
      noSFR
    ) {
      taFlags |= A.ZERO_WINDOW_PROBE_ACK
      hasTa = true
      break check
    }
    // DUPLICATE ACK
    if (seglen === 0 && win !== 0 && win === fwWindow && seq === fwNext && ack === fwLastAck && noSFR) {
      const d = fs.dupAckNum[fw]!
      fs.dupAckNum[fw] = d === -1 ? 1 : d + 1
      taFlags |= A.DUPLICATE_ACK
      hasTa = true
      dupNum = fs.dupAckNum[fw]!
      dupFrame = fs.lastNonDupAck[fw]!
    }
  }
  // finished_fwd:
  if (ack !== fs.lastAck[fw]) {
    fs.lastNonDupAck[fw] = frame
    fs.dupAckNum[fw] = 0
  }
  // ACKED LOST SEGMENT: acks beyond what the other side was seen to send. The bar is raised to the
  // other side's nextseq so one gap is reported once; when it cannot move, repeats of the same
  // ACK are muted until the other side's own ACK changes (its dupacknum is set to -1).
  const rvMax = fs.maxSeqToBeAcked[rv]!
  if (rvMax !== 0 && gtSeq(ack, rvMax) && flags & ACK) {
    hasTa = true
    if (rvMax < fs.nextSeq[rv]!) {
      fs.maxSeqToBeAcked[rv] = fs.nextSeq[rv]!
      taFlags |= A.ACK_LOST_SEGMENT
    } else {
      if (fs.dupAckNum[rv] === 0) taFlags |= A.ACK_LOST_SEGMENT
      fs.dupAckNum[rv] = -1
    }
  }

  // RETRANSMISSION / FAST RETRANSMISSION / SPURIOUS / OUT-OF-ORDER
  const synFin = flags & (SYN | FIN) ? 1 : 0
  if (seglen > 0 || synFin) {
    retrans: {
      let seqNotAdvanced = fwNext !== 0 && ltSeq(seq, fwNext)
      if (taFlags & A.KEEP_ALIVE) break retrans
      if (seglen > 1 && (fwNext - 1) >>> 0 === seq) seqNotAdvanced = false
      const rvLastAck = fs.lastAck[rv]!
      if (seglen > 0 && rvLastAck !== 0 && leSeq((seq + seglen) >>> 0, rvLastAck)) {
        taFlags |= A.SPURIOUS_RETRANSMISSION
        hasTa = true
        break retrans
      }
      let t = deltaNs(sec, nsec, fs.lastAckSec[rv]!, fs.lastAckNsec[rv]!)
      if (
        seqNotAdvanced &&
        // tshark's dupacknum is unsigned: the -1 that mutes ACKed-unseen reports counts as ≥ 2 here.
        fs.dupAckNum[rv]! >>> 0 >= 2 &&
        rvLastAck === seq &&
        t >= 0 &&
        t < FAST_RETRANS_NS
      ) {
        taFlags |= A.FAST_RETRANSMISSION
        hasTa = true
        break retrans
      }
      t = deltaNs(sec, nsec, fs.nextSeqSec[fw]!, fs.nextSeqNsec[fw]!)
      const rs = cs.firstRttSec[c]!
      const rn = cs.firstRttNsec[c]!
      const thres = rs === 0 && rn === 0 ? DEFAULT_OOO_NS : rs * 1e9 + rn
      if (seqNotAdvanced && t >= 0 && t < thres && fwNext !== (seq + seglen + synFin) >>> 0) {
        taFlags |= A.OUT_OF_ORDER
        hasTa = true
        break retrans
      }
      if (seqNotAdvanced) {
        taFlags |= A.RETRANSMISSION
        hasTa = true
      }
    }
  }
  chkDupNum = dupNum
  chkDupFrame = dupFrame
  return hasTa ? taFlags | HAS_TA : taFlags
}

/**
 * Remove from flow rv's unacked list the segments that `ack` acknowledges (tshark's
 * tcp_analyze_sequence_number tail), trimming partly acknowledged ones; the row gets acks_frame /
 * ack_rtt from an exactly acknowledged one. Leaves the walk shortcuts (ackSafe, bytes-in-flight ends)
 * up to date. Returns whether the row shows an analysis because of it. Own function for the same
 * reason as seqChecks.
 */
function ackWalk(
  fs: FlowState,
  pool: SegmentPool,
  rv: number,
  ch: IndexChunk,
  i: number,
  acksFrame: Uint32Array,
  ackRtt: Float64Array,
): boolean {
  const ack = ch.tcpAck[i]!
  const sec = ch.tsSec[i]!
  const nsec = ch.tsNsec[i]!
  const row = ch.firstRow + i
  let hasTa = false
  let u = fs.segHead[rv]!
  let prev = -1
  // The kept segments' bytes-in-flight ends, relative to the list owner's base.
  const rb = fs.baseSeq[rv]!
  let kFirst = 0xffffffff
  let kLast = 0
  while (u >= 0) {
    const un = pool.nextSeq[u]!
    if (ack === un) {
      hasTa = true
      acksFrame[row] = pool.frame[u]!
      const d = deltaNs(sec, nsec, pool.sec[u]!, pool.nsec[u]!)
      ackRtt[row] = d === 0 ? NaN : d / 1e9
    } else if (gtSeq(ack, pool.seq[u]!) && leSeq(ack, un)) {
      pool.seq[u] = ack
      continue
    } else if (gtSeq(un, ack)) {
      const f0 = (pool.seq[u]! - rb) >>> 0
      const l0 = (un - rb) >>> 0
      if (f0 < kFirst) kFirst = f0
      if (l0 > kLast) kLast = l0
      prev = u
      u = pool.link[u]!
      continue
    }
    const next = pool.link[u]!
    if (prev < 0) fs.segHead[rv] = next
    else pool.link[prev] = next
    pool.release(u)
    u = next
    fs.segCount[rv] = fs.segCount[rv]! - 1
  }
  fs.ackSafe[rv] = 1
  fs.ackSafeVal[rv] = ack
  fs.bifValid[rv] = prev >= 0 ? 1 : 0
  fs.bifBase[rv] = rb
  fs.bifFirst[rv] = kFirst
  fs.bifLast[rv] = kLast
  return hasTa
}

/**
 * Cursors over the index's side tables during one analyzeTcp pass (reset by it): the next row with SACK
 * blocks, and the next row without SYN that carries a window-scale option (-1: none left). A table that
 * cannot list its rows in order (a Map, in tests) is looked up on every row instead (sackEvery, wsEvery).
 */
let sackK = 0
let sackRow = -1
let sackEvery = false
let wsK = 0
let wsRow = -1
let wsEvery = false

/**
 * What dissect_tcp does for a SYN after the sequence analysis: the SYN timestamp of the initial RTT, the
 * window scale from its options, and the check that both SYN and SYN/ACK offered window scaling
 * (verify_tcp_window_scaling). Rare, so a function of its own like seqChecks.
 */
function synHandshake(
  fs: FlowState,
  cs: ConvState,
  c: number,
  fw: number,
  rv: number,
  ch: IndexChunk,
  i: number,
  synOptions: TcpIndexView['synOptions'],
): void {
  const flags = ch.tcpFlags[i]!
  if (!(flags & ACK)) {
    cs.mruSynSec[c] = ch.tsSec[i]!
    cs.mruSynNsec[c] = ch.tsNsec[i]!
  }
  fs.isFirstAck[fw] = 1
  const o = synOptions.get(ch.firstRow + i)
  if (o && o.wscale >= 0) fs.winScale[fw] = o.wscale > 14 ? 14 : o.wscale
  // Scaling is used only when both SYN and SYN/ACK carried the option.
  if (fs.winScale[fw] === -1) {
    fs.winScale[fw] = -2
    fs.winScale[rv] = -2
  } else if (flags & ACK && fs.winScale[rv] === -2) {
    fs.winScale[fw] = -2
  }
}

/** The first ACK after a SYN of conversation c: tshark's ts_first_rtt (the initial RTT). */
function firstRtt(cs: ConvState, c: number, ch: IndexChunk, i: number): void {
  let ds = ch.tsSec[i]! - cs.mruSynSec[c]!
  let dn = ch.tsNsec[i]! - cs.mruSynNsec[c]!
  if (dn < 0 && ds > 0) {
    ds -= 1
    dn += 1e9
  } else if (dn > 0 && ds < 0) {
    ds += 1
    dn -= 1e9
  }
  cs.firstRttSec[c] = ds
  cs.firstRttNsec[c] = dn
  if (ds !== 0 || dn !== 0) cs.firstRttRow[c] = ch.firstRow + i
}

/**
 * A window-scale option on a segment without SYN (nmap's probes): tshark takes it for the sender's later
 * windows (the segment's own window is already computed). Called when the cursor reached `row`.
 */
function nonSynWindowScaleAt(
  fs: FlowState,
  fw: number,
  row: number,
  table: TcpIndexView['nonSynWindowScale'],
): void {
  if (table === undefined) return
  let ws = -1
  if (table.rowAt !== undefined) {
    while (wsRow >= 0 && wsRow < row) wsRow = table.rowAt(++wsK)
    if (wsRow === row) ws = table.get(row)?.wscale ?? -1
  } else ws = table.get(row)?.wscale ?? -1
  if (ws >= 0) fs.winScale[fw] = ws > 14 ? 14 : ws
}

/** SACK blocks of `row` (for bytes in flight), when the cursor reached it. */
function sackAt(fs: FlowState, fw: number, row: number, table: TcpIndexView['sackBlocks']): void {
  if (table === undefined) return
  let sb: Uint32Array | number[] | undefined
  if (table.rowAt !== undefined) {
    while (sackRow >= 0 && sackRow < row) sackRow = table.rowAt(++sackK)
    if (sackRow === row) sb = table.get(row)
  } else sb = table.get(row)
  if (sb && sb.length >= 2) {
    const k = Math.min(MAX_SACK, sb.length >> 1)
    const o = fw * MAX_SACK * 2
    for (let j = 0; j < 2 * k; j++) fs.sackEdges[o + j] = sb[j]!
    fs.numSack[fw] = k
  }
}

export interface AnalyzeTcpOptions {
  /**
   * Walk the unacked-segment lists on every packet instead of using the cached bytes-in-flight ends and
   * skipping ACK walks that cannot change anything. Same results, quadratic time: only for tests that
   * check the shortcuts against the plain walks.
   */
  exhaustiveWalks?: boolean
  /**
   * Also run the endpoint state machine over every row in the same pass (TcpAnalysis.captureStates,
   * what computeCaptureStates returns), instead of a second walk over the rows afterwards.
   */
  states?: boolean
}

export function analyzeTcp(index: TcpIndexView, opts: AnalyzeTcpOptions = {}): TcpAnalysis {
  const shortcuts = opts.exhaustiveWalks !== true
  const count = index.count
  const out: TcpAnalysis = {
    count,
    stream: new Int32Array(count).fill(-1),
    relSeq: new Uint32Array(count),
    relAck: new Uint32Array(count),
    nxtSeq: new Uint32Array(count),
    windowSize: new Uint32Array(count),
    windowScaleFactor: new Int32Array(count),
    present: new Uint8Array(count),
    analysisFlags: new Uint32Array(count),
    duplicateAckNum: new Uint32Array(count),
    duplicateAckFrame: new Uint32Array(count),
    acksFrame: new Uint32Array(count),
    ackRtt: new Float64Array(count).fill(NaN),
    bytesInFlight: new Int32Array(count).fill(-1),
    initialRtt: new Float64Array(0),
    initialRttRow: new Int32Array(0),
    initialRttText: [],
    conversations: [],
  }
  const st = newPassState(index, shortcuts)
  st.states = opts.states === true ? new FusedStates(count) : null
  // Rows carrying SACK blocks / a non-SYN window scale, walked in step with the rows when the table can
  // list them in order.
  const sb = index.sackBlocks
  sackK = 0
  sackEvery = sb !== undefined && sb.size > 0 && sb.rowAt === undefined
  sackRow = sb?.rowAt !== undefined && sb.size > 0 ? sb.rowAt(0) : -1
  const nsw = index.nonSynWindowScale
  wsK = 0
  wsEvery = nsw !== undefined && nsw.size > 0 && nsw.rowAt === undefined
  wsRow = nsw?.rowAt !== undefined && nsw.size > 0 ? nsw.rowAt(0) : -1

  // One call per chunk: the loop over chunks stays out of the compiled per-row loop (moving to the next
  // chunk for the first time no longer deoptimises it), and code after the loop lives in finishAnalysis.
  for (const ch of index.chunks) analyzeChunk(ch, 0, ch.count, out, st)
  return finishAnalysis(index, st, out)
}

/** Fresh analysis state for a pass (or for an incremental analysis that keeps it between calls). */
export function newPassState(index: TcpIndexView, shortcuts: boolean): PassState {
  return {
    table: new FlowTable(),
    fs: new FlowState(),
    cs: new ConvState(),
    tally: new ConvTally(),
    pool: new SegmentPool(),
    synOptions: index.synOptions,
    sackBlocks: index.sackBlocks,
    nonSynWindowScale: index.nonSynWindowScale,
    shortcuts,
    states: null,
  }
}

/** Where the side-table cursors of a pass stand between two incremental calls. */
export interface SideCursors {
  sackK: number
  sackRow: number
  wsK: number
  wsRow: number
}

/**
 * Put the module cursors where an earlier call left them (`saved`), for the side tables of `index` (which
 * may have gained rows since: a cursor that ran past the end, -1, picks up the table's next entry). Also
 * points `st` at the index's current tables.
 */
export function loadCursors(saved: SideCursors, index: TcpIndexView, st: PassState): void {
  st.synOptions = index.synOptions
  st.sackBlocks = index.sackBlocks
  st.nonSynWindowScale = index.nonSynWindowScale
  const sb = index.sackBlocks
  sackK = saved.sackK
  sackRow = saved.sackRow
  sackEvery = sb !== undefined && sb.size > 0 && sb.rowAt === undefined
  if (sackRow < 0 && sb?.rowAt !== undefined && sackK < sb.size) sackRow = sb.rowAt(sackK)
  const nsw = index.nonSynWindowScale
  wsK = saved.wsK
  wsRow = saved.wsRow
  wsEvery = nsw !== undefined && nsw.size > 0 && nsw.rowAt === undefined
  if (wsRow < 0 && nsw?.rowAt !== undefined && wsK < nsw.size) wsRow = nsw.rowAt(wsK)
}

/** Save the module cursors for the next incremental call. */
export function saveCursors(saved: SideCursors): void {
  saved.sackK = sackK
  saved.sackRow = sackRow
  saved.wsK = wsK
  saved.wsRow = wsRow
}

/** The per-row output columns analyzeChunk writes (TcpAnalysis's, or an incremental analysis' buffers). */
export const ROW_OUTPUT_NAMES = [
  'stream',
  'relSeq',
  'relAck',
  'nxtSeq',
  'windowSize',
  'windowScaleFactor',
  'present',
  'analysisFlags',
  'duplicateAckNum',
  'duplicateAckFrame',
  'acksFrame',
  'ackRtt',
  'bytesInFlight',
] as const satisfies ReadonlyArray<keyof TcpAnalysis>
export type RowOutputs = Pick<TcpAnalysis, (typeof ROW_OUTPUT_NAMES)[number]>

/** Analysis state shared by the chunks of one pass. */
export interface PassState {
  table: FlowTable
  fs: FlowState
  cs: ConvState
  tally: ConvTally
  pool: SegmentPool
  synOptions: TcpIndexView['synOptions']
  sackBlocks: TcpIndexView['sackBlocks']
  nonSynWindowScale: TcpIndexView['nonSynWindowScale']
  shortcuts: boolean
  states: FusedStates | null
}

/**
 * Rows [from, to) of one index chunk, in order (analyzeTcp's loop body). Every per-row output of a row is
 * written while that row is analysed and never after, so the outputs of rows already done stay final.
 */
export function analyzeChunk(ch: IndexChunk, from: number, to: number, out: RowOutputs, st: PassState): void {
  const { table, fs, cs, tally, pool, synOptions, sackBlocks, nonSynWindowScale, shortcuts, states } = st
  const {
    stream,
    relSeq,
    relAck,
    nxtSeq,
    windowSize,
    windowScaleFactor,
    present,
    analysisFlags,
    duplicateAckNum,
    duplicateAckFrame,
    acksFrame,
    ackRtt,
    bytesInFlight,
  } = out
  const base = ch.firstRow
  const cProto = ch.proto
  const cIssues = ch.issues
  const cSrc = ch.srcAddr
  const cDst = ch.dstAddr
  const cSport = ch.srcPort
  const cDport = ch.dstPort
  const cSeq = ch.tcpSeq
  const cAck = ch.tcpAck
  const cFlags = ch.tcpFlags
  const cWin = ch.tcpWindow
  const cLen = ch.payloadLen
  const cPoff = ch.payloadOffset
  const cCap = ch.capLen
  const cOrig = ch.origLen
  const cSec = ch.tsSec
  const cNsec = ch.tsNsec

  for (let i = from; i < to; i++) {
    if (cProto[i] !== Proto.TCP) continue
    // A TCP header cut before its window field: tshark throws before the conversation lookup, so the
    // row gets no tcp.stream (the decoder then leaves every field after the ports at 0). The cut is
    // either the capture's (truncated) or the IP length's (malformed: IPv4 total length / IPv6
    // payload length leaves fewer than 20 bytes for TCP; tshark's TCP tvb then ends there too).
    if (
      cPoff[i] === 0xffff &&
      cIssues[i]! & (IssueBit.truncated | IssueBit.malformed) &&
      cSeq[i] === 0 &&
      cAck[i] === 0 &&
      cFlags[i] === 0 &&
      cWin[i] === 0
    )
      continue
    const row = base + i
    const frame = row + 1
    const src = cSrc[i]!
    const dst = cDst[i]!
    const sport = cSport[i]!
    const dport = cDport[i]!
    const seq = cSeq[i]!
    const ack = cAck[i]!
    const flags = cFlags[i]!
    const win = cWin[i]!
    const seglen = cLen[i]!
    // Without a known segment length (data offset past the IP payload, a fragment) tshark skips the
    // analysis; the decoder leaves payloadOffset unset (0xffff) for the former.
    const haveSeglen =
      cPoff[i] !== 0xffff && (cIssues[i]! & (IssueBit.fragment | IssueBit.moreFragments)) === 0

    // --- conversation lookup (tshark: find_conversation_pinfo / conversation_new)
    let c = table.find(src, sport, dst, dport)
    if (c < 0) {
      c = table.create(src, sport, dst, dport)
      fs.ensure(table.count * 2)
      cs.ensure(table.count)
      tally.ensure(table.count)
    }
    let side = table.side(c, src, sport)
    let fw = c * 2 + side
    let rv = c * 2 + (1 - side)

    let taFlags = 0
    let hasTa = false

    const synAck = flags & (SYN | ACK)
    if (synAck === SYN && fs.staticFlags[fw]! & StaticFlag.BASE_SEQ_SET) {
      if (seq !== fs.baseSeq[fw]) {
        // A SYN with a new ISN on a known 4-tuple: the ports were reused, a new stream begins.
        c = table.create(src, sport, dst, dport)
        fs.ensure(table.count * 2)
        cs.ensure(table.count)
        tally.ensure(table.count)
        side = table.side(c, src, sport)
        fw = c * 2 + side
        rv = c * 2 + (1 - side)
        taFlags |= A.REUSED_PORTS
        hasTa = true
      } else {
        // Retransmitted SYN: restore nextseq (a RST may have used the peer's ACK as its SEQ).
        fs.nextSeq[fw] = fs.maxSeqToBeAcked[fw]!
      }
    }
    if (synAck === (SYN | ACK) && fs.staticFlags[fw]! & StaticFlag.BASE_SEQ_SET && seq !== fs.baseSeq[fw]) {
      // SYN/ACK with a different ISN: stays in the latest conversation, whose base moves to it.
      fs.baseSeq[fw] = seq
      taFlags |= A.REUSED_PORTS
      hasTa = true
    }
    stream[row] = c
    fs.numSack[fw] = 0

    let rseq = seq
    let rack = ack
    let wsize = win
    if (haveSeglen) {
      // ------------------------------------------------ tcp_analyze_sequence_number
      const r = seqChecks(fs, cs, c, fw, rv, ch, i, taFlags)
      if (r & HAS_TA) hasTa = true
      taFlags = r & ~HAS_TA
      const synFin = flags & (SYN | FIN) ? 1 : 0
      // finished_checking_retransmission_type:
      let nextseq = (seq + seglen) >>> 0
      if ((seglen !== 0 || synFin) && fs.segCount[fw]! < MAX_UNACKED_SEGMENTS) {
        const u = pool.alloc()
        pool.link[u] = fs.segHead[fw]!
        fs.segHead[fw] = u
        fs.segCount[fw] = fs.segCount[fw]! + 1
        pool.frame[u] = frame
        pool.seq[u] = seq
        pool.sec[u] = cSec[i]!
        pool.nsec[u] = cNsec[i]!
        if (synFin) nextseq = (nextseq + 1) >>> 0
        pool.nextSeq[u] = nextseq
        if (fs.bifValid[fw]) {
          const b = fs.bifBase[fw]!
          const f0 = (seq - b) >>> 0
          const l0 = (nextseq - b) >>> 0
          if (f0 < fs.bifFirst[fw]!) fs.bifFirst[fw] = f0
          if (l0 > fs.bifLast[fw]!) fs.bifLast[fw] = l0
        }
        // Still untouched by the last walk's ACK value? (nextseq > ack and seq ≥ ack, as the walk tests)
        if (fs.ackSafe[fw]) {
          const a = fs.ackSafeVal[fw]!
          if (!(((a - nextseq) | 0) < 0 && ((seq - a) | 0) >= 0)) fs.ackSafe[fw] = 0
        }
      }
      const zwp = (taFlags & A.ZERO_WINDOW_PROBE) !== 0
      if (gtSeq(nextseq, fs.nextSeq[fw]!) || fs.nextSeq[fw] === 0) {
        if (!zwp) {
          fs.nextSeq[fw] = nextseq
          fs.nextSeqFrame[fw] = frame
          fs.nextSeqSec[fw] = cSec[i]!
          fs.nextSeqNsec[fw] = cNsec[i]!
        }
      }
      if (seq === fs.maxSeqToBeAcked[fw] || fs.maxSeqToBeAcked[fw] === 0) {
        if (!zwp) fs.maxSeqToBeAcked[fw] = fs.nextSeq[fw]!
      }
      fs.window[fw] = win
      fs.lastAck[fw] = ack
      fs.lastAckSec[fw] = cSec[i]!
      fs.lastAckNsec[fw] = cNsec[i]!
      fs.lastSegmentFlags[fw] = taFlags

      // Remove the segments this packet acknowledges from the other direction's list (skipped when
      // the last walk had the same ACK value and nothing appended since could be acknowledged by it).
      if (
        fs.segHead[rv]! >= 0 &&
        !(shortcuts && fs.ackSafe[rv] && fs.ackSafeVal[rv] === ack) &&
        ackWalk(fs, pool, rv, ch, i, acksFrame, ackRtt)
      )
        hasTa = true

      // Bytes in flight after this segment (payload-based, tshark's default).
      let u = fs.segHead[fw]!
      if (seglen !== 0 && u >= 0 && fs.validBif[fw]) {
        const b = fs.baseSeq[fw]!
        let first: number
        let last: number
        if (shortcuts && fs.bifValid[fw] && fs.bifBase[fw] === b) {
          first = fs.bifFirst[fw]!
          last = fs.bifLast[fw]!
        } else {
          first = (pool.seq[u]! - b) >>> 0
          last = (pool.nextSeq[u]! - b) >>> 0
          while (u >= 0) {
            const l = (pool.nextSeq[u]! - b) >>> 0
            if (l > last) last = l
            const f = (pool.seq[u]! - b) >>> 0
            if (f < first) first = f
            u = pool.link[u]!
          }
          fs.bifValid[fw] = 1
          fs.bifBase[fw] = b
          fs.bifFirst[fw] = first
          fs.bifLast[fw] = last
        }
        let inFlight = (last - first) >>> 0
        const ns = fs.numSack[rv]!
        if (ns > 0) {
          let delivered = 0
          const o = rv * MAX_SACK * 2
          for (let k = 0; k < ns; k++)
            delivered += (fs.sackEdges[o + 2 * k + 1]! - fs.sackEdges[o + 2 * k]!) >>> 0
          inFlight = (inFlight - delivered) >>> 0
        }
        if (inFlight > 0 && inFlight < 2_000_000_000) {
          const v = synFin ? inFlight - 1 : inFlight
          if (v !== 0) bytesInFlight[row] = v
        }
        hasTa = true
      }

      if (taFlags & A.DUPLICATE_ACK) {
        duplicateAckNum[row] = chkDupNum
        duplicateAckFrame[row] = chkDupFrame
      }

      // Relative numbers and the scaled window, as dissect_tcp shows them.
      rseq = (seq - fs.baseSeq[fw]!) >>> 0
      if (flags & ACK) rack = (ack - fs.baseSeq[rv]!) >>> 0
      if (!(flags & SYN)) {
        const ws = fs.winScale[fw]!
        if (ws >= 0) wsize = (win << ws) >>> 0
      }
      nxtSeq[row] = (rseq + seglen + synFin) >>> 0
      present[row] = TcpPresent.SEGLEN
    }
    relSeq[row] = rseq
    relAck[row] = rack
    windowSize[row] = wsize
    if (!(flags & SYN)) {
      const ws = fs.winScale[fw]!
      windowScaleFactor[row] = ws >= 0 ? 1 << ws : ws
    }

    // What dissect_tcp does after the sequence analysis: SYN timestamps for the initial RTT, then the
    // options (window scale, SACK blocks for bytes in flight).
    if (flags & SYN) synHandshake(fs, cs, c, fw, rv, ch, i, synOptions)
    else {
      if (flags & ACK) {
        if (
          (cs.mruSynSec[c] !== 0 || cs.mruSynNsec[c] !== 0) &&
          cs.firstRttSec[c] === 0 &&
          cs.firstRttNsec[c] === 0
        )
          firstRtt(cs, c, ch, i)
        fs.isFirstAck[fw] = 0
      }
      if (wsEvery || (wsRow >= 0 && wsRow <= row)) nonSynWindowScaleAt(fs, fw, row, nonSynWindowScale)
    }
    if (sackEvery || (sackRow >= 0 && sackRow <= row)) sackAt(fs, fw, row, sackBlocks)
    // tshark prints the SEQ/ACK analysis after dissecting the options: when they throw (the capture
    // ends inside the header) nothing of tcp.analysis.* is shown and the
    // packet does not reach the conversation table (the analysis state is kept).
    const threw = optionsThrew(cPoff[i]!, cCap[i]!)
    if (threw) present[row] |= TcpPresent.OPTIONS_THREW
    else if (hasTa) present[row] |= TcpPresent.ANALYSIS
    analysisFlags[row] = taFlags

    // --- the stream's conversation-table tallies and, when asked for, its endpoint states. Side here
    // is 0 when the source is endpoint A (also when A and B are the same endpoint, unlike `side`).
    const aSide = table.addrA[c] === src && table.portA[c] === sport ? 0 : 1
    const position = tally.rowCount[c]!
    tallyRow(tally, c, aSide, row, !threw, flags, cOrig[i]!, seglen, cSec[i]! + cNsec[i]! / 1e9)
    if (flags & (SYN | FIN | RST)) tallyFlags(tally, c, aSide, row, flags)
    if (states !== null) states.step(c, aSide, ch, i, position)
  }
}

/** Per-stream initial RTT, the conversation table and the states' per-stream part, once every row has been analysed. */
function finishAnalysis(index: TcpIndexView, st: PassState, result: TcpAnalysis): TcpAnalysis {
  const { table, cs } = st
  const streams = table.count
  const initialRtt = new Float64Array(streams).fill(NaN)
  const initialRttRow = new Int32Array(streams).fill(-1)
  const initialRttText: string[] = new Array<string>(streams).fill('')
  for (let c = 0; c < streams; c++) {
    if (cs.firstRttRow[c]! >= 0) {
      initialRtt[c] = cs.firstRttSec[c]! + cs.firstRttNsec[c]! / 1e9
      initialRttText[c] = formatRelTime(cs.firstRttSec[c]!, cs.firstRttNsec[c]!, 0, 0)
      initialRttRow[c] = cs.firstRttRow[c]!
    }
  }
  result.initialRtt = initialRtt
  result.initialRttRow = initialRttRow
  result.initialRttText = initialRttText
  result.conversations = buildConversations(index, result, table, st.tally, streams)
  if (st.states !== null) result.captureStates = st.states.finish(result.conversations, table)
  return result
}
