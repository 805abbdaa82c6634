import { TcpFlag } from '../../../shared/model/decoded-frame'
import type { FlowTable } from './flow-table'
import type { TcpAnalysis, TcpConversation, TcpEndReason, TcpIndexView, TcpSideOptions } from './types'
import { TcpPresent } from './types'

/**
 * Per-stream facts for the conversation table, from a second linear pass over the rows once tcp.stream
 * is known: who is client (the sender of the first SYN; else the receiver of the first SYN/ACK; else
 * the first packet's source, marked assumed), counts per direction, ISNs, handshake options and how
 * the connection ended.
 */
export function buildConversations(
  index: TcpIndexView,
  an: TcpAnalysis,
  table: FlowTable,
  streams: number,
): TcpConversation[] {
  const stream = an.stream
  const counts = new Uint32Array(streams)
  for (let r = 0; r < an.count; r++) {
    const s = stream[r]!
    if (s >= 0) counts[s]!++
  }
  const rows: Uint32Array[] = new Array(streams)
  for (let s = 0; s < streams; s++) rows[s] = new Uint32Array(counts[s]!)
  const fill = new Uint32Array(streams)

  // Per stream, indexed by side (0 = endpoint A = first packet's source).
  const pkts = new Float64Array(streams * 2)
  const bytes = new Float64Array(streams * 2)
  const payload = new Float64Array(streams * 2)
  const firstTs = new Float64Array(streams).fill(Infinity)
  const lastTs = new Float64Array(streams).fill(-Infinity)
  const firstTsRow = new Int32Array(streams)
  const lastTsRow = new Int32Array(streams)
  const firstFlags = new Int32Array(streams).fill(-1)
  const firstSide = new Int8Array(streams)
  const synRow = new Int32Array(streams * 2).fill(-1) // first SYN (no ACK) per side
  const synAckRow = new Int32Array(streams * 2).fill(-1) // first SYN/ACK per side
  const finFrame = new Uint32Array(streams * 2)
  const rstFrame = new Uint32Array(streams)
  const rstSide = new Int8Array(streams).fill(-1)
  const firstSynSide = new Int8Array(streams).fill(-1)
  const firstSynAckSide = new Int8Array(streams).fill(-1)

  for (const ch of index.chunks) {
    for (let i = 0; i < ch.count; i++) {
      const row = ch.firstRow + i
      const s = stream[row]!
      if (s < 0) continue
      rows[s]![fill[s]!++] = row
      const side = table.addrA[s] === ch.srcAddr[i] && table.portA[s] === ch.srcPort[i] ? 0 : 1
      const k = s * 2 + side
      const flags = ch.tcpFlags[i]!
      if (!(an.present[row]! & TcpPresent.OPTIONS_THREW)) {
        pkts[k]!++
        bytes[k] = bytes[k]! + ch.origLen[i]!
        payload[k] = payload[k]! + ch.payloadLen[i]!
        const t = ch.tsSec[i]! + ch.tsNsec[i]! / 1e9
        if (t < firstTs[s]!) {
          firstTs[s] = t
          firstTsRow[s] = row
        }
        if (t > lastTs[s]!) {
          lastTs[s] = t
          lastTsRow[s] = row
        }
        if (firstFlags[s] === -1) {
          firstFlags[s] = flags
          firstSide[s] = side
        }
      }
      if (flags & TcpFlag.SYN) {
        if (flags & TcpFlag.ACK) {
          if (synAckRow[k] === -1) synAckRow[k] = row
          if (firstSynAckSide[s] === -1) firstSynAckSide[s] = side
        } else {
          if (synRow[k] === -1) synRow[k] = row
          if (firstSynSide[s] === -1) firstSynSide[s] = side
        }
      }
      if (flags & TcpFlag.FIN && finFrame[k] === 0) finFrame[k] = row + 1
      if (flags & TcpFlag.RST) {
        rstFrame[s] = row + 1
        rstSide[s] = side
      }
    }
  }

  const out: TcpConversation[] = new Array(streams)
  for (let s = 0; s < streams; s++) {
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
    out[s] = {
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
      initialRtt: an.initialRtt[s]!,
      endReason,
      clientFinFrame: cFin,
      serverFinFrame: sFin,
      rstFrame: rstFrame[s]!,
      rows: rows[s]!,
    }
  }
  return out
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
