/**
 * The fields and protocols the filter knows, with Wireshark's names, and where each value lives in the
 * packet index (IndexChunk columns, TCP analysis arrays, or derived per-row layer bits).
 */

/** Per-row layer bits (derived from proto, address family and the interface's link type). */
export const Layer = {
  FRAME: 1,
  ETH: 2,
  IP: 4,
  IPV6: 8,
  TCP: 16,
  UDP: 32,
  ICMP: 64,
  ICMPV6: 128,
  ARP: 256,
} as const

export type FieldType =
  /** A protocol: exists / contains / matches. */
  | 'protocol'
  /** Unsigned integer (also frame numbers). */
  | 'uint'
  /** Signed integer. */
  | 'int'
  | 'bool'
  | 'ipv4'
  | 'ipv6'
  /** Relative time, compared exactly in nanoseconds. */
  | 'reltime'
  /** Relative time stored as float seconds (tcp.analysis.ack_rtt). */
  | 'seconds'
  /** A label with no value (expert items, analysis flags): only "present" makes sense. */
  | 'none'
  /** Payload bytes (tcp.payload, udp.payload): exists / contains / matches. */
  | 'bytes'

/**
 * Where a value comes from. `col` reads an IndexChunk column at the chunk-local row; `tcp` reads a
 * TcpAnalysis array at the global row; the others are computed.
 */
export type Source =
  | {
      src: 'col'
      col:
        | 'srcPort'
        | 'dstPort'
        | 'origLen'
        | 'capLen'
        | 'tcpSeq'
        | 'tcpAck'
        | 'tcpFlags'
        | 'tcpWindow'
        | 'payloadLen'
        | 'srcAddr'
        | 'dstAddr'
    }
  | {
      src: 'tcp'
      arr:
        | 'stream'
        | 'relSeq'
        | 'relAck'
        | 'nxtSeq'
        | 'windowSize'
        | 'windowScaleFactor'
        | 'analysisFlags'
        | 'ackRtt'
        | 'bytesInFlight'
    }
  | { src: 'frameNumber' }
  | { src: 'timeRelativeNs' }
  /** Nanoseconds since the previous captured frame (0 for the first). */
  | { src: 'timeDeltaNs' }
  | { src: 'flagBit'; bit: number }

/** Extra presence conditions a field has beyond its layer. */
export type Presence =
  | { p: 'always' }
  | { p: 'flagSet'; bit: number } // tcp.ack only with the ACK flag
  | { p: 'analysisBit'; mask: number }
  | { p: 'issueBit'; mask: number }
  | { p: 'notNaN' } // ackRtt
  | { p: 'nonNegative' } // bytesInFlight
  | { p: 'payload' } // tcp.payload / udp.payload: payloadLen > 0
  | { p: 'scaleShown' } // tcp.window_size_scalefactor: not on SYN rows (0 there)

export interface FieldDef {
  name: string
  type: FieldType
  /** Row must have all of these layer bits (0 = any row). */
  layer: number
  presence: Presence
  /** One value, or two for Wireshark's "either" fields (ip.addr = src or dst, tcp.port …). */
  values: Source[]
  /** Needs the TCP analysis arrays. */
  needsTcp?: boolean
  /** For protocol/bytes fields: which bytes `contains` searches. */
  bytes?: ByteScope
  /** What to say in the field list / completion. */
  description: string
}

/** The byte range a protocol or payload field covers in the frame. */
export type ByteScope =
  'frame' | 'eth' | 'ip' | 'ipv6' | 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'arp' | 'payload'

/** tcp.analysis.* flag names in bit order (the TCP engine's bits). */
export { TCP_ANALYSIS_FLAG_NAMES as ANALYSIS_FLAG_NAMES } from '../model/tcp-analysis-flags'
import { TCP_ANALYSIS_FLAG_NAMES as ANALYSIS_FLAG_NAMES } from '../model/tcp-analysis-flags'

/** IssueBit values (src/shared/model/issues.ts) used by _ws.* fields. */
const ISSUE_TRUNCATED = 1
const ISSUE_MALFORMED = 2

const FIELDS: FieldDef[] = []

function add(d: FieldDef): void {
  FIELDS.push(d)
}

