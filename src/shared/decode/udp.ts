import type { DecodedFrame } from '../model/decoded-frame'
import { Proto } from '../model/decoded-frame'
import { u16 } from './bytes'
import { addIssue, shortLayer } from './issue'
import { UDP_BAD_CHECKSUM, verifyL4 } from './l4-checksum'

export const UDP_HEADER_LEN = 8

/**
 * UDP: sport[0,2) dport[2,4) length[4,6) checksum[6,8). The length field must lie in [8, IP payload];
 * otherwise it is malformed. The datagram is min(UDP length, IP payload) — what tcpdump sums the
 * checksum over; a UDP length < 8 leaves it unverified. Checksum 0 over IPv4 means "none".
 */
export function decodeUdp(
  d: Uint8Array,
  off: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
): void {
  f.proto = Proto.UDP
  f.l4Offset = off
  if (capEnd - off < UDP_HEADER_LEN) {
    if (capEnd - off >= 4) {
      f.srcPort = u16(d, off)
      f.dstPort = u16(d, off + 2)
    }
    shortLayer(f, 'udp', off, UDP_HEADER_LEN, capEnd, repEnd, 'UDP header cut short')
    return
  }
  f.srcPort = u16(d, off)
  f.dstPort = u16(d, off + 2)
  const ulen = u16(d, off + 4)
  f.udpLength = ulen
  f.udpChecksum = u16(d, off + 6)
  const ipPayload = repEnd - off
  // As tcpdump: the datagram is the shorter of the UDP length and the IP payload.
  let len = ipPayload
  let lenOk = true
  if (ulen < UDP_HEADER_LEN || ulen > ipPayload) {
    addIssue(f, 'malformed', 'udp', off + 4, 2, 'UDP length outside [8, IP payload]')
    if (ulen < UDP_HEADER_LEN) lenOk = false
  } else len = ulen
  f.payloadOffset = off + UDP_HEADER_LEN
  f.payloadLen = len - UDP_HEADER_LEN
  const capPay = (capEnd < off + len ? capEnd : off + len) - off - UDP_HEADER_LEN
  f.payloadCapLen = capPay > 0 ? capPay : 0
  if (!verify || !lenOk) return
  if (f.udpChecksum === 0 && f.ipVersion === 4) return // "no checksum" over IPv4
  f.l4ChecksumOk = verifyL4(d, off, len, capEnd, f, 17)
  if (f.l4ChecksumOk === 0) addIssue(f, 'bad-checksum', 'udp', off + 6, 2, UDP_BAD_CHECKSUM)
}
