import type { PacketRow, RowColorClass, TimeFormat } from '../../../shared/ipc/contract'
import { Proto, TcpFlag } from '../../../shared/model/decoded-frame'
import { CHUNK_ROWS } from '../../../shared/model/index-columns'
import { IssueBit } from '../../../shared/model/issues'
import { newFrameRecord } from '../../../shared/model/frame'
import { TcpdumpPrinter, libpcapSnapLen, tcpFlagString } from '../../../shared/print'
import { icmpTypeName } from '../../../shared/dissect/dissect-frame'
import type { PacketIndex } from '../index'
import type { TcpAnalysis } from '../tcp'
import { analysisFlagNames, TcpPresent } from '../tcp'

/**
 * Column texts of the rows the renderer shows (a screenful at a time): computed on demand from the index
 * (+ the TCP analysis when ready), never for all rows. TCP Info is built from the index columns in the
 * tcpdump style (`57782 → 1234 [S.] seq=0 ack=1 win=65483 len=0 mss=65495 …`) with relative numbers
 * from the analysis; other protocols take tcpdump's text for the frame (bytes read for that row only).
 */

export const PROTO_NAMES: Record<number, string> = {
  [Proto.UNKNOWN]: 'Unknown',
  [Proto.ETHER]: 'Ethernet',
  [Proto.ARP]: 'ARP',
  [Proto.IPV4]: 'IPv4',
  [Proto.IPV6]: 'IPv6',
  [Proto.TCP]: 'TCP',
  [Proto.UDP]: 'UDP',
  [Proto.ICMP]: 'ICMP',
  [Proto.ICMPV6]: 'ICMPv6',
}

// Checksums are not part of the colouring: offloaded (loopback, TSO) traffic has "bad" ones everywhere,
// which is why Wireshark's checksum validation is off by default too. The details pane still shows them.
const BAD_ISSUES = IssueBit.truncated | IssueBit.malformed

function frac(nsec: number, digits: number): string {
  const s = String(Math.floor(nsec)).padStart(9, '0')
  return s.slice(0, digits)
}

/** a - b for (sec, nsec) pairs, as "[-]S.fff" with `digits` fraction digits (exact integer arithmetic). */
export function timeDelta(aSec: number, aNs: number, bSec: number, bNs: number, digits: number): string {
  let s = aSec - bSec
  let ns = aNs - bNs
  let neg = false
  if (s < 0 || (s === 0 && ns < 0)) {
    neg = true
    s = -s
    ns = -ns
  }
  if (ns < 0) {
    s -= 1
    ns += 1e9
  }
  if (ns >= 1e9) {
    s += Math.floor(ns / 1e9)
    ns %= 1e9
  }
  return `${neg ? '-' : ''}${s}.${frac(ns, digits)}`
}

