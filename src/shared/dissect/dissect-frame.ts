import type { DetailNode, FrameDetails } from '../ipc/contract'
import { decodeFrame } from '../decode/decode-frame'
import { DecodedFrame, Proto, TcpFlag } from '../model/decoded-frame'
import { LinkType } from '../model/link-type'
import { formatIPv4, formatIPv6 } from '../print/addr-format'

/**
 * Full dissection of ONE selected frame into the details tree (Frame, link, IP, TCP/UDP/ICMP, payload).
 * It re-runs the batch decoder on the frame and turns the decoder's offsets into nodes, so every byte
 * range is exactly the offset the decoder (and so the index and the filters) used. Runs once per
 * selection: allocating nodes here is fine. Bad bytes become expert items, never exceptions.
 */
export interface DissectInput {
  frame: number
  linkType: number
  tsSec: number
  tsNsec: number
  origLen: number
  data: Uint8Array
  interfaceId?: number
  interfaceName?: string
  /**
   * The TCP analysis values of this frame, named as in Wireshark (`tcp.stream`, `tcp.seq` relative,
   * `tcp.analysis.flags` …), when the engine has them: shown in the TCP layer like Wireshark's
   * generated fields and SEQ/ACK analysis subtree.
   */
  tcp?: Readonly<Record<string, number | string | readonly string[] | undefined>>
}

const ANALYSIS_TEXT: Record<string, [string, 'warning' | 'note']> = {
  retransmission: ['This frame is a (suspected) retransmission', 'note'],
  fast_retransmission: ['This frame is a (suspected) fast retransmission', 'note'],
  spurious_retransmission: ['This frame is a (suspected) spurious retransmission', 'note'],
  out_of_order: ['This frame is a (suspected) out-of-order segment', 'warning'],
  lost_segment: ['Previous segment(s) not captured (common at capture start)', 'warning'],
  ack_lost_segment: ["ACKed segment that wasn't captured (common at capture start)", 'warning'],
  duplicate_ack: ['Duplicate ACK', 'note'],
  zero_window: ['TCP Zero Window segment', 'warning'],
  zero_window_probe: ['TCP Zero Window Probe', 'note'],
  zero_window_probe_ack: ['ACK to a TCP Zero Window Probe', 'note'],
  window_update: ['TCP window update', 'note'],
  window_full: ['TCP window specified by the receiver is now completely full', 'warning'],
  keep_alive: ['TCP keep-alive segment', 'note'],
  keep_alive_ack: ['ACK to a TCP keep-alive segment', 'note'],
  reused_ports: [
    'A new tcp session is started with the same ports as an earlier session in this trace',
    'note',
  ],
}

const scratch = new DecodedFrame()

function hex(n: number, digits: number): string {
  return '0x' + n.toString(16).padStart(digits, '0')
}

function mac(d: Uint8Array, off: number): string {
  const p: string[] = []
  for (let i = 0; i < 6; i++) p.push((d[off + i] ?? 0).toString(16).padStart(2, '0'))
  return p.join(':')
}

function u16(d: Uint8Array, off: number): number {
  return ((d[off] ?? 0) << 8) | (d[off + 1] ?? 0)
}

const ETHER_TYPES: Record<number, string> = {
  0x0800: 'IPv4',
  0x86dd: 'IPv6',
  0x0806: 'ARP',
  0x8100: '802.1Q',
  0x88a8: '802.1ad',
}
const IP_PROTOS: Record<number, string> = {
  1: 'ICMP',
  6: 'TCP',
  17: 'UDP',
  58: 'ICMPv6',
  2: 'IGMP',
  47: 'GRE',
  50: 'ESP',
  132: 'SCTP',
}
const ICMP_TYPES: Record<number, string> = {
  0: 'Echo (ping) reply',
  3: 'Destination unreachable',
  5: 'Redirect',
  8: 'Echo (ping) request',
  11: 'Time-to-live exceeded',
  13: 'Timestamp request',
  14: 'Timestamp reply',
}
const ICMPV6_TYPES: Record<number, string> = {
  1: 'Destination unreachable',
  2: 'Packet too big',
  3: 'Time exceeded',
  128: 'Echo (ping) request',
  129: 'Echo (ping) reply',
  133: 'Router solicitation',
  134: 'Router advertisement',
  135: 'Neighbor solicitation',
  136: 'Neighbor advertisement',
}

