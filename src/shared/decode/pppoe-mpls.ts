import type { DecodedFrame } from '../model/decoded-frame'
import { u16 } from './bytes'
import { decodeByEtherType } from './dispatch'
import { EtherType } from './ethernet'
import { shortLayer } from './issue'

export const ETHERTYPE_PPPOE_SESSION = 0x8864
export const ETHERTYPE_MPLS_UNICAST = 0x8847
export const ETHERTYPE_MPLS_MULTICAST = 0x8848
const MAX_MPLS_LABELS = 8

/**
 * PPPoE session stage: ver/type[0] code[1] session[2,4) length[4,6), then the PPP protocol[6,8):
 * 0x0021 IPv4, 0x0057 IPv6. f.etherType stays 0x8864 so printers know the encapsulation.
 */
export function decodePppoeSession(
  d: Uint8Array,
  off: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
): void {
  if (capEnd - off < 8) {
    shortLayer(f, 'link', off, 8, capEnd, repEnd, 'PPPoE header cut short')
    return
  }
  // The PPPoE length (PPP protocol field included) bounds the payload, as Wireshark and tcpdump read it;
  // a length past the frame is ignored.
  const plen = u16(d, off + 4)
  if (plen >= 2 && off + 6 + plen < repEnd) {
    repEnd = off + 6 + plen
    if (capEnd > repEnd) capEnd = repEnd
  }
  const ppp = u16(d, off + 6)
  if (ppp === 0x0021) decodeByEtherType(EtherType.IPV4, d, off + 8, f, capEnd, repEnd, verify)
  else if (ppp === 0x0057) decodeByEtherType(EtherType.IPV6, d, off + 8, f, capEnd, repEnd, verify)
}

/**
 * MPLS label stack: 4-byte entries until the bottom-of-stack bit, then IP guessed from the version
 * nibble (as tcpdump and Wireshark do when no pseudowire is configured). Anything else stays undecoded.
 */
export function decodeMpls(
  d: Uint8Array,
  off: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
): void {
  let p = off
  for (let n = 0; ; n++) {
    if (n >= MAX_MPLS_LABELS) return
    if (capEnd - p < 4) {
      shortLayer(f, 'link', p, 4, capEnd, repEnd, 'MPLS label cut short')
      return
    }
    const bos = d[p + 2]! & 1
    p += 4
    if (bos) break
  }
  if (p >= capEnd) return
  const v = d[p]! >> 4
  if (v === 4) decodeByEtherType(EtherType.IPV4, d, p, f, capEnd, repEnd, verify)
  else if (v === 6) decodeByEtherType(EtherType.IPV6, d, p, f, capEnd, repEnd, verify)
}