const ALWAYS: Presence = { p: 'always' }
const col = (c: Extract<Source, { src: 'col' }>['col']): Source => ({ src: 'col', col: c })
const tcpArr = (a: Extract<Source, { src: 'tcp' }>['arr']): Source => ({ src: 'tcp', arr: a })

// --- protocols
const PROTOS: Array<[string, number, ByteScope, string]> = [
  ['frame', Layer.FRAME, 'frame', 'every frame'],
  ['eth', Layer.ETH, 'eth', 'Ethernet'],
  ['ip', Layer.IP, 'ip', 'IPv4'],
  ['ipv6', Layer.IPV6, 'ipv6', 'IPv6'],
  ['tcp', Layer.TCP, 'tcp', 'TCP'],
  ['udp', Layer.UDP, 'udp', 'UDP'],
  ['icmp', Layer.ICMP, 'icmp', 'ICMP'],
  ['icmpv6', Layer.ICMPV6, 'icmpv6', 'ICMPv6'],
  ['arp', Layer.ARP, 'arp', 'ARP'],
]
for (const [name, layer, bytes, description] of PROTOS) {
  add({
    name,
    type: 'protocol',
    layer: layer === Layer.FRAME ? 0 : layer,
    presence: ALWAYS,
    values: [],
    bytes,
    description,
  })
}

// --- frame
add({
  name: 'frame.number',
  type: 'uint',
  layer: 0,
  presence: ALWAYS,
  values: [{ src: 'frameNumber' }],
  description: 'frame number (1-based)',
})
add({
  name: 'frame.len',
  type: 'uint',
  layer: 0,
  presence: ALWAYS,
  values: [col('origLen')],
  description: 'frame length on the wire',
})
add({
  name: 'frame.cap_len',
  type: 'uint',
  layer: 0,
  presence: ALWAYS,
  values: [col('capLen')],
  description: 'captured length',
})
add({
  name: 'frame.time_relative',
  type: 'reltime',
  layer: 0,
  presence: ALWAYS,
  values: [{ src: 'timeRelativeNs' }],
  description: 'seconds since the first frame',
})
add({
  name: 'frame.time_delta',
  type: 'reltime',
  layer: 0,
  presence: ALWAYS,
  values: [{ src: 'timeDeltaNs' }],
  description: 'seconds since the previous captured frame',
})
add({
  name: '_ws.malformed',
  type: 'none',
  layer: 0,
  presence: { p: 'issueBit', mask: ISSUE_MALFORMED },
  values: [],
  description: 'a header is malformed (wirelite decoder issue)',
})
add({
  name: '_ws.short',
  type: 'none',
  layer: 0,
  presence: { p: 'issueBit', mask: ISSUE_TRUNCATED },
  values: [],
  description: 'the frame was cut by the snapshot length',
})
add({
  name: '_ws.expert',
  type: 'none',
  layer: 0,
  presence: { p: 'issueBit', mask: 0xff },
  values: [],
  description: 'any decoder issue (truncated, malformed, unsupported, bad checksum, fragment)',
})

// --- addresses
for (const [proto, layer, type] of [
  ['ip', Layer.IP, 'ipv4'],
  ['ipv6', Layer.IPV6, 'ipv6'],
] as const) {
  const label = type === 'ipv4' ? 'IPv4' : 'IPv6'
  add({
    name: `${proto}.src`,
    type,
    layer,
    presence: ALWAYS,
    values: [col('srcAddr')],
    description: `${label} source address`,
  })
  add({
    name: `${proto}.dst`,
    type,
    layer,
    presence: ALWAYS,
    values: [col('dstAddr')],
    description: `${label} destination address`,
  })
  add({
    name: `${proto}.addr`,
    type,
    layer,
    presence: ALWAYS,
    values: [col('srcAddr'), col('dstAddr')],
    description: `${label} source or destination address`,
  })
}

