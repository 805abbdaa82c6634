import type { DecodedFrame } from '../model/decoded-frame'
import { Proto } from '../model/decoded-frame'
import { u16 } from './bytes'
import { finish, sum16 } from './checksum'
import { dispatchIpProto } from './dispatch'
import { IssueBit } from '../model/issues'
import { addIssue, shortLayer } from './issue'

export const IPV4_MIN_HEADER = 20

/**
 * IPv4: ver/IHL[0] TOS[1] total length[2,4) id[4,6) flags+frag[6,8) TTL[8] proto[9] checksum[10,12)
 * src[12,16) dst[16,20) options[20, IHL*4).
 *
 * Lengths: a total length of 0 is taken as a TSO send (as Wireshark does; tcpdump 4.99 prints
 * "bad-len 0" instead, its printer in src/shared/print has its own parsing) and replaced by what the
 * frame reports; a total length larger than the frame is a lying header (malformed) and the
 * decode continues over what the frame has. Only the first fragment is decoded further.
 */
export function decodeIpv4(
  d: Uint8Array,
  off: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
): void {
  f.proto = Proto.IPV4
  f.l3Offset = off
  const n = capEnd - off
  if (n < 1) {
    shortLayer(f, 'ip', off, IPV4_MIN_HEADER, capEnd, repEnd, 'IPv4 header cut short')
    return
  }
  const vihl = d[off]!
  if (vihl >> 4 !== 4) {
    addIssue(f, 'malformed', 'ip', off, 1, 'IP version is not 4')
    return
  }
  f.ipVersion = 4
  const hl = (vihl & 0x0f) * 4
  f.ipHeaderLen = hl
  if (hl < IPV4_MIN_HEADER) {
    addIssue(f, 'malformed', 'ip', off, 1, 'IPv4 header length < 20')
    return
  }
  // A header cut inside its fixed part keeps the fields that are there (as Wireshark shows them);
  // n >= 20 from here on unless `cut`.
  const cut = n < IPV4_MIN_HEADER
  if (n >= 2) f.ipTos = d[off + 1]!
  let total = n >= 4 ? u16(d, off + 2) : -1
  f.ipTotalLen = total < 0 ? 0 : total
  if (n >= 6) f.ipId = u16(d, off + 4)
  if (n >= 8) {
    const ff = u16(d, off + 6)
    f.ipFlags = ff >> 13
    f.ipFragOffset = (ff & 0x1fff) * 8
  }
  if (n >= 9) f.ipTtl = d[off + 8]!
  const proto = n >= 10 ? d[off + 9]! : -1
  f.ipProto = proto
  if (n >= 12) f.ipChecksum = u16(d, off + 10)
  if (total === 0) {
    // TSO: the NIC fills the length in later. Use what the frame holds (as Wireshark does);
    // the raw 0 stays readable at l3Offset+2.
    total = repEnd - off
    f.ipTotalLen = total
  }
  if (total >= 0 && total < hl) {
    addIssue(f, 'malformed', 'ip', off + 2, 2, 'IPv4 total length < header length')
    return
  }
  if (cut) {
    // Addresses: the source if its 4 bytes are here; the destination is not (n < 20).
    if (n >= 16) f.ipSrcOffset = off + 12
    shortLayer(f, 'ip', off, IPV4_MIN_HEADER, capEnd, repEnd, 'IPv4 header cut short')
    return
  }
  // Addresses count as decoded only once the lengths make sense: with a lying IHL / total length,
  // tcpdump ("bad-hlen", "bad-len") and Wireshark stop before the addresses too.
  f.ipSrcOffset = off + 12
  f.ipDstOffset = off + 16
  let ipEnd = off + total
  if (ipEnd > repEnd) {
    addIssue(f, 'malformed', 'ip', off + 2, 2, 'IPv4 total length exceeds the frame')
    ipEnd = repEnd
  }
  if (hl > IPV4_MIN_HEADER) {
    f.ipOptionsOffset = off + IPV4_MIN_HEADER
    f.ipOptionsLen = hl - IPV4_MIN_HEADER
  }
  if (capEnd - off < hl) {
    shortLayer(f, 'ip', off, hl, capEnd, ipEnd, 'IPv4 options cut short')
    return
  }
  if (verify) f.ipChecksumOk = finish(sum16(d, off, hl)) === 0 ? 1 : 0
  if (f.ipChecksumOk === 0) addIssue(f, 'bad-checksum', 'ip', off + 10, 2, 'IPv4 header checksum incorrect')
  if (f.ipFragOffset > 0) {
    f.issueMask |= IssueBit.fragment // not an error: the transport header is in an earlier fragment
    return
  }
  const l4 = off + hl
  dispatchIpProto(proto, d, l4, f, capEnd < ipEnd ? capEnd : ipEnd, ipEnd, verify)
}
