import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FrameTcpdumpResponse } from '../../../shared/ipc/contract'
import type { FrameRecord } from '../../../shared/model/frame'
import { TcpdumpPrinter, libpcapSnapLen } from '../../../shared/print'
import type { PacketIndex } from '../index'
import type { TcpAnalysis, TcpConversation } from '../tcp'
import type { FrameReader } from '../../../shared/filter'
import { tcpdumpTokens } from './tcpdump-tokens'
import { RequestError, bool, int, obj } from './validate'

/** What frame.tcpdump needs of an open file (the engine service hands it over by file id). */
export interface TcpdumpLineSource {
  index: PacketIndex
  /** null while the file is loading: relative numbers then fall back to tcpdump's first-seen rule. */
  tcp: TcpAnalysis | null
  read: FrameReader
}

const ACK = 0x10
const SYN = 0x02

/**
 * frame.tcpdump: the text `wirelite read [-S] [-v]` prints for one frame, without reading the file up to
 * it. The only state that text depends on (default time format) is tcpdump's relative-sequence table
 * (print-tcp.c tcp_seq_hash, reproduced by TcpSeqTracker): an entry per address/port pair, created by the
 * pair's first segment with ACK set and re-created by every later SYN with ACK. So the printer is fed
 * just that base segment and then the frame: the same numbers as a pass over the whole file.
 * The pair's segments are those of every tcp.stream with the same endpoints (port reuse makes several).
 */
export async function frameTcpdump(
  request: unknown,
  source: (fileId: unknown) => TcpdumpLineSource,
): Promise<FrameTcpdumpResponse> {
  const r = obj(request)
  const src = source(r.fileId)
  const frame = int(r.frame, 'frame', 1)
  const absolute = bool(r.absolute, 'absolute', false)
  const verbose = bool(r.verbose, 'verbose', false)
  const index = src.index
  if (frame > index.count)
    throw new RequestError(`frame ${frame} does not exist (${index.count} frames)`, 'out-of-range')
  const row = frame - 1
  const tcp = src.tcp && row < src.tcp.count && src.tcp.stream[row]! >= 0 ? src.tcp : null
  const base = !absolute && tcp ? seqBaseRow(index, tcp, row) : row
  const rows = base !== row ? Uint32Array.of(base, row) : Uint32Array.of(row)
  const bytes = await src.read(rows)
  const printer = new TcpdumpPrinter({
    tsMode: 0,
    verbose: verbose ? 1 : 0,
    absoluteSeq: absolute,
    ifName: hostIfName,
  })
  let text = ''
  for (let k = 0; k < rows.length; k++)
    text = printer.format(record(index, rows[k]!, bytes[k]!), snapLen(index, rows[k]!))
  const s = tcp ? tcp.stream[row]! : -1
  return {
    frame,
    text,
    tokens: tcpdumpTokens(text),
    tcp: tcp
      ? {
          stream: s,
          relSeq: tcp.relSeq[row]!,
          relAck: tcp.relAck[row]!,
          windowSize: tcp.windowSize[row]!,
          windowScaleFactor: tcp.windowScaleFactor[row]!,
        }
      : null,
  }
}

/**
 * The row whose segment (re)created tcpdump's table entry that `row` is printed against: the latest
 * SYN+ACK at or before it among the endpoint pair's segments, else the pair's first segment with ACK.
 * Returns `row` itself when it is that segment (printed absolute) or has no ACK (not looked up).
 */
export function seqBaseRow(index: PacketIndex, tcp: TcpAnalysis, row: number): number {
  const flags = index.get('tcpFlags', row)
  if (!(flags & ACK) || flags & SYN) return row
  const rows = pairRows(tcp, tcp.conversations[tcp.stream[row]!]!)
  let latestSynAck = -1
  for (const list of rows) {
    // Each list is ascending: walk back from the last row before `row` to its latest SYN+ACK.
    for (let i = lowerBound(list, row) - 1; i >= 0; i--) {
      const rr = list[i]!
      if ((index.get('tcpFlags', rr) & (ACK | SYN)) === (ACK | SYN)) {
        if (rr > latestSynAck) latestSynAck = rr
        break
      }
    }
  }
  if (latestSynAck >= 0) return latestSynAck
  // No SYN+ACK before: the pair's first ACK segment, or `row` itself.
  let earliest = row
  for (const list of rows) {
    for (let i = 0; i < list.length && list[i]! < earliest; i++) {
      if (index.get('tcpFlags', list[i]!) & ACK) {
        earliest = list[i]!
        break
      }
    }
  }
  return earliest
}

/** Streams sharing the conversation's endpoints (either orientation), cached per analysis. */
const pairCache = new WeakMap<TcpAnalysis, Map<string, Uint32Array[]>>()

function pairRows(tcp: TcpAnalysis, conv: TcpConversation): Uint32Array[] {
  let byPair = pairCache.get(tcp)
  if (!byPair) {
    byPair = new Map()
    for (const c of tcp.conversations) {
      const key = pairKey(c)
      const list = byPair.get(key)
      if (list) list.push(c.rows)
      else byPair.set(key, [c.rows])
    }
    pairCache.set(tcp, byPair)
  }
  return byPair.get(pairKey(conv)) ?? [conv.rows]
}

function pairKey(c: TcpConversation): string {
  const a = `${c.clientAddr}:${c.clientPort}`
  const b = `${c.serverAddr}:${c.serverPort}`
  return a < b ? `${a}|${b}` : `${b}|${a}`
}

function lowerBound(a: Uint32Array, v: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid]! < v) lo = mid + 1
    else hi = mid
  }
  return lo
}

function snapLen(index: PacketIndex, row: number): number {
  const c = index.chunkOf(row)
  return libpcapSnapLen(index.info, c.interfaceId[row - c.firstRow]!)
}

/** The FrameRecord the printer needs, from the index columns and the frame's bytes. */
function record(index: PacketIndex, row: number, data: Uint8Array): FrameRecord {
  const c = index.chunkOf(row)
  const i = row - c.firstRow
  const ifId = c.interfaceId[i]!
  return {
    number: row + 1,
    interfaceId: ifId,
    linkType: index.info.interfaces[ifId]?.linkType ?? 1,
    tsSec: c.tsSec[i]!,
    tsNsec: c.tsNsec[i]!,
    capLen: Math.min(c.capLen[i]!, data.length),
    origLen: c.origLen[i]!,
    fileOffset: c.fileOffset[i]!,
    data,
    buf: data,
    dataOffset: 0,
    epbFlags: -1,
    comments: null,
  }
}

let hostNames: Map<number, string> | null = null

/**
 * SLL2 lines name the interface by index as tcpdump does (if_indextoname on the host reading the file),
 * like `wirelite read`; null (printed "?") where there is no /sys/class/net.
 */
function hostIfName(index: number): string | null {
  if (!hostNames) {
    hostNames = new Map()
    try {
      for (const n of readdirSync('/sys/class/net')) {
        const idx = Number(readFileSync(join('/sys/class/net', n, 'ifindex'), 'utf8').trim())
        if (Number.isFinite(idx)) hostNames.set(idx, n)
      }
    } catch {
      // Not Linux: "?" as tcpdump prints when the lookup fails.
    }
  }
  return hostNames.get(index) ?? null
}
