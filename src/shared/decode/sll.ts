import type { DecodedFrame } from '../model/decoded-frame'
import { Proto } from '../model/decoded-frame'
import { u16 } from './bytes'
import { dispatchEtherType } from './dispatch'
import { shortLayer } from './issue'

export const SLL_HEADER_LEN = 16
export const SLL2_HEADER_LEN = 20

/** SLL protocol values below 0x0600 are not ethertypes (802.3, 802.2 LLC, CAN …): link-only. */
function dispatchSllProtocol(
  protocol: number,
  d: Uint8Array,
  p: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
): void {
  if (protocol < 0x0600) {
    f.etherType = protocol
    return
  }
  dispatchEtherType(protocol, d, p, f, capEnd, repEnd, verify)
}

/**
 * Linux "cooked" v1 (113): packet type[0,2) ARPHRD[2,4) addr len[4,6) addr[6,14) protocol[14,16).
 */
export function decodeSll(
  d: Uint8Array,
  off: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
): void {
  f.linkOffset = off
  f.proto = Proto.ETHER
  if (capEnd - off < SLL_HEADER_LEN) {
    f.proto = Proto.UNKNOWN
    shortLayer(f, 'sll', off, SLL_HEADER_LEN, capEnd, repEnd, 'SLL header cut short')
    return
  }
  f.linkHeaderLen = SLL_HEADER_LEN
  f.sllPktType = u16(d, off)
  f.sllAddrLen = u16(d, off + 4)
  if (f.sllAddrLen === 6) f.macSrcOffset = off + 6
  dispatchSllProtocol(u16(d, off + 14), d, off + SLL_HEADER_LEN, f, capEnd, repEnd, verify)
}

/**
 * Linux "cooked" v2 (276): protocol[0,2) reserved[2,4) ifindex[4,8) ARPHRD[8,10) packet type[10]
 * addr len[11] addr[12,20).
 */
export function decodeSll2(
  d: Uint8Array,
  off: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
): void {
  f.linkOffset = off
  f.proto = Proto.ETHER
  if (capEnd - off < SLL2_HEADER_LEN) {
    f.proto = Proto.UNKNOWN
    shortLayer(f, 'sll', off, SLL2_HEADER_LEN, capEnd, repEnd, 'SLL2 header cut short')
    return
  }
  f.linkHeaderLen = SLL2_HEADER_LEN
  f.sllPktType = d[off + 10]!
  f.sllAddrLen = d[off + 11]!
  if (f.sllAddrLen === 6) f.macSrcOffset = off + 12
  dispatchSllProtocol(u16(d, off), d, off + SLL2_HEADER_LEN, f, capEnd, repEnd, verify)
}