function absolute(sec: number, nsec: number, digits: number): string {
  const d = new Date(sec * 1000)
  if (Number.isNaN(d.getTime())) return `${sec}.${frac(nsec, digits)}`
  const p2 = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${frac(nsec, digits)}`
}

export interface RowTextContext {
  index: PacketIndex
  tcp: TcpAnalysis | null
  /** Bytes of the rows being formatted (non-TCP Info), by row; missing = formatted from the index. */
  bytes: Map<number, Uint8Array>
  absoluteSeq: boolean
  /** Previous displayed row of each requested row, for 'sincePreviousDisplayed' (-1 none). */
  prevDisplayed: (row: number) => number
}

export function colorOf(proto: number, issues: number, flags: number, analysis: number): RowColorClass {
  if (issues & BAD_ISSUES) return 'malformed'
  if (proto === Proto.TCP) {
    if (flags & TcpFlag.RST) return 'tcp-rst'
    if (analysis !== 0) return 'tcp-analysis'
    if (flags & TcpFlag.SYN) return 'tcp-syn'
    if (flags & TcpFlag.FIN) return 'tcp-fin'
    return 'tcp'
  }
  if (proto === Proto.UDP) return 'udp'
  if (proto === Proto.ICMP || proto === Proto.ICMPV6) return 'icmp'
  if (proto === Proto.ARP) return 'arp'
  return 'other'
}

/** Wireshark's Info-column labels of the analysis flags ("[TCP Retransmission] " …). */
const ANALYSIS_LABELS: Record<string, string> = {
  retransmission: 'TCP Retransmission',
  fast_retransmission: 'TCP Fast Retransmission',
  spurious_retransmission: 'TCP Spurious Retransmission',
  out_of_order: 'TCP Out-Of-Order',
  lost_segment: 'TCP Previous segment not captured',
  ack_lost_segment: 'TCP ACKed unseen segment',
  zero_window: 'TCP ZeroWindow',
  zero_window_probe: 'TCP ZeroWindowProbe',
  zero_window_probe_ack: 'TCP ZeroWindowProbeAck',
  window_update: 'TCP Window Update',
  window_full: 'TCP Window Full',
  keep_alive: 'TCP Keep-Alive',
  keep_alive_ack: 'TCP Keep-Alive ACK',
  reused_ports: 'TCP Port numbers reused',
}

/**
 * The order Wireshark's TCP dissector handles the flags in. Each label is PREPENDED to the Info column,
 * so the column shows them in the reverse of this order ("[TCP ACKed unseen segment] [TCP Previous
 * segment not captured] …").
 */
const ANALYSIS_ORDER = [
  'reused_ports',
  'retransmission',
  'fast_retransmission',
  'spurious_retransmission',
  'out_of_order',
  'lost_segment',
  'ack_lost_segment',
  'window_update',
  'window_full',
  'keep_alive',
  'keep_alive_ack',
  'duplicate_ack',
  'zero_window_probe',
  'zero_window',
  'zero_window_probe_ack',
]

function analysisPrefix(tcp: TcpAnalysis, row: number): string {
  const names: string[] = analysisFlagNames(tcp.analysisFlags[row]!)
  // A fast / spurious retransmission is labelled as such only (the plain flag rides along in the fields).
  const special = names.includes('fast_retransmission') || names.includes('spurious_retransmission')
  let s = ''
  for (const n of ANALYSIS_ORDER) {
    if (!names.includes(n) || (n === 'retransmission' && special)) continue
    const label =
      n === 'duplicate_ack'
        ? `TCP Dup ACK ${tcp.duplicateAckFrame[row]}#${tcp.duplicateAckNum[row]}`
        : ANALYSIS_LABELS[n]
    s = `[${label}] ` + s
  }
  return s
}

function tcpInfo(ctx: RowTextContext, row: number): string {
  const { index, tcp } = ctx
  const c = index.chunkOf(row)
  const i = row - c.firstRow
  const flags = c.tcpFlags[i]!
  const analysed =
    tcp !== null && row < tcp.count && (tcp.present[row]! & TcpPresent.SEGLEN) !== 0 && !ctx.absoluteSeq
  const seq = analysed ? tcp.relSeq[row]! : c.tcpSeq[i]!
  const ack = analysed ? tcp.relAck[row]! : c.tcpAck[i]!
  const win = tcp !== null && row < tcp.count ? tcp.windowSize[row]! : c.tcpWindow[i]!
  let s = ''
  if (tcp !== null && row < tcp.count && tcp.analysisFlags[row]) s += analysisPrefix(tcp, row)
  s += `${c.srcPort[i]} → ${c.dstPort[i]} [${tcpFlagString(flags)}] seq=${seq}`
  if (flags & TcpFlag.ACK) s += ` ack=${ack}`
  s += ` win=${win} len=${c.payloadLen[i]}`
  const syn = index.synOptions.get(row)
  if (syn) {
    if (syn.mss >= 0) s += ` mss=${syn.mss}`
    if (syn.wscale >= 0) s += ` ws=${2 ** syn.wscale}`
    if (syn.sackPerm) s += ' sack_perm'
    if (syn.tsVal >= 0) s += ` tsval=${syn.tsVal} tsecr=${syn.tsEcr}`
  }
  return s
}