// --- ports
for (const [proto, layer] of [
  ['tcp', Layer.TCP],
  ['udp', Layer.UDP],
] as const) {
  const label = proto.toUpperCase()
  add({
    name: `${proto}.srcport`,
    type: 'uint',
    layer,
    presence: ALWAYS,
    values: [col('srcPort')],
    description: `${label} source port`,
  })
  add({
    name: `${proto}.dstport`,
    type: 'uint',
    layer,
    presence: ALWAYS,
    values: [col('dstPort')],
    description: `${label} destination port`,
  })
  add({
    name: `${proto}.port`,
    type: 'uint',
    layer,
    presence: ALWAYS,
    values: [col('srcPort'), col('dstPort')],
    description: `${label} source or destination port`,
  })
  add({
    name: `${proto}.payload`,
    type: 'bytes',
    layer,
    presence: { p: 'payload' },
    values: [],
    bytes: 'payload',
    description: `${label} payload bytes`,
  })
}
for (const [proto, layer] of [
  ['icmp', Layer.ICMP],
  ['icmpv6', Layer.ICMPV6],
] as const) {
  add({
    name: `${proto}.type`,
    type: 'uint',
    layer,
    presence: ALWAYS,
    values: [col('srcPort')],
    description: `${proto.toUpperCase()} type`,
  })
  add({
    name: `${proto}.code`,
    type: 'uint',
    layer,
    presence: ALWAYS,
    values: [col('dstPort')],
    description: `${proto.toUpperCase()} code`,
  })
}

// --- TCP header and analysis
const T = Layer.TCP
add({
  name: 'tcp.stream',
  type: 'uint',
  layer: T,
  presence: ALWAYS,
  values: [tcpArr('stream')],
  needsTcp: true,
  description: 'TCP stream index',
})
add({
  name: 'tcp.len',
  type: 'uint',
  layer: T,
  presence: ALWAYS,
  values: [col('payloadLen')],
  description: 'TCP segment (payload) length',
})
add({
  name: 'tcp.seq',
  type: 'uint',
  layer: T,
  presence: ALWAYS,
  values: [tcpArr('relSeq')],
  needsTcp: true,
  description: 'relative sequence number',
})
add({
  name: 'tcp.seq_raw',
  type: 'uint',
  layer: T,
  presence: ALWAYS,
  values: [col('tcpSeq')],
  description: 'sequence number as on the wire',
})
add({
  name: 'tcp.ack',
  type: 'uint',
  layer: T,
  presence: { p: 'flagSet', bit: 0x010 },
  values: [tcpArr('relAck')],
  needsTcp: true,
  description: 'relative acknowledgment number',
})
add({
  name: 'tcp.ack_raw',
  type: 'uint',
  layer: T,
  presence: { p: 'flagSet', bit: 0x010 },
  values: [col('tcpAck')],
  description: 'acknowledgment number as on the wire',
})
add({
  name: 'tcp.nxtseq',
  type: 'uint',
  layer: T,
  presence: ALWAYS,
  values: [tcpArr('nxtSeq')],
  needsTcp: true,
  description: 'next relative sequence number',
})
add({
  name: 'tcp.flags',
  type: 'uint',
  layer: T,
  presence: ALWAYS,
  values: [col('tcpFlags')],
  description: 'TCP flags (12 bits)',
})
add({
  name: 'tcp.window_size_value',
  type: 'uint',
  layer: T,
  presence: ALWAYS,
  values: [col('tcpWindow')],
  description: 'window field as on the wire',
})
add({
  name: 'tcp.window_size_scalefactor',
  type: 'int',
  layer: T,
  presence: { p: 'scaleShown' },
  values: [tcpArr('windowScaleFactor')],
  needsTcp: true,
  description: 'window scaling factor (-1 unknown, -2 no scaling)',
})
add({
  name: 'tcp.window_size',
  type: 'uint',
  layer: T,
  presence: ALWAYS,
  values: [tcpArr('windowSize')],
  needsTcp: true,
  description: 'window after scaling',
})
const FLAG_FIELDS: Array<[string, number, string]> = [
  ['fin', 0x001, 'FIN'],
  ['syn', 0x002, 'SYN'],
  ['reset', 0x004, 'RST'],
  ['push', 0x008, 'PSH'],
  ['ack', 0x010, 'ACK'],
  ['urg', 0x020, 'URG'],
  ['ece', 0x040, 'ECE'],
  ['cwr', 0x080, 'CWR'],
  ['ae', 0x100, 'AE (formerly NS)'],
]
for (const [n, bit, label] of FLAG_FIELDS) {
  add({
    name: `tcp.flags.${n}`,
    type: 'bool',
    layer: T,
    presence: ALWAYS,
    values: [{ src: 'flagBit', bit }],
    description: `${label} flag`,
  })
}
add({
  name: 'tcp.analysis.flags',
  type: 'none',
  layer: T,
  presence: { p: 'analysisBit', mask: 0x7fff },
  values: [],
  needsTcp: true,
  description: 'any TCP analysis flag',
})
ANALYSIS_FLAG_NAMES.forEach((n, i) => {
  // As in tshark, a fast or spurious retransmission is also a retransmission.
  const mask = n === 'retransmission' ? 0b111 : 1 << i
  add({
    name: `tcp.analysis.${n}`,
    type: 'none',
    layer: T,
    presence: { p: 'analysisBit', mask },
    values: [],
    needsTcp: true,
    description: `TCP analysis: ${n.replace(/_/g, ' ')}`,
  })
})
add({
  name: 'tcp.analysis.ack_rtt',
  type: 'seconds',
  layer: T,
  presence: { p: 'notNaN' },
  values: [tcpArr('ackRtt')],
  needsTcp: true,
  description: 'RTT to ACK the segment (seconds)',
})
add({
  name: 'tcp.analysis.bytes_in_flight',
  type: 'uint',
  layer: T,
  presence: { p: 'nonNegative' },
  values: [tcpArr('bytesInFlight')],
  needsTcp: true,
  description: 'bytes in flight',
})

