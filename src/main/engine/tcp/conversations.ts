import { TcpFlag } from '../../../shared/model/decoded-frame'
import type { FlowTable } from './flow-table'
import { grown } from './flow-state'
import type { TcpAnalysis, TcpConversation, TcpEndReason, TcpIndexView, TcpSideOptions } from './types'

/**
 * Per-stream tallies for the conversation table, kept by the analysis pass itself (analyzeChunk adds
 * each row as it assigns its tcp.stream, see tallyRow / tallyFlags) instead of a second pass over the
 * rows. Indexed by stream, or by stream * 2 + side where side 0 = endpoint A (the first packet's source).
 */
export class ConvTally {
  cap = 0
  /** Rows of each stream so far (also the position of the next row in its stream). */
  rowCount = new Uint32Array(0)
  pkts = new Float64Array(0)
  bytes = new Float64Array(0)
  payload = new Float64Array(0)
  firstTs = new Float64Array(0)
  lastTs = new Float64Array(0)
  firstTsRow = new Int32Array(0)
  lastTsRow = new Int32Array(0)
  firstFlags = new Int32Array(0)
  firstSide = new Int8Array(0)
  /** First SYN (no ACK) / first SYN/ACK row per side. */
  synRow = new Int32Array(0)
  synAckRow = new Int32Array(0)
  finFrame = new Uint32Array(0)
  rstFrame = new Uint32Array(0)
  rstSide = new Int8Array(0)
  firstSynSide = new Int8Array(0)
  firstSynAckSide = new Int8Array(0)

  ensure(streams: number): void {
    if (streams <= this.cap) return
    let n = this.cap || 256
    while (n < streams) n *= 2
    this.rowCount = grown(this.rowCount, n)
    this.pkts = grown(this.pkts, n * 2)
    this.bytes = grown(this.bytes, n * 2)
    this.payload = grown(this.payload, n * 2)
    this.firstTs = grown(this.firstTs, n, Infinity)
    this.lastTs = grown(this.lastTs, n, -Infinity)
    this.firstTsRow = grown(this.firstTsRow, n)
    this.lastTsRow = grown(this.lastTsRow, n)
    this.firstFlags = grown(this.firstFlags, n, -1)
    this.firstSide = grown(this.firstSide, n)
    this.synRow = grown(this.synRow, n * 2, -1)
    this.synAckRow = grown(this.synAckRow, n * 2, -1)
    this.finFrame = grown(this.finFrame, n * 2)
    this.rstFrame = grown(this.rstFrame, n)
    this.rstSide = grown(this.rstSide, n, -1)
    this.firstSynSide = grown(this.firstSynSide, n, -1)
    this.firstSynAckSide = grown(this.firstSynAckSide, n, -1)
    this.cap = n
  }
}

/**
 * What a row counts in its stream's tallies (side 0 = endpoint A). Rows whose TCP options tshark cannot
 * dissect (`counted` false: TcpPresent.OPTIONS_THREW) are left out of the counts and times, as tshark's
 * conversation table leaves them out. Small enough to be inlined in the analysis loop.
 */
export function tallyRow(
  t: ConvTally,
  s: number,
  side: number,
  row: number,
  counted: boolean,
  flags: number,
  origLen: number,
  payloadLen: number,
  time: number,
): void {
  t.rowCount[s]!++
  if (counted) {
    const k = s * 2 + side
    t.pkts[k]!++
    t.bytes[k] = t.bytes[k]! + origLen
    t.payload[k] = t.payload[k]! + payloadLen
    if (time < t.firstTs[s]!) {
      t.firstTs[s] = time
      t.firstTsRow[s] = row
    }
    if (time > t.lastTs[s]!) {
      t.lastTs[s] = time
      t.lastTsRow[s] = row
    }
    if (t.firstFlags[s] === -1) {
      t.firstFlags[s] = flags
      t.firstSide[s] = side
    }
  }
}

/** The SYN / FIN / RST part of a row's tallies (called only for rows with one of them). */
export function tallyFlags(t: ConvTally, s: number, side: number, row: number, flags: number): void {
  const k = s * 2 + side
  if (flags & TcpFlag.SYN) {
    if (flags & TcpFlag.ACK) {
      if (t.synAckRow[k] === -1) t.synAckRow[k] = row
      if (t.firstSynAckSide[s] === -1) t.firstSynAckSide[s] = side
    } else {
      if (t.synRow[k] === -1) t.synRow[k] = row
      if (t.firstSynSide[s] === -1) t.firstSynSide[s] = side
    }
  }
  if (flags & TcpFlag.FIN && t.finFrame[k] === 0) t.finFrame[k] = row + 1
  if (flags & TcpFlag.RST) {
    t.rstFrame[s] = row + 1
    t.rstSide[s] = side
  }
}

/**
 * Per-stream facts for the conversation table from the pass's tallies: who is client (the sender of the
 * first SYN; else the receiver of the first SYN/ACK; else the first packet's source, marked assumed),
 * counts per direction, ISNs, handshake options and how the connection ended; and each stream's rows
 * (one counting pass over tcp.stream).
 */
export function buildConversations(
  index: TcpIndexView,
  an: TcpAnalysis,
  table: FlowTable,
  tally: ConvTally,
  streams: number,
): TcpConversation[] {
  const rows = rowsByStream(an.stream, an.count, tally.rowCount, streams)
  const out: TcpConversation[] = new Array(streams)
  for (let s = 0; s < streams; s++)
    out[s] = buildConversation(index, table, tally, s, an.initialRtt[s]!, rows[s]!)
  return out
}

/**
 * Conversation-table facts of stream s from the pass's tallies (its rows and initial RTT given). Reads only
 * stream s's tallies and the index rows they point to, so an incremental analysis rebuilds only the
 * streams that got rows since it last did.
 */
