import type { DecodedFrame } from '../model/decoded-frame'
import { Proto } from '../model/decoded-frame'
import type { CaptureFileInfo, FrameRecord } from '../model/frame'
import { IssueBit } from '../model/issues'
import { formatIPv4, formatIPv6, formatMac } from './address-table'
import { isFragmented } from './l4-checksum'

/**
 * Wireshark-named fields of one decoded frame, written as JSON members (`"name":value`). Field writers
 * are small functions in a list, so later work (tcp.stream, tcp.analysis.* …) adds a writer instead of
 * editing this one. Conventions (see `wirelite fields --help`):
 *  - numbers are JSON numbers, except frame.time_epoch (a string with nanosecond digits, as tshark
 *    prints it) and tcp.flags (a "0x0012" string, as tshark prints it);
 *  - a key is absent when its layer is absent (or cut before the field);
 *  - vlan.id (802.1Q / 0x9100 tags) and ieee8021ad.id (0x88a8 service tags) are arrays, outer tag first,
 *    as tshark names them (tshark prints repeated fields comma-joined; occurrence=f is our [0]);
 *  - tcp.len is absent on IP fragments (as tshark: the fragment is not the whole segment);
 *  - only the outermost network/transport layers are decoded: tunnels (IP-in-IP, GRE, VXLAN …) show
 *    their outer headers only, and ICMP errors do not expose the quoted inner header;
 *  - tcp.options.sack_perm is 1 when the option is present (tshark prints the option bytes);
 *  - _issues lists decode-issue codes (truncated, malformed, unsupported, bad-checksum) plus "fragment"
 *    for a non-first IP fragment.
 */
export interface FieldContext {
  rec: FrameRecord
  f: DecodedFrame
  info: CaptureFileInfo
  /** 0-based row (frame number - 1). */
  row: number
}

/** Append `,"key":value` members to `out` (the caller strips the first comma). */
export type FieldWriter = (ctx: FieldContext, out: string[]) => void

function num(out: string[], key: string, v: number): void {
  out.push(`"${key}":${v}`)
}
/**
 * A string value we formatted ourselves (addresses, times, hex flags: digits, letters, '.', ':'), which
 * never needs JSON escaping; JSON.stringify on 4-5 values per frame was a visible share of the time.
 */
function str(out: string[], key: string, v: string): void {
  out.push(`"${key}":"${v}"`)
}

/** tshark's frame.time_epoch: seconds, a dot, nine digits of nanoseconds. */
export function timeEpoch(sec: number, nsec: number): string {
  return `${sec}.${String(nsec).padStart(9, '0')}`
}

export const frameFields: FieldWriter = ({ rec, info }, out) => {
  num(out, 'frame.number', rec.number)
  str(out, 'frame.time_epoch', timeEpoch(rec.tsSec, rec.tsNsec))
  num(out, 'frame.len', rec.origLen)
  num(out, 'frame.cap_len', rec.capLen)
  // tshark shows an interface id only for pcapng (pcap has no interface blocks).
  if (info.format === 'pcapng') num(out, 'frame.interface_id', sectionLocalInterfaceId(info, rec.interfaceId))
}

/**
 * Wireshark numbers interfaces per pcapng section (each section restarts at 0); our interface table
 * runs across sections, so subtract the id of the section's first interface.
 */
export function sectionLocalInterfaceId(info: CaptureFileInfo, id: number): number {
  const ifs = info.interfaces
  const me = ifs[id]
  if (me === undefined) return id
  let first = id
  while (first > 0 && ifs[first - 1]!.section === me.section) first--
  return id - first
}

export const ethFields: FieldWriter = ({ rec, f }, out) => {
  if (f.macDstOffset < 0) return
  str(out, 'eth.src', formatMac(rec.data, f.macSrcOffset))
  str(out, 'eth.dst', formatMac(rec.data, f.macDstOffset))
  if (f.vlanCount === 0) return
  // As Wireshark: 802.1ad service tags (TPID 0x88a8) are ieee8021ad.id, 802.1Q (and 0x9100) tags vlan.id.
  let q = ''
  let ad = ''
  for (let i = 0; i < f.vlanCount; i++) {
    if (f.vlanTpids[i] === 0x88a8) ad += (ad ? ',' : '') + f.vlanIds[i]
    else q += (q ? ',' : '') + f.vlanIds[i]
  }
  if (ad) out.push(`"ieee8021ad.id":[${ad}]`)
  if (q) out.push(`"vlan.id":[${q}]`)
}