export function icmpTypeName(v6: boolean, type: number): string {
  return (v6 ? ICMPV6_TYPES : ICMP_TYPES)[type] ?? `type ${type}`
}

const FLAG_NAMES: Array<[number, string, string]> = [
  [TcpFlag.AE, 'Accurate ECN', 'tcp.flags.ae'],
  [TcpFlag.CWR, 'Congestion Window Reduced', 'tcp.flags.cwr'],
  [TcpFlag.ECE, 'ECN-Echo', 'tcp.flags.ece'],
  [TcpFlag.URG, 'Urgent', 'tcp.flags.urg'],
  [TcpFlag.ACK, 'Acknowledgment', 'tcp.flags.ack'],
  [TcpFlag.PSH, 'Push', 'tcp.flags.push'],
  [TcpFlag.RST, 'Reset', 'tcp.flags.reset'],
  [TcpFlag.SYN, 'Syn', 'tcp.flags.syn'],
  [TcpFlag.FIN, 'Fin', 'tcp.flags.fin'],
]

export function tcpFlagWords(flags: number): string {
  const w: string[] = []
  if (flags & TcpFlag.CWR) w.push('CWR')
  if (flags & TcpFlag.ECE) w.push('ECE')
  if (flags & TcpFlag.URG) w.push('URG')
  if (flags & TcpFlag.ACK) w.push('ACK')
  if (flags & TcpFlag.PSH) w.push('PSH')
  if (flags & TcpFlag.RST) w.push('RST')
  if (flags & TcpFlag.SYN) w.push('SYN')
  if (flags & TcpFlag.FIN) w.push('FIN')
  return w.join(', ')
}

function checksumText(value: number, ok: number): string {
  const s = hex(value, 4)
  return ok === 1 ? `${s} [correct]` : ok === 0 ? `${s} [incorrect]` : `${s} [unverified]`
}