export function buildConversation(
  index: TcpIndexView,
  table: FlowTable,
  tally: ConvTally,
  s: number,
  initialRtt: number,
  rows: Uint32Array,
): TcpConversation {
  const {
    pkts,
    bytes,
    payload,
    firstTs,
    lastTs,
    firstTsRow,
    lastTsRow,
    firstFlags,
    firstSide,
    synRow,
    synAckRow,
    finFrame,
    rstFrame,
    rstSide,
    firstSynSide,
    firstSynAckSide,
  } = tally
  let clientSide = 0
  let assumed = false
  if (firstSynSide[s]! >= 0) clientSide = firstSynSide[s]!
  else if (firstSynAckSide[s]! >= 0) clientSide = 1 - firstSynAckSide[s]!
  else assumed = true
  const serverSide = 1 - clientSide
  const ck = s * 2 + clientSide
  const sk = s * 2 + serverSide
  const client = sideOptions(index, synRow[ck]!)
  const server = sideOptions(index, synAckRow[sk]!)
  const cFin = finFrame[ck]!
  const sFin = finFrame[sk]!
  let endReason: TcpEndReason = 'open'
  if (rstSide[s]! >= 0) endReason = rstSide[s] === clientSide ? 'rst-client' : 'rst-server'
  else if (cFin && sFin) endReason = 'fin-both'
  else if (cFin) endReason = 'fin-client'
  else if (sFin) endReason = 'fin-server'
  const ff = firstFlags[s]!
  const startTime = firstTs[s]!
  const endTime = lastTs[s]!
  return {
    stream: s,
    clientAddr: clientSide === 0 ? table.addrA[s]! : table.addrB[s]!,
    clientPort: clientSide === 0 ? table.portA[s]! : table.portB[s]!,
    serverAddr: clientSide === 0 ? table.addrB[s]! : table.addrA[s]!,
    serverPort: clientSide === 0 ? table.portB[s]! : table.portA[s]!,
    clientAssumed: assumed,
    firstSourceIsClient: firstSide[s] === clientSide,
    startedBeforeCapture: (ff & (TcpFlag.SYN | TcpFlag.ACK)) !== TcpFlag.SYN,
    packetsClientToServer: pkts[ck]!,
    packetsServerToClient: pkts[sk]!,
    bytesClientToServer: bytes[ck]!,
    bytesServerToClient: bytes[sk]!,
    payloadClientToServer: payload[ck]!,
    payloadServerToClient: payload[sk]!,
    startTime,
    endTime,
    duration: exactDuration(index, firstTsRow[s]!, lastTsRow[s]!),
    startRow: firstTsRow[s]!,
    endRow: lastTsRow[s]!,
    clientIsn: synRow[ck]! >= 0 ? rowSeq(index, synRow[ck]!) : -1,
    serverIsn: synAckRow[sk]! >= 0 ? rowSeq(index, synAckRow[sk]!) : -1,
    client,
    server,
    windowScaling: client.wscale >= 0 && server.wscale >= 0,
    sackPermitted: client.sackPermitted && server.sackPermitted,
    timestamps: client.timestamps && server.timestamps,
    initialRtt,
    endReason,
    clientFinFrame: cFin,
    serverFinFrame: sFin,
    rstFrame: rstFrame[s]!,
    rows,
  }
}

/**
 * Every stream's rows in one array (a counting sort of the rows by tcp.stream); each stream gets a view
 * of its part: one allocation instead of one ArrayBuffer per stream. A function of its own so that V8
 * compiles its 1M-iteration loop apart from the per-stream code after it (which had not run yet when the
 * loop was compiled, and so threw the compiled code away as soon as it was reached).
 */
function rowsByStream(
  stream: Int32Array,
  count: number,
  rowCount: Uint32Array,
  streams: number,
): Uint32Array[] {
  const start = new Uint32Array(streams + 1)
  for (let s = 0; s < streams; s++) start[s + 1] = start[s]! + rowCount[s]!
  const all = new Uint32Array(start[streams]!)
  const fill = start.slice(0, streams)
  for (let r = 0; r < count; r++) {
    const s = stream[r]!
    if (s >= 0) all[fill[s]!++] = r
  }
  const rows: Uint32Array[] = new Array<Uint32Array>(streams)
  for (let s = 0; s < streams; s++) rows[s] = all.subarray(start[s]!, start[s + 1]!)
  return rows
}

function sideOptions(index: TcpIndexView, row: number): TcpSideOptions {
  if (row < 0) return { synSeen: false, mss: -1, wscale: -1, sackPermitted: false, timestamps: false }
  const o = index.synOptions.get(row)
  return {
    synSeen: true,
    mss: o ? o.mss : -1,
    wscale: o ? o.wscale : -1,
    sackPermitted: o ? o.sackPerm : false,
    timestamps: o ? o.tsVal >= 0 : false,
  }
}

function rowSeq(index: TcpIndexView, row: number): number {
  for (const ch of index.chunks) {
    if (row >= ch.firstRow && row < ch.firstRow + ch.count) return ch.tcpSeq[row - ch.firstRow]!
  }
  return -1
}

/** Seconds from row a to row b computed from whole seconds and nanoseconds (no epoch-float rounding). */
function exactDuration(index: TcpIndexView, a: number, b: number): number {
  const ca = index.chunks[Math.floor(a / 65536)]
  const cb = index.chunks[Math.floor(b / 65536)]
  if (!ca || !cb) return 0
  const ia = a - ca.firstRow
  const ib = b - cb.firstRow
  return cb.tsSec[ib]! - ca.tsSec[ia]! + (cb.tsNsec[ib]! - ca.tsNsec[ia]!) / 1e9
}
