import type { DecodedFrame } from '../model/decoded-frame'

/**
 * Dissector tables (Wireshark's "ethertype" and "ip.proto" tables): layers hand the rest of the frame
 * to whatever registered for the next-protocol number. Tables are filled once by registry.ts; layer
 * modules only look things up here, which keeps the import graph acyclic.
 *
 * Every decoder gets the captured end (`capEnd`: bytes we have) and the reported end (`repEnd`: bytes
 * the enclosing header says exist) so it can tell "truncated" from "malformed".
 */
export type LayerDecoder = (
  d: Uint8Array,
  off: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
) => void

const byEtherType = new Map<number, LayerDecoder>()
const byIpProto: Array<LayerDecoder | undefined> = new Array(256).fill(undefined)

export function registerEtherType(etherType: number, dec: LayerDecoder): void {
  byEtherType.set(etherType, dec)
}

export function registerIpProto(proto: number, dec: LayerDecoder): void {
  byIpProto[proto & 0xff] = dec
}

/** Decode the network layer at `off` for `etherType`; unknown types leave the frame as link-only. */
export function dispatchEtherType(
  etherType: number,
  d: Uint8Array,
  off: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
): void {
  f.etherType = etherType
  const dec = byEtherType.get(etherType)
  if (dec !== undefined) dec(d, off, f, capEnd, repEnd, verify)
}

/** Like dispatchEtherType for an inner protocol (PPPoE, MPLS): f.etherType keeps the outer type. */
export function decodeByEtherType(
  etherType: number,
  d: Uint8Array,
  off: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
): void {
  const dec = byEtherType.get(etherType)
  if (dec !== undefined) dec(d, off, f, capEnd, repEnd, verify)
}

export function dispatchIpProto(
  proto: number,
  d: Uint8Array,
  off: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
): void {
  const dec = byIpProto[proto]
  if (dec !== undefined) dec(d, off, f, capEnd, repEnd, verify)
}