export function dissectFrame(input: DissectInput): FrameDetails {
  const d = input.data
  const cap = d.length
  const f = scratch
  decodeFrame(input.linkType, d, input.origLen, f, true)
  // Every range is clamped to the captured bytes: a header that claims more shows what exists.
  const clamp = (n: number): number => (n < 0 ? 0 : n > cap ? cap : n)
  const node = (
    label: string,
    field: string | undefined,
    start: number,
    len: number,
    children?: DetailNode[],
  ): DetailNode => {
    const n: DetailNode = { label, start: clamp(start), end: clamp(start + len) }
    if (field) n.field = field
    if (children && children.length > 0) n.children = children
    return n
  }
  const tree: DetailNode[] = []

  // --- Frame
  const iso = new Date(input.tsSec * 1000).toISOString().replace(/\.\d+Z$/, '')
  const frameNode = node(
    `Frame ${input.frame}: ${input.origLen} bytes on wire, ${cap} bytes captured`,
    'frame',
    0,
    cap,
    [
      node(`Frame Number: ${input.frame}`, 'frame.number', 0, 0),
      node(
        `Arrival Time: ${iso}.${String(Math.floor(input.tsNsec)).padStart(9, '0')} UTC`,
        'frame.time',
        0,
        0,
      ),
      node(
        `Epoch Time: ${input.tsSec}.${String(Math.floor(input.tsNsec)).padStart(9, '0')} seconds`,
        'frame.time_epoch',
        0,
        0,
      ),
      node(`Frame Length: ${input.origLen} bytes`, 'frame.len', 0, 0),
      node(`Capture Length: ${cap} bytes`, 'frame.cap_len', 0, 0),
      node(`Link type: ${input.linkType}`, undefined, 0, 0),
      ...(input.interfaceId !== undefined
        ? [
            node(
              `Interface id: ${input.interfaceId}${input.interfaceName ? ` (${input.interfaceName})` : ''}`,
              'frame.interface_id',
              0,
              0,
            ),
          ]
        : []),
    ],
  )
  tree.push(frameNode)

  // --- Link
  if (f.linkOffset >= 0 && f.linkHeaderLen > 0) {
    const lo = f.linkOffset
    if (input.linkType === LinkType.EN10MB) {
      const kids: DetailNode[] = []
      if (f.macDstOffset >= 0)
        kids.push(node(`Destination: ${mac(d, f.macDstOffset)}`, 'eth.dst', f.macDstOffset, 6))
      if (f.macSrcOffset >= 0)
        kids.push(node(`Source: ${mac(d, f.macSrcOffset)}`, 'eth.src', f.macSrcOffset, 6))
      const t = u16(d, lo + 12)
      kids.push(node(`Type: ${ETHER_TYPES[t] ?? 'Unknown'} (${hex(t, 4)})`, 'eth.type', lo + 12, 2))
      tree.push(
        node(
          `Ethernet II, Src: ${f.macSrcOffset >= 0 ? mac(d, f.macSrcOffset) : '?'}, Dst: ${f.macDstOffset >= 0 ? mac(d, f.macDstOffset) : '?'}`,
          'eth',
          lo,
          14,
          kids,
        ),
      )
      for (let v = 0; v < f.vlanCount; v++) {
        const p = lo + 14 + v * 4
        const inner = u16(d, p + 2)
        tree.push(
          node(`802.1Q Virtual LAN, PRI: ${f.vlanPcp[v]}, ID: ${f.vlanIds[v]}`, 'vlan', p, 4, [
            node(`Priority: ${f.vlanPcp[v]}`, 'vlan.priority', p, 2),
            node(`ID: ${f.vlanIds[v]}`, 'vlan.id', p, 2),
            node(`Type: ${ETHER_TYPES[inner] ?? 'Unknown'} (${hex(inner, 4)})`, 'vlan.etype', p + 2, 2),
          ]),
        )
      }
    } else if (input.linkType === LinkType.LINUX_SLL || input.linkType === LinkType.LINUX_SLL2) {
      // v1: pkttype[0,2) hatype[2,4) halen[4,6) addr[6,14) protocol[14,16)
      // v2: protocol[0,2) reserved[2,4) ifindex[4,8) hatype[8,10) pkttype[10] halen[11] addr[12,20)
      const v1 = input.linkType === LinkType.LINUX_SLL
      const kids: DetailNode[] = []
      if (f.sllPktType >= 0)
        kids.push(node(`Packet type: ${f.sllPktType}`, 'sll.pkttype', v1 ? lo : lo + 10, v1 ? 2 : 1))
      if (f.macSrcOffset >= 0 && f.sllAddrLen === 6)
        kids.push(node(`Source: ${mac(d, f.macSrcOffset)}`, 'sll.src.eth', f.macSrcOffset, 6))
      const proto = u16(d, v1 ? lo + 14 : lo)
      kids.push(
        node(
          `Protocol: ${ETHER_TYPES[proto] ?? 'Unknown'} (${hex(proto, 4)})`,
          'sll.etype',
          v1 ? lo + 14 : lo,
          2,
        ),
      )
      tree.push(
        node(v1 ? 'Linux cooked capture v1' : 'Linux cooked capture v2', 'sll', lo, f.linkHeaderLen, kids),
      )
    } else {
      tree.push(node(`Link header (link type ${input.linkType})`, 'link', lo, f.linkHeaderLen))
    }
  }

  // --- Network
  const l3 = f.l3Offset
  if (l3 >= 0 && f.ipVersion === 4 && f.ipHeaderLen > 0) {
    const src = f.ipSrcOffset >= 0 && f.ipSrcOffset + 4 <= cap ? formatIPv4(d, f.ipSrcOffset) : '?'
    const dst = f.ipDstOffset >= 0 && f.ipDstOffset + 4 <= cap ? formatIPv4(d, f.ipDstOffset) : '?'
    const flagsText = `${f.ipFlags & 2 ? "Don't fragment" : ''}${f.ipFlags & 1 ? (f.ipFlags & 2 ? ', ' : '') + 'More fragments' : ''}`
    const kids = [
      node('0100 .... = Version: 4', 'ip.version', l3, 1),
      node(
        `.... ${((f.ipHeaderLen / 4) >>> 0).toString(2).padStart(4, '0')} = Header Length: ${f.ipHeaderLen} bytes (${f.ipHeaderLen / 4})`,
        'ip.hdr_len',
        l3,
        1,
      ),
      node(`Differentiated Services Field: ${hex(f.ipTos, 2)}`, 'ip.dsfield', l3 + 1, 1),
      node(`Total Length: ${f.ipTotalLen}`, 'ip.len', l3 + 2, 2),
      node(`Identification: ${hex(f.ipId, 4)} (${f.ipId})`, 'ip.id', l3 + 4, 2),
      node(`Flags: ${hex(f.ipFlags << 5, 2)}${flagsText ? `, ${flagsText}` : ''}`, 'ip.flags', l3 + 6, 1),
      node(`Fragment Offset: ${f.ipFragOffset}`, 'ip.frag_offset', l3 + 6, 2),
      node(`Time to Live: ${f.ipTtl}`, 'ip.ttl', l3 + 8, 1),
      node(`Protocol: ${IP_PROTOS[f.ipProto] ?? 'Unknown'} (${f.ipProto})`, 'ip.proto', l3 + 9, 1),
      node(`Header Checksum: ${checksumText(f.ipChecksum, f.ipChecksumOk)}`, 'ip.checksum', l3 + 10, 2),
      node(`Source Address: ${src}`, 'ip.src', l3 + 12, 4),
      node(`Destination Address: ${dst}`, 'ip.dst', l3 + 16, 4),
    ]
    if (f.ipOptionsLen > 0)
      kids.push(node(`Options: (${f.ipOptionsLen} bytes)`, 'ip.options', f.ipOptionsOffset, f.ipOptionsLen))
    tree.push(node(`Internet Protocol Version 4, Src: ${src}, Dst: ${dst}`, 'ip', l3, f.ipHeaderLen, kids))
  } else if (l3 >= 0 && f.ipVersion === 6) {
    const src = f.ipSrcOffset >= 0 && f.ipSrcOffset + 16 <= cap ? formatIPv6(d, f.ipSrcOffset) : '?'
    const dst = f.ipDstOffset >= 0 && f.ipDstOffset + 16 <= cap ? formatIPv6(d, f.ipDstOffset) : '?'
    const kids = [
      node('0110 .... = Version: 6', 'ipv6.version', l3, 1),
      node(`Traffic Class: ${hex(f.ipTos, 2)}`, 'ipv6.tclass', l3, 4),
      node(`Flow Label: ${hex(f.ipFlowLabel, 5)}`, 'ipv6.flow', l3 + 1, 3),
      node(`Payload Length: ${Math.max(0, f.ipTotalLen - 40)}`, 'ipv6.plen', l3 + 4, 2),
      node(
        `Next Header: ${IP_PROTOS[d[l3 + 6] ?? -1] ?? 'Unknown'} (${d[l3 + 6] ?? '?'})`,
        'ipv6.nxt',
        l3 + 6,
        1,
      ),
      node(`Hop Limit: ${f.ipTtl}`, 'ipv6.hlim', l3 + 7, 1),
      node(`Source Address: ${src}`, 'ipv6.src', l3 + 8, 16),
      node(`Destination Address: ${dst}`, 'ipv6.dst', l3 + 24, 16),
    ]
    tree.push(
      node(
        `Internet Protocol Version 6, Src: ${src}, Dst: ${dst}`,
        'ipv6',
        l3,
        f.ipHeaderLen > 0 ? f.ipHeaderLen : 40,
        kids,
      ),
    )
  } else if (l3 >= 0 && f.proto === Proto.ARP) {
    const op = f.arpOp
    const kids = [
      node(`Hardware type: ${u16(d, l3)}`, 'arp.hw.type', l3, 2),
      node(`Protocol type: ${hex(u16(d, l3 + 2), 4)}`, 'arp.proto.type', l3 + 2, 2),
      node(`Hardware size: ${d[l3 + 4] ?? '?'}`, 'arp.hw.size', l3 + 4, 1),
      node(`Protocol size: ${d[l3 + 5] ?? '?'}`, 'arp.proto.size', l3 + 5, 1),
      node(`Opcode: ${op === 1 ? 'request' : op === 2 ? 'reply' : op} (${op})`, 'arp.opcode', l3 + 6, 2),
    ]
    if (d[l3 + 4] === 6 && d[l3 + 5] === 4 && l3 + 28 <= cap) {
      kids.push(
        node(`Sender MAC address: ${mac(d, l3 + 8)}`, 'arp.src.hw_mac', l3 + 8, 6),
        node(`Sender IP address: ${formatIPv4(d, l3 + 14)}`, 'arp.src.proto_ipv4', l3 + 14, 4),
        node(`Target MAC address: ${mac(d, l3 + 18)}`, 'arp.dst.hw_mac', l3 + 18, 6),
        node(`Target IP address: ${formatIPv4(d, l3 + 24)}`, 'arp.dst.proto_ipv4', l3 + 24, 4),
      )
    }
    tree.push(
      node(
        `Address Resolution Protocol (${op === 1 ? 'request' : op === 2 ? 'reply' : 'opcode ' + op})`,
        'arp',
        l3,
        28,
        kids,
      ),
    )
  }

  // --- Transport
  const l4 = f.l4Offset
  if (l4 >= 0 && f.proto === Proto.TCP && f.tcpHdrLen > 0) {
    // AE shares byte 12 with the data offset; the other eight flags are byte 13 (as Wireshark draws them).
    const flagKids = FLAG_NAMES.map(([bit, name, field]) =>
      node(
        `${name}: ${f.tcpFlags & bit ? 'Set' : 'Not set'}`,
        field,
        bit === TcpFlag.AE ? l4 + 12 : l4 + 13,
        1,
      ),
    )
    const a = input.tcp
    const num = (k: string): number | undefined => (typeof a?.[k] === 'number' ? (a[k] as number) : undefined)
    const relSeq = num('tcp.seq')
    const relAck = num('tcp.ack')
    const kids = [
      node(`Source Port: ${f.srcPort}`, 'tcp.srcport', l4, 2),
      node(`Destination Port: ${f.dstPort}`, 'tcp.dstport', l4 + 2, 2),
      ...(num('tcp.stream') !== undefined
        ? [node(`[Stream index: ${num('tcp.stream')}]`, 'tcp.stream', l4, 0)]
        : []),
      ...(num('tcp.len') !== undefined
        ? [node(`[TCP Segment Len: ${num('tcp.len')}]`, 'tcp.len', l4, 0)]
        : []),
      ...(relSeq !== undefined
        ? [node(`Sequence Number: ${relSeq}    (relative sequence number)`, 'tcp.seq', l4 + 4, 4)]
        : []),
      node(`Sequence Number (raw): ${f.tcpSeq}`, 'tcp.seq_raw', l4 + 4, 4),
      ...(num('tcp.nxtseq') !== undefined
        ? [
            node(
              `[Next Sequence Number: ${num('tcp.nxtseq')}    (relative sequence number)]`,
              'tcp.nxtseq',
              l4,
              0,
            ),
          ]
        : []),
      ...(relAck !== undefined
        ? [node(`Acknowledgment Number: ${relAck}    (relative ack number)`, 'tcp.ack', l4 + 8, 4)]
        : []),
      node(`Acknowledgment Number (raw): ${f.tcpAck}`, 'tcp.ack_raw', l4 + 8, 4),
      node(`Header Length: ${f.tcpHdrLen} bytes (${f.tcpHdrLen / 4})`, 'tcp.hdr_len', l4 + 12, 1),
      node(`Flags: ${hex(f.tcpFlags, 3)} (${tcpFlagWords(f.tcpFlags)})`, 'tcp.flags', l4 + 12, 2, flagKids),
      node(`Window: ${f.tcpWindow}`, 'tcp.window_size_value', l4 + 14, 2),
      node(`Checksum: ${checksumText(f.tcpChecksum, f.l4ChecksumOk)}`, 'tcp.checksum', l4 + 16, 2),
      node(`Urgent Pointer: ${f.tcpUrgent}`, 'tcp.urgent_pointer', l4 + 18, 2),
    ]
    if (f.tcpOptionsLen > 0) {
      const opts: DetailNode[] = []
      if (f.tcpMss >= 0)
        opts.push(
          node(`Maximum segment size: ${f.tcpMss} bytes`, 'tcp.options.mss_val', f.tcpOptionsOffset, 0),
        )
      if (f.tcpWscale >= 0)
        opts.push(
          node(
            `Window scale: ${f.tcpWscale} (multiply by ${2 ** f.tcpWscale})`,
            'tcp.options.wscale.shift',
            f.tcpOptionsOffset,
            0,
          ),
        )
      if (f.tcpSackPerm) opts.push(node('SACK permitted', 'tcp.options.sack_perm', f.tcpOptionsOffset, 0))
      if (f.tcpTsVal >= 0)
        opts.push(
          node(
            `Timestamps: TSval ${f.tcpTsVal}, TSecr ${f.tcpTsEcr}`,
            'tcp.options.timestamp.tsval',
            f.tcpOptionsOffset,
            0,
          ),
        )
      for (let k = 0; k < f.tcpSackCount; k++)
        opts.push(
          node(
            `SACK block: ${f.tcpSackLeft[k]}-${f.tcpSackRight[k]}`,
            'tcp.options.sack',
            f.tcpOptionsOffset,
            0,
          ),
        )
      // The decoder keeps option values, not each option's offset: children point at the whole option area.
      for (const o of opts) o.end = clamp(f.tcpOptionsOffset + f.tcpOptionsLen)
      kids.push(
        node(`Options: (${f.tcpOptionsLen} bytes)`, 'tcp.options', f.tcpOptionsOffset, f.tcpOptionsLen, opts),
      )
    }
    if (num('tcp.window_size') !== undefined)
      kids.push(node(`[Calculated window size: ${num('tcp.window_size')}]`, 'tcp.window_size', l4, 0))
    const seqAck: DetailNode[] = []
    if (num('tcp.analysis.acks_frame'))
      seqAck.push(
        node(
          `[This is an ACK to the segment in frame: ${num('tcp.analysis.acks_frame')}]`,
          'tcp.analysis.acks_frame',
          l4,
          0,
        ),
      )
    if (typeof a?.['tcp.analysis.ack_rtt'] === 'string')
      seqAck.push(
        node(
          `[The RTT to ACK the segment was: ${a['tcp.analysis.ack_rtt']} seconds]`,
          'tcp.analysis.ack_rtt',
          l4,
          0,
        ),
      )
    if (typeof a?.['tcp.analysis.initial_rtt'] === 'string')
      seqAck.push(node(`[iRTT: ${a['tcp.analysis.initial_rtt']} seconds]`, 'tcp.analysis.initial_rtt', l4, 0))
    if (num('tcp.analysis.bytes_in_flight') !== undefined)
      seqAck.push(
        node(
          `[Bytes in flight: ${num('tcp.analysis.bytes_in_flight')}]`,
          'tcp.analysis.bytes_in_flight',
          l4,
          0,
        ),
      )
    const flags = a?.['tcp.analysis.flags']
    if (Array.isArray(flags) && flags.length > 0) {
      const experts: DetailNode[] = []
      for (const name of flags as readonly string[]) {
        const [text, severity] = ANALYSIS_TEXT[name] ?? [name.replace(/_/g, ' '), 'note']
        const e = node(
          `[Expert Info (${severity === 'warning' ? 'Warning' : 'Note'}/Sequence): ${text}]`,
          `tcp.analysis.${name}`,
          l4,
          0,
        )
        e.issue = { severity, message: text }
        experts.push(e)
      }
      if (num('tcp.analysis.duplicate_ack_num'))
        experts.push(
          node(
            `[This is a TCP duplicate ack: #${num('tcp.analysis.duplicate_ack_num')} of frame ${num('tcp.analysis.duplicate_ack_frame')}]`,
            'tcp.analysis.duplicate_ack_num',
            l4,
            0,
          ),
        )
      seqAck.push(node('[TCP Analysis Flags]', 'tcp.analysis.flags', l4, 0, experts))
    }
    if (seqAck.length > 0) kids.push(node('[SEQ/ACK analysis]', 'tcp.analysis', l4, 0, seqAck))
    if (num('tcp.len') === undefined) kids.push(node(`TCP Segment Len: ${f.payloadLen}`, 'tcp.len', l4, 0))
    tree.push(
      node(
        `Transmission Control Protocol, Src Port: ${f.srcPort}, Dst Port: ${f.dstPort}, Seq: ${relSeq ?? f.tcpSeq}${f.tcpFlags & TcpFlag.ACK ? `, Ack: ${relAck ?? f.tcpAck}` : ''}, Len: ${f.payloadLen}`,
        'tcp',
        l4,
        f.tcpHdrLen,
        kids,
      ),
    )
  } else if (l4 >= 0 && f.proto === Proto.UDP) {
    tree.push(
      node(`User Datagram Protocol, Src Port: ${f.srcPort}, Dst Port: ${f.dstPort}`, 'udp', l4, 8, [
        node(`Source Port: ${f.srcPort}`, 'udp.srcport', l4, 2),
        node(`Destination Port: ${f.dstPort}`, 'udp.dstport', l4 + 2, 2),
        node(`Length: ${f.udpLength}`, 'udp.length', l4 + 4, 2),
        node(`Checksum: ${checksumText(f.udpChecksum, f.l4ChecksumOk)}`, 'udp.checksum', l4 + 6, 2),
      ]),
    )
  } else if (l4 >= 0 && (f.proto === Proto.ICMP || f.proto === Proto.ICMPV6)) {
    const v6 = f.proto === Proto.ICMPV6
    const p = v6 ? 'icmpv6' : 'icmp'
    // Like Wireshark, the ICMP layer spans the whole message (its data is inside it).
    tree.push(
      node(
        v6 ? 'Internet Control Message Protocol v6' : 'Internet Control Message Protocol',
        p,
        l4,
        cap - l4,
        [
          node(`Type: ${f.icmpType} (${icmpTypeName(v6, f.icmpType)})`, `${p}.type`, l4, 1),
          node(`Code: ${f.icmpCode}`, `${p}.code`, l4 + 1, 1),
          node(`Checksum: ${checksumText(u16(d, l4 + 2), f.l4ChecksumOk)}`, `${p}.checksum`, l4 + 2, 2),
        ],
      ),
    )
  }

  // --- Payload
  if (f.payloadOffset >= 0 && f.payloadCapLen > 0) {
    tree.push(
      node(`Data (${f.payloadCapLen} bytes)`, 'data', f.payloadOffset, f.payloadCapLen, [
        node(`Length: ${f.payloadLen}`, 'data.len', f.payloadOffset, f.payloadCapLen),
      ]),
    )
  }

  // --- Expert items (Wireshark shows them inside the layer; we attach to the layer node and list them)
  const issues: FrameDetails['issues'] = []
  for (let k = 0; k < f.issueCount; k++) {
    const it = {
      code: f.issueCodes[k]!,
      layer: f.issueLayers[k]!,
      offset: f.issueOffsets[k]!,
      length: f.issueLengths[k]!,
      message: f.issueMessages[k]!,
    }
    issues.push(it)
    const sev = it.code === 'malformed' ? 'error' : it.code === 'unsupported' ? 'note' : 'warning'
    const expert: DetailNode = {
      label: `[Expert: ${it.message}]`,
      start: clamp(it.offset),
      end: clamp(it.offset + Math.max(0, it.length)),
      issue: { severity: sev, message: it.message },
    }
    const layerField = it.layer === 'ip' ? 'ip' : it.layer
    const owner = tree.find((n) => n.field === layerField) ?? frameNode
    ;(owner.children ??= []).push(expert)
  }

  return { frame: input.frame, bytes: d, tree, issues }
}