export const ipFields: FieldWriter = ({ rec, f }, out) => {
  const d = rec.data
  // Bytes of the IP header present: a header cut short shows the fields it has, as in Wireshark.
  const avail = f.l3Offset >= 0 ? d.length - f.l3Offset : 0
  if (f.ipVersion === 6) {
    if (f.ipSrcOffset >= 0) str(out, 'ipv6.src', formatIPv6(d, f.ipSrcOffset))
    if (f.ipDstOffset >= 0) str(out, 'ipv6.dst', formatIPv6(d, f.ipDstOffset))
    if (avail >= 6) num(out, 'ipv6.plen', (d[f.l3Offset + 4]! << 8) | d[f.l3Offset + 5]!) // raw (0 = jumbo/TSO)
    if (avail >= 7) num(out, 'ipv6.nxt', d[f.l3Offset + 6]!)
    if (avail >= 8) num(out, 'ipv6.hlim', f.ipTtl)
    return
  }
  // IPv4: like Wireshark, a lying IHL stops after ip.hdr_len and a lying total length after ip.len.
  if (f.ipVersion !== 4) return
  num(out, 'ip.hdr_len', f.ipHeaderLen)
  if (f.ipHeaderLen < 20) return
  if (avail < 4) return
  num(out, 'ip.len', f.ipTotalLen)
  if (f.ipTotalLen < f.ipHeaderLen) return
  if (f.ipSrcOffset >= 0) str(out, 'ip.src', formatIPv4(d, f.ipSrcOffset))
  if (f.ipDstOffset >= 0) str(out, 'ip.dst', formatIPv4(d, f.ipDstOffset))
  if (avail >= 9) num(out, 'ip.ttl', f.ipTtl)
  if (avail >= 6) num(out, 'ip.id', f.ipId)
  if (f.ipProto >= 0) num(out, 'ip.proto', f.ipProto)
}

export const tcpFields: FieldWriter = ({ rec, f }, out) => {
  if (f.proto !== Proto.TCP || f.srcPort < 0) return
  num(out, 'tcp.srcport', f.srcPort)
  num(out, 'tcp.dstport', f.dstPort)
  if (f.tcpHdrLen === 0) return // header cut before the window (tshark then shows only the ports)
  num(out, 'tcp.seq_raw', f.tcpSeq)
  num(out, 'tcp.ack_raw', f.tcpAck)
  str(out, 'tcp.flags', '0x' + f.tcpFlags.toString(16).padStart(4, '0'))
  num(out, 'tcp.window_size_value', f.tcpWindow)
  num(out, 'tcp.hdr_len', f.tcpHdrLen)
  // TCP bytes inside both the capture and the IP length: the urgent pointer ends the fixed header.
  const ipEnd = f.l3Offset >= 0 && f.ipTotalLen > 0 ? f.l3Offset + f.ipTotalLen : rec.data.length
  const tcpHave = (ipEnd < rec.data.length ? ipEnd : rec.data.length) - f.l4Offset
  if (tcpHave >= 20) num(out, 'tcp.urgent_pointer', f.tcpUrgent)
  // tshark gives no tcp.len for a fragment: its IP payload is not the whole segment.
  if (f.payloadOffset >= 0 && !isFragmented(f)) num(out, 'tcp.len', f.payloadLen)
  if (f.tcpMss >= 0) num(out, 'tcp.options.mss_val', f.tcpMss)
  if (f.tcpWscale >= 0) num(out, 'tcp.options.wscale.shift', f.tcpWscale)
  if (f.tcpSackPerm) num(out, 'tcp.options.sack_perm', 1)
  if (f.tcpTsVal >= 0) {
    num(out, 'tcp.options.timestamp.tsval', f.tcpTsVal)
    num(out, 'tcp.options.timestamp.tsecr', f.tcpTsEcr)
  }
}

export const udpFields: FieldWriter = ({ f }, out) => {
  if (f.proto !== Proto.UDP || f.srcPort < 0) return
  num(out, 'udp.srcport', f.srcPort)
  num(out, 'udp.dstport', f.dstPort)
  if (f.l4Offset >= 0 && f.payloadOffset >= 0) num(out, 'udp.length', f.udpLength)
}

export const icmpFields: FieldWriter = ({ f }, out) => {
  if (f.icmpType < 0) return
  const p = f.proto === Proto.ICMPV6 ? 'icmpv6' : 'icmp'
  num(out, `${p}.type`, f.icmpType)
  num(out, `${p}.code`, f.icmpCode)
}

export const issuesField: FieldWriter = ({ f }, out) => {
  const m = f.issueMask
  const codes: string[] = []
  if (m & IssueBit.truncated) codes.push('"truncated"')
  if (m & IssueBit.malformed) codes.push('"malformed"')
  if (m & IssueBit.unsupported) codes.push('"unsupported"')
  if (m & IssueBit['bad-checksum']) codes.push('"bad-checksum"')
  if (m & IssueBit.fragment) codes.push('"fragment"')
  out.push(`"_issues":[${codes.join(',')}]`)
}

/** The default field set of `wirelite fields`, in output order. */
export const DEFAULT_FIELD_WRITERS: FieldWriter[] = [
  frameFields,
  ethFields,
  ipFields,
  tcpFields,
  udpFields,
  icmpFields,
  issuesField,
]

/** Reused by fieldsJson (called synchronously, one frame at a time). */
const parts: string[] = []

/** One NDJSON object (no trailing newline). */
export function fieldsJson(
  ctx: FieldContext,
  writers: readonly FieldWriter[] = DEFAULT_FIELD_WRITERS,
): string {
  parts.length = 0
  for (const w of writers) w(ctx, parts)
  return '{' + parts.join(',') + '}'
}
