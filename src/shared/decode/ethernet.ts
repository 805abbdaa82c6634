import type { DecodedFrame } from '../model/decoded-frame'
import { MAX_VLANS, Proto } from '../model/decoded-frame'
import { u16 } from './bytes'
import { dispatchEtherType } from './dispatch'
import { addIssue, shortLayer } from './issue'

export const ETHER_HEADER_LEN = 14
export const EtherType = {
  IPV4: 0x0800,
  ARP: 0x0806,
  VLAN: 0x8100, // 802.1Q
  QINQ: 0x88a8, // 802.1ad service tag
  QINQ_OLD: 0x9100, // pre-standard QinQ, still seen in captures
  IPV6: 0x86dd,
} as const

function isVlanTpid(t: number): boolean {
  return t === EtherType.VLAN || t === EtherType.QINQ || t === EtherType.QINQ_OLD
}

/**
 * Ethernet II (and 802.3 length frames, which stay link-only) with up to MAX_VLANS stacked 802.1Q /
 * 802.1ad tags. Fields: dst[0,6) src[6,12) type[12,14); each tag: TCI[0,2) type[2,4).
 */
export function decodeEthernet(
  d: Uint8Array,
  off: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
): void {
  f.proto = Proto.ETHER
  f.linkOffset = off
  if (capEnd - off < ETHER_HEADER_LEN) {
    f.proto = Proto.UNKNOWN
    shortLayer(f, 'eth', off, ETHER_HEADER_LEN, capEnd, repEnd, 'Ethernet header cut short')
    return
  }
  f.macDstOffset = off
  f.macSrcOffset = off + 6
  let type = u16(d, off + 12)
  let p = off + ETHER_HEADER_LEN
  while (isVlanTpid(type)) {
    if (f.vlanCount >= MAX_VLANS) {
      f.linkHeaderLen = p - off
      addIssue(f, 'unsupported', 'vlan', p - 4, 4, 'More than 4 VLAN tags')
      return
    }
    if (capEnd - p < 4) {
      f.linkHeaderLen = p - off
      shortLayer(f, 'vlan', p, 4, capEnd, repEnd, 'VLAN tag cut short')
      return
    }
    const tci = u16(d, p)
    f.vlanIds[f.vlanCount] = tci & 0x0fff
    f.vlanPcp[f.vlanCount] = tci >> 13
    f.vlanTpids[f.vlanCount] = type
    f.vlanCount++
    type = u16(d, p + 2)
    p += 4
  }
  f.linkHeaderLen = p - off
  // Values ≤ 1500 are an 802.3 length, not a type: LLC/SNAP frames stay link-only.
  if (type <= 1500) return
  dispatchEtherType(type, d, p, f, capEnd, repEnd, verify)
}
