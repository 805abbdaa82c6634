import type { DecodedFrame } from '../model/decoded-frame'
import { Proto } from '../model/decoded-frame'
import { IssueBit } from '../model/issues'
import { u16, u32 } from './bytes'
import { dispatchIpProto } from './dispatch'
import { addIssue, shortLayer } from './issue'

export const IPV6_HEADER_LEN = 40
const MAX_EXT_HEADERS = 8

export const Ipv6Ext = {
  HOP_BY_HOP: 0,
  ROUTING: 43,
  FRAGMENT: 44,
  AH: 51,
  DEST_OPTS: 60,
  NO_NEXT: 59,
} as const

/**
 * IPv6: ver/TC/flow[0,4) payload length[4,6) next header[6] hop limit[7] src[8,24) dst[24,40), then a
 * chain of extension headers (hop-by-hop, routing, fragment, AH, destination options) walked up to
 * MAX_EXT_HEADERS; more than that, or hop-by-hop anywhere but first, is malformed (it also bounds
 * the loop on hostile input).
 */
export function decodeIpv6(
  d: Uint8Array,
  off: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
): void {
  f.proto = Proto.IPV6
  f.l3Offset = off
  const n = capEnd - off
  if (n < 1) {
    shortLayer(f, 'ipv6', off, IPV6_HEADER_LEN, capEnd, repEnd, 'IPv6 header cut short')
    return
  }
  if (d[off]! >> 4 !== 6) {
    addIssue(f, 'malformed', 'ipv6', off, 1, 'IP version is not 6')
    return
  }
  f.ipVersion = 6
  if (n < IPV6_HEADER_LEN) {
    // Cut inside the fixed header: keep the fields that are there (as Wireshark shows them).
    if (n >= 4) {
      const w = u32(d, off)
      f.ipTos = (w >>> 20) & 0xff
      f.ipFlowLabel = w & 0xfffff
    }
    if (n >= 6) f.ipTotalLen = IPV6_HEADER_LEN + u16(d, off + 4)
    if (n >= 8) f.ipTtl = d[off + 7]!
    if (n >= 24) f.ipSrcOffset = off + 8
    shortLayer(f, 'ipv6', off, IPV6_HEADER_LEN, capEnd, repEnd, 'IPv6 header cut short')
    return
  }
  const w0 = u32(d, off)
  f.ipTos = (w0 >>> 20) & 0xff
  f.ipFlowLabel = w0 & 0xfffff
  let plen = u16(d, off + 4)
  let next = d[off + 6]!
  f.ipTtl = d[off + 7]!
  f.ipHeaderLen = IPV6_HEADER_LEN
  f.ipSrcOffset = off + 8
  f.ipDstOffset = off + 24
  // Payload length 0: a jumbogram (RFC 2675: the hop-by-hop Jumbo Payload option has the length).
  // Without that option (a TSO / BIG TCP send captured before the NIC filled the length in) both
  // reference tools take the header at its word: the payload is empty, so the next layer is malformed
  // (tshark 4.0: "IPv6 payload length equals 0 (maybe because of TSO)"; tcpdump: "[|tcp]"). Unlike
  // IPv4 total length 0, which tshark does read as TSO (the frame length).
  if (plen === 0 && next === Ipv6Ext.HOP_BY_HOP) {
    const jumbo = jumboLength(d, off + IPV6_HEADER_LEN, capEnd)
    if (jumbo >= 0) plen = jumbo
  }
  f.ipTotalLen = IPV6_HEADER_LEN + plen
  let ipEnd = off + IPV6_HEADER_LEN + plen
  if (ipEnd > repEnd) {
    addIssue(f, 'malformed', 'ipv6', off + 4, 2, 'IPv6 payload length exceeds the frame')
    ipEnd = repEnd
  }
  const cEnd = capEnd < ipEnd ? capEnd : ipEnd
  let p = off + IPV6_HEADER_LEN
  for (;;) {
    if (
      next !== Ipv6Ext.HOP_BY_HOP &&
      next !== Ipv6Ext.ROUTING &&
      next !== Ipv6Ext.FRAGMENT &&
      next !== Ipv6Ext.AH &&
      next !== Ipv6Ext.DEST_OPTS
    )
      break
    if (f.ipv6ExtCount >= MAX_EXT_HEADERS) {
      addIssue(f, 'malformed', 'ipv6', p, 0, 'Too many IPv6 extension headers')
      return
    }
    if (next === Ipv6Ext.HOP_BY_HOP && f.ipv6ExtCount > 0) {
      addIssue(f, 'malformed', 'ipv6', p, 0, 'Hop-by-hop options header not first')
      return
    }
    if (cEnd - p < 8) {
      shortLayer(f, 'ipv6', p, 8, cEnd, ipEnd, 'IPv6 extension header cut short')
      return
    }
    f.ipv6Ext[f.ipv6ExtCount++] = next
    const len =
      next === Ipv6Ext.FRAGMENT ? 8 : next === Ipv6Ext.AH ? (d[p + 1]! + 2) * 4 : (d[p + 1]! + 1) * 8
    if (next === Ipv6Ext.FRAGMENT) {
      const fo = u16(d, p + 2)
      f.ipFragOffset = fo & 0xfff8
      f.ipFlags = fo & 1
      f.ipId = u32(d, p + 4)
    }
    if (p + len > ipEnd) {
      addIssue(f, 'malformed', 'ipv6', p, len, 'IPv6 extension header past the payload')
      return
    }
    if (p + len > cEnd) {
      addIssue(f, 'truncated', 'ipv6', p, cEnd - p, 'IPv6 extension header cut short')
      return
    }
    next = d[p]!
    p += len
    if (f.ipFragOffset > 0) {
      f.ipProto = next
      f.issueMask |= IssueBit.fragment // not an error: the transport header is in an earlier fragment
      return
    }
  }
  f.ipProto = next
  if (next === Ipv6Ext.NO_NEXT) return
  dispatchIpProto(next, d, p, f, cEnd, ipEnd, verify)
}

/** Length from a Jumbo Payload option (type 0xc2, 4 bytes) in the hop-by-hop header at `p`, or -1. */
function jumboLength(d: Uint8Array, p: number, capEnd: number): number {
  if (capEnd - p < 8) return -1
  const end = Math.min(p + (d[p + 1]! + 1) * 8, capEnd)
  let q = p + 2
  while (q < end) {
    const type = d[q]!
    if (type === 0) {
      q++ // Pad1
      continue
    }
    if (q + 1 >= end) return -1
    const len = d[q + 1]!
    if (type === 0xc2 && len === 4 && q + 6 <= end) return u32(d, q + 2)
    q += 2 + len
  }
  return -1
}