/** wirelite spellings accepted for the user's convenience (the Wireshark name is canonical). */
const ALIASES: Record<string, string> = {
  'tcp.flags.rst': 'tcp.flags.reset',
  'tcp.flags.psh': 'tcp.flags.push',
  'tcp.flags.ns': 'tcp.flags.ae',
  'tcp.window': 'tcp.window_size_value',
}

const BY_NAME = new Map(FIELDS.map((f) => [f.name, f]))

export function lookupField(name: string): FieldDef | undefined {
  const lower = name.toLowerCase()
  return BY_NAME.get(lower) ?? BY_NAME.get(ALIASES[lower] ?? '')
}

/** Every field and protocol the filter accepts, in a stable order (for completion and docs). */
export function listFields(): readonly FieldDef[] {
  return FIELDS
}

/**
 * Wireshark names people type that wirelite does not index, with what to use instead (or null). These
 * get a specific message rather than "unknown field".
 */
export const UNSUPPORTED: Record<string, string | null> = {
  http: 'tcp.port == 80 or tcp contains "HTTP"',
  tls: 'tcp.port == 443',
  ssl: 'tcp.port == 443',
  dns: 'udp.port == 53 or tcp.port == 53',
  dhcp: 'udp.port in {67, 68}',
  quic: 'udp.port == 443',
  ntp: 'udp.port == 123',
  vlan: null,
  sll: null,
  'eth.addr': null,
  'eth.src': null,
  'eth.dst': null,
  'eth.type': null,
  'ip.ttl': null,
  'ip.len': null,
  'ip.id': null,
  'ip.proto': 'tcp / udp / icmp',
  'ip.flags': null,
  'ip.flags.df': null,
  'ip.flags.mf': null,
  'ip.frag_offset': null,
  'ip.checksum': null,
  'ip.dsfield': null,
  'ipv6.nxt': 'tcp / udp / icmpv6',
  'ipv6.hlim': null,
  'ipv6.plen': null,
  'tcp.hdr_len': null,
  'tcp.checksum': null,
  'tcp.urgent_pointer': null,
  'tcp.options': null,
  'tcp.options.mss_val': null,
  'tcp.options.wscale.shift': null,
  'tcp.analysis.initial_rtt': null,
  'udp.length': null,
  'udp.checksum': null,
  'frame.time': 'frame.time_relative',
  'frame.time_epoch': 'frame.time_relative',
  'frame.protocols': null,
  'frame.interface_id': null,
  'arp.opcode': null,
  data: 'tcp.payload / udp.payload',
}

/** All names a user could mean, for "did you mean" suggestions. */
export function knownNames(): string[] {
  return [...FIELDS.map((f) => f.name), ...Object.keys(ALIASES)]
}
