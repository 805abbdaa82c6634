import type { DecodeIssueCode, LayerName } from './issues'

/** Top-level protocol of a row (what the Protocol column shows and filters test first). */
export const Proto = {
  UNKNOWN: 0,
  ETHER: 1, // link layer only / unknown ethertype
  ARP: 2,
  IPV4: 3, // IPv4 with a transport wirelite does not decode, or a non-first fragment
  IPV6: 4,
  TCP: 5,
  UDP: 6,
  ICMP: 7,
  ICMPV6: 8,
} as const

/** TCP flag bits as in the header's 12 low bits of the data-offset/flags word (AE = former NS). */
export const TcpFlag = {
  FIN: 0x001,
  SYN: 0x002,
  RST: 0x004,
  PSH: 0x008,
  ACK: 0x010,
  URG: 0x020,
  ECE: 0x040,
  CWR: 0x080,
  AE: 0x100,
} as const

export const MAX_ISSUES = 8
export const MAX_VLANS = 4
export const MAX_SACK_BLOCKS = 4

/**
 * Scratch result of decoding one frame (gopacket DecodingLayerParser style): a single instance is
 * reused for every frame, so decoding allocates nothing. Offsets are byte offsets into the frame's
 * captured data; -1 means "layer/field absent". Call reset() before each decode.
 */
export class DecodedFrame {
  // --- link layer
  linkType = -1
  /** Offset of the Ethernet header (EN10MB) or of the SLL/SLL2/NULL header. */
  linkOffset = -1
  linkHeaderLen = 0
  /** Offsets of the 6-byte source / destination MAC (Ethernet) or SLL source address (dst -1). */
  macSrcOffset = -1
  macDstOffset = -1
  /** SLL/SLL2: link-layer address length and packet type (0 host, 4 outgoing …). */
  sllAddrLen = 0
  sllPktType = -1
  vlanCount = 0
  readonly vlanIds = new Uint16Array(MAX_VLANS)
  readonly vlanPcp = new Uint8Array(MAX_VLANS)
  /** TPID of each tag (0x8100 802.1Q, 0x88a8 802.1ad, 0x9100 old QinQ), outer first. */
  readonly vlanTpids = new Uint16Array(MAX_VLANS)
  /** Final ethertype after VLAN tags (or SLL protocol / NULL family mapped to an ethertype). -1 none. */
  etherType = -1

  // --- network layer
  proto = 0 // Proto.*
  l3Offset = -1
  /** 4, 6, or 0 when no IP. */
  ipVersion = 0
  ipHeaderLen = 0
  /** IPv4 total length / IPv6 40 + payload length, as the header reports it (0 = TSO/jumbo: the effective length). */
  ipTotalLen = 0
  ipTos = 0 // IPv4 TOS / IPv6 traffic class
  ipTtl = 0 // IPv4 TTL / IPv6 hop limit
  ipId = 0 // IPv4 identification (IPv6: fragment id when a fragment header is present)
  ipFlags = 0 // IPv4 flags (3 bits: 0x4 reserved, 0x2 DF, 0x1 MF); IPv6 fragment: 0x1 = M
  ipFragOffset = 0 // fragment offset in bytes
  ipFlowLabel = 0
  ipChecksum = 0
  /** 1 good, 0 bad, -1 not verified (e.g. truncated). */
  ipChecksumOk = -1
  /** Final upper-layer protocol number after IPv6 extension headers. -1 none. */
  ipProto = -1
  ipSrcOffset = -1
  ipDstOffset = -1
  /** Offset/length of IPv4 options (0 length when none). */
  ipOptionsOffset = -1
  ipOptionsLen = 0
  /** IPv6 extension headers seen, in order, as next-header numbers (up to 8). */
  ipv6ExtCount = 0
  readonly ipv6Ext = new Uint8Array(8)

  // --- ARP
  arpOp = -1

  // --- transport
  l4Offset = -1
  srcPort = -1
  dstPort = -1
  // TCP
  tcpSeq = 0
  tcpAck = 0
  tcpFlags = 0 // TcpFlag bits
  tcpHdrLen = 0 // data offset × 4
  tcpWindow = 0
  tcpChecksum = 0
  tcpUrgent = 0
  /** 1 good, 0 bad, -1 not verified. Same for UDP. */
  l4ChecksumOk = -1
  tcpOptionsOffset = -1
  tcpOptionsLen = 0
  tcpMss = -1
  tcpWscale = -1
  tcpSackPerm = 0
  tcpTsVal = -1
  tcpTsEcr = -1
  tcpSackCount = 0
  readonly tcpSackLeft = new Uint32Array(MAX_SACK_BLOCKS)
  readonly tcpSackRight = new Uint32Array(MAX_SACK_BLOCKS)
  // UDP
  udpLength = 0
  udpChecksum = 0
  // ICMP / ICMPv6
  icmpType = -1
  icmpCode = -1

  /** Transport payload: offset in the frame, length the headers report, and bytes actually captured. */
  payloadOffset = -1
  payloadLen = 0
  payloadCapLen = 0

  // --- issues
  issueMask = 0
  issueCount = 0
  readonly issueCodes: DecodeIssueCode[] = new Array(MAX_ISSUES).fill('malformed')
  readonly issueLayers: LayerName[] = new Array(MAX_ISSUES).fill('frame')
  readonly issueOffsets = new Int32Array(MAX_ISSUES)
  readonly issueLengths = new Int32Array(MAX_ISSUES)
  /** Messages are constant strings chosen by the decoder (no formatting on the hot path). */
  readonly issueMessages: string[] = new Array(MAX_ISSUES).fill('')

  reset(): void {
    this.linkType = -1
    this.linkOffset = -1
    this.linkHeaderLen = 0
    this.macSrcOffset = -1
    this.macDstOffset = -1
    this.sllAddrLen = 0
    this.sllPktType = -1
    this.vlanCount = 0
    this.etherType = -1
    this.proto = 0
    this.l3Offset = -1
    this.ipVersion = 0
    this.ipHeaderLen = 0
    this.ipTotalLen = 0
    this.ipTos = 0
    this.ipTtl = 0
    this.ipId = 0
    this.ipFlags = 0
    this.ipFragOffset = 0
    this.ipFlowLabel = 0
    this.ipChecksum = 0
    this.ipChecksumOk = -1
    this.ipProto = -1
    this.ipSrcOffset = -1
    this.ipDstOffset = -1
    this.ipOptionsOffset = -1
    this.ipOptionsLen = 0
    this.ipv6ExtCount = 0
    this.arpOp = -1
    this.l4Offset = -1
    this.srcPort = -1
    this.dstPort = -1
    this.tcpSeq = 0
    this.tcpAck = 0
    this.tcpFlags = 0
    this.tcpHdrLen = 0
    this.tcpWindow = 0
    this.tcpChecksum = 0
    this.tcpUrgent = 0
    this.l4ChecksumOk = -1
    this.tcpOptionsOffset = -1
    this.tcpOptionsLen = 0
    this.tcpMss = -1
    this.tcpWscale = -1
    this.tcpSackPerm = 0
    this.tcpTsVal = -1
    this.tcpTsEcr = -1
    this.tcpSackCount = 0
    this.udpLength = 0
    this.udpChecksum = 0
    this.icmpType = -1
    this.icmpCode = -1
    this.payloadOffset = -1
    this.payloadLen = 0
    this.payloadCapLen = 0
    this.issueMask = 0
    this.issueCount = 0
  }
}
