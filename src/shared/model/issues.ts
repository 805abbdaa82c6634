/**
 * Bad bytes are data, not exceptions. Every decode problem is a DecodeIssue; rows carry a bitmask of
 * the issue codes and the inspector shows the full list.
 *
 * truncated   — the capture ended early (captured length < what the headers say): snaplen cut.
 * malformed   — a header lies (impossible length, offset past the packet, bad version …).
 * unsupported — a link type / protocol wirelite does not decode; the bytes are kept raw.
 * bad-checksum — a verified checksum did not match.
 */
export type DecodeIssueCode = 'truncated' | 'malformed' | 'unsupported' | 'bad-checksum'

export const IssueBit = {
  truncated: 1,
  malformed: 2,
  unsupported: 4,
  'bad-checksum': 8,
  /** Not an error: an IPv4/IPv6 fragment with offset > 0, whose transport header is in an earlier fragment. */
  fragment: 16,
  /**
   * Not an error: a first fragment (offset 0, IPv4 MF / IPv6 M set). Its transport header is here but the
   * segment length is unknown until reassembly (tshark: pinfo->fragmented, so no tcp.len / SEQ analysis).
   */
  moreFragments: 32,
} as const

export type LayerName =
  | 'frame'
  | 'link'
  | 'eth'
  | 'vlan'
  | 'sll'
  | 'null'
  | 'arp'
  | 'ip'
  | 'ipv6'
  | 'tcp'
  | 'udp'
  | 'icmp'
  | 'icmpv6'

export interface DecodeIssue {
  code: DecodeIssueCode
  layer: LayerName
  /** Byte offset in the frame where the problem starts, and how many bytes it concerns. */
  offset: number
  length: number
  message: string
}

export function issueMaskToCodes(mask: number): DecodeIssueCode[] {
  const out: DecodeIssueCode[] = []
  if (mask & IssueBit.truncated) out.push('truncated')
  if (mask & IssueBit.malformed) out.push('malformed')
  if (mask & IssueBit.unsupported) out.push('unsupported')
  if (mask & IssueBit['bad-checksum']) out.push('bad-checksum')
  return out
}
