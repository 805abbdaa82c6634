import type { DecodedFrame } from '../model/decoded-frame'
import { Proto } from '../model/decoded-frame'
import { addIssue, shortLayer } from './issue'
import { verifyL4 } from './l4-checksum'

/**
 * ICMP (v4, over the ICMP message alone) and ICMPv6 (with the IPv6 pseudo-header): type[0] code[1]
 * checksum[2,4). Index rows keep type/code in the port columns.
 */
function decodeIcmpCommon(
  d: Uint8Array,
  off: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
  v6: boolean,
): void {
  f.proto = v6 ? Proto.ICMPV6 : Proto.ICMP
  f.l4Offset = off
  const layer = v6 ? 'icmpv6' : 'icmp'
  if (capEnd - off < 4) {
    // Type/code stay unset: like Wireshark, a header without its checksum is not decoded at all.
    shortLayer(f, layer, off, 4, capEnd, repEnd, 'ICMP header cut short')
    return
  }
  f.icmpType = d[off]!
  f.icmpCode = d[off + 1]!
  f.payloadOffset = off + 4
  f.payloadLen = repEnd - off - 4
  f.payloadCapLen = capEnd - off - 4
  if (!verify) return
  f.l4ChecksumOk = verifyL4(d, off, repEnd - off, capEnd, f, v6 ? 58 : -1)
  if (f.l4ChecksumOk === 0) addIssue(f, 'bad-checksum', layer, off + 2, 2, 'ICMP checksum incorrect')
}

export function decodeIcmp(
  d: Uint8Array,
  off: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
): void {
  decodeIcmpCommon(d, off, f, capEnd, repEnd, verify, false)
}

export function decodeIcmpv6(
  d: Uint8Array,
  off: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
): void {
  decodeIcmpCommon(d, off, f, capEnd, repEnd, verify, true)
}
