import type { DecodedFrame } from '../model/decoded-frame'
import { u32, u32le } from './bytes'
import { dispatchEtherType } from './dispatch'
import { EtherType } from './ethernet'
import { addIssue, shortLayer } from './issue'

/** BSD address-family values that mean IPv6 (they differ per BSD); AF_INET is 2 everywhere. */
function familyToEtherType(family: number): number {
  if (family === 2) return EtherType.IPV4
  if (family === 24 || family === 28 || family === 30 || family === 10) return EtherType.IPV6
  return -1
}

/**
 * DLT_NULL (0): a 4-byte address family in the *capturing host's* byte order, and DLT_LOOP (108): the
 * same in network order. For NULL we guess the order like Wireshark: a family never needs the upper
 * 16 bits, so if they are set the value was written in the other order.
 */
export function decodeNullLoop(
  d: Uint8Array,
  off: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
  networkOrder: boolean,
): void {
  f.linkOffset = off
  if (capEnd - off < 4) {
    shortLayer(f, 'null', off, 4, capEnd, repEnd, 'Loopback header cut short')
    return
  }
  f.linkHeaderLen = 4
  let family = networkOrder ? u32(d, off) : u32le(d, off)
  if (!networkOrder && (family & 0xffff0000) !== 0) family = u32(d, off)
  const et = familyToEtherType(family)
  if (et < 0) {
    addIssue(f, 'unsupported', 'null', off, 4, 'Unknown loopback address family')
    return
  }
  dispatchEtherType(et, d, off + 4, f, capEnd, repEnd, verify)
}
