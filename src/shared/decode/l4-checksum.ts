import type { DecodedFrame } from '../model/decoded-frame'
import { finish, pseudo4, pseudo6, sum16 } from './checksum'

/**
 * The expert messages of a bad TCP/UDP checksum. Packets sent by the capturing machine usually carry an
 * unfinished checksum (the network card, or the loopback path, fills it in after the capture point:
 * checksum offload), so on a live capture every one of them "fails"; say so where the user reads it.
 */
const OFFLOAD_HINT =
  '(normal for packets sent by the capturing machine: checksum offload fills it in after capture)'
export const TCP_BAD_CHECKSUM = `TCP checksum incorrect ${OFFLOAD_HINT}`
export const UDP_BAD_CHECKSUM = `UDP checksum incorrect ${OFFLOAD_HINT}`

/** A fragment (MF set or offset > 0) never carries the whole transport segment: do not verify. */
export function isFragmented(f: DecodedFrame): boolean {
  return (f.ipFlags & 1) !== 0 || f.ipFragOffset > 0
}

/**
 * Verify a transport checksum over [off, off+len) with the IP pseudo-header (`proto` 6/17/58) — or
 * without one (`proto` < 0, ICMPv4). Returns 1 good, 0 bad, -1 not verifiable: the same cases in which
 * tcpdump -v prints (correct)/(incorrect) versus nothing — the whole segment must be captured and the
 * packet must not be a fragment.
 */
export function verifyL4(
  d: Uint8Array,
  off: number,
  len: number,
  capEnd: number,
  f: DecodedFrame,
  proto: number,
): number {
  if (off + len > capEnd || isFragmented(f)) return -1
  let acc = sum16(d, off, len)
  if (proto >= 0) {
    if (f.ipVersion === 4) acc += pseudo4(d, f.ipSrcOffset, proto, len)
    else if (f.ipVersion === 6) acc += pseudo6(d, f.ipSrcOffset, f.ipDstOffset, proto, len)
    else return -1
  }
  return finish(acc) === 0 ? 1 : 0
}
