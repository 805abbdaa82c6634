import type { DecodedFrame } from '../model/decoded-frame'
import { Proto } from '../model/decoded-frame'
import { u16 } from './bytes'
import { dispatchEtherType } from './dispatch'
import { EtherType } from './ethernet'
import { shortLayer } from './issue'
import { ETHERTYPE_MPLS_MULTICAST, ETHERTYPE_MPLS_UNICAST } from './pppoe-mpls'

/** Link types decoded here (values from tcpdump.org/linktypes.html). */
export const LINKTYPE_PPP = 9
export const LINKTYPE_PPP_HDLC = 50
export const LINKTYPE_C_HDLC = 104

/** PPP protocol numbers that carry what wirelite decodes, mapped to ethertypes. */
function pppToEtherType(p: number): number {
  switch (p) {
    case 0x0021:
      return EtherType.IPV4
    case 0x0057:
      return EtherType.IPV6
    case 0x0281:
      return ETHERTYPE_MPLS_UNICAST
    case 0x0283:
      return ETHERTYPE_MPLS_MULTICAST
    default:
      return -1
  }
}

/**
 * PPP (9) and PPP in HDLC-like framing (50): optional address/control bytes ff 03, then the protocol
 * (one byte when compressed: an odd first byte). Other PPP protocols (LCP, IPCP …) stay link-only.
 */
export function decodePpp(
  d: Uint8Array,
  off: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
): void {
  f.linkOffset = off
  f.proto = Proto.ETHER
  let p = off
  if (capEnd - p >= 2 && d[p] === 0xff && d[p + 1] === 0x03) p += 2
  if (capEnd - p < 1) {
    f.proto = Proto.UNKNOWN
    shortLayer(f, 'link', off, p - off + 2, capEnd, repEnd, 'PPP header cut short')
    return
  }
  let proto: number
  if (d[p]! & 1) {
    proto = d[p]!
    p += 1
  } else {
    if (capEnd - p < 2) {
      f.proto = Proto.UNKNOWN
      shortLayer(f, 'link', off, p - off + 2, capEnd, repEnd, 'PPP header cut short')
      return
    }
    proto = u16(d, p)
    p += 2
  }
  f.linkHeaderLen = p - off
  const et = pppToEtherType(proto)
  if (et < 0) {
    f.etherType = -1
    return
  }
  dispatchEtherType(et, d, p, f, capEnd, repEnd, verify)
}

/** Cisco HDLC (104): address[0] control[1] protocol[2,4) where the protocol is an ethertype. */
export function decodeCiscoHdlc(
  d: Uint8Array,
  off: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
): void {
  f.linkOffset = off
  f.proto = Proto.ETHER
  if (capEnd - off < 4) {
    f.proto = Proto.UNKNOWN
    shortLayer(f, 'link', off, 4, capEnd, repEnd, 'Cisco HDLC header cut short')
    return
  }
  f.linkHeaderLen = 4
  dispatchEtherType(u16(d, off + 2), d, off + 4, f, capEnd, repEnd, verify)
}