const printer = new TcpdumpPrinter({ tsMode: 1, verbose: 0, absoluteSeq: true })
const rec = newFrameRecord()

function otherInfo(ctx: RowTextContext, row: number): string {
  const { index } = ctx
  const c = index.chunkOf(row)
  const i = row - c.firstRow
  const proto = c.proto[i]!
  const data = ctx.bytes.get(row)
  if (data) {
    rec.number = row + 1
    rec.interfaceId = c.interfaceId[i]!
    rec.linkType = index.info.interfaces[rec.interfaceId]?.linkType ?? 1
    rec.tsSec = c.tsSec[i]!
    rec.tsNsec = c.tsNsec[i]!
    rec.capLen = data.length
    rec.origLen = c.origLen[i]!
    rec.data = data
    rec.buf = data
    rec.dataOffset = 0
    let text: string
    try {
      text = printer.format(rec, libpcapSnapLen(index.info, rec.interfaceId))
    } catch {
      text = ''
    }
    text = text.split('\n')[0]!
    // Source/Destination have their own columns: keep what follows "IP a > b: ".
    const m = /^IP6? [^ ]+ > [^ ]+: (.*)$/.exec(text)
    if (m) return m[1]!
    if (text) return text
  }
  if (proto === Proto.UDP) return `${c.srcPort[i]} → ${c.dstPort[i]} len=${c.payloadLen[i]}`
  if (proto === Proto.ICMP || proto === Proto.ICMPV6)
    return icmpTypeName(proto === Proto.ICMPV6, c.srcPort[i]!)
  return ''
}

export function rowText(ctx: RowTextContext, row: number, pos: number, digits: number): PacketRow {
  const { index, tcp } = ctx
  const c = index.chunkOf(row)
  const i = row - c.firstRow
  const sec = c.tsSec[i]!
  const ns = c.tsNsec[i]!
  const first = index.chunks[0]!
  let prevSec = sec
  let prevNs = ns
  if (row > 0) {
    const pc = index.chunks[Math.floor((row - 1) / CHUNK_ROWS)]!
    prevSec = pc.tsSec[row - 1 - pc.firstRow]!
    prevNs = pc.tsNsec[row - 1 - pc.firstRow]!
  }
  const pd = ctx.prevDisplayed(row)
  let pdSec = sec
  let pdNs = ns
  if (pd >= 0) {
    const pc = index.chunkOf(pd)
    pdSec = pc.tsSec[pd - pc.firstRow]!
    pdNs = pc.tsNsec[pd - pc.firstRow]!
  }
  const time: Record<TimeFormat, string> = {
    sinceStart: timeDelta(sec, ns, first.tsSec[0]!, first.tsNsec[0]!, digits),
    sincePrevious: timeDelta(sec, ns, prevSec, prevNs, digits),
    sincePreviousDisplayed: timeDelta(sec, ns, pdSec, pdNs, digits),
    absolute: absolute(sec, ns, digits),
    epoch: `${sec}.${frac(ns, digits)}`,
  }
  const proto = c.proto[i]!
  const src = c.srcAddr[i]!
  const dst = c.dstAddr[i]!
  const analysis = tcp !== null && row < tcp.count ? tcp.analysisFlags[row]! : 0
  return {
    no: row + 1,
    pos,
    time,
    source: src ? index.addresses.format(src) : '',
    destination: dst ? index.addresses.format(dst) : '',
    protocol: PROTO_NAMES[proto] ?? 'Unknown',
    length: c.origLen[i]!,
    info: proto === Proto.TCP ? tcpInfo(ctx, row) : otherInfo(ctx, row),
    color: colorOf(proto, c.issues[i]!, c.tcpFlags[i]!, analysis),
    stream: tcp !== null && row < tcp.count ? tcp.stream[row]! : -1,
  }
}
