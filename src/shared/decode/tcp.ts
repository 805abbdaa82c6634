import type { DecodedFrame } from '../model/decoded-frame'
import { MAX_SACK_BLOCKS, Proto } from '../model/decoded-frame'
import { u16, u32 } from './bytes'
import { addIssue, shortLayer } from './issue'
import { TCP_BAD_CHECKSUM, verifyL4 } from './l4-checksum'

export const TCP_MIN_HEADER = 20

export const TcpOpt = {
  EOL: 0,
  NOP: 1,
  MSS: 2,
  WSCALE: 3,
  SACK_PERM: 4,
  SACK: 5,
  TIMESTAMP: 8,
  MD5: 19,
  AO: 29,
  MPTCP: 30,
  TFO: 34,
  ACCECN0: 172,
  ACCECN1: 174,
} as const

/**
 * TCP: sport[0,2) dport[2,4) seq[4,8) ack[8,12) offset/flags[12,14) window[14,16) checksum[16,18)
 * urgent[18,20) options[20, offset*4). The flags are the low 9 bits of [12,14) (AE = former NS).
 *
 * `repEnd` is the end of the IP payload: a data offset beyond it is malformed; beyond the captured
 * bytes only, truncated (the options we have are still read).
 */
export function decodeTcp(
  d: Uint8Array,
  off: number,
  f: DecodedFrame,
  capEnd: number,
  repEnd: number,
  verify: boolean,
): void {
  f.proto = Proto.TCP
  f.l4Offset = off
  const have = capEnd - off
  if (have < TCP_MIN_HEADER) {
    if (have >= 4) {
      f.srcPort = u16(d, off)
      f.dstPort = u16(d, off + 2)
    }
    // Wireshark reads every field up to the window before it adds any and fails on the missing bytes
    // after it, so with 16-19 bytes it still shows seq, ack, flags, header length and window (and gives
    // the segment a tcp.stream); with fewer only the ports. Same here, so the rows agree.
    if (have >= 16) {
      f.tcpSeq = u32(d, off + 4)
      f.tcpAck = u32(d, off + 8)
      const ofs = u16(d, off + 12)
      f.tcpFlags = ofs & 0xfff
      f.tcpHdrLen = (ofs >> 12) * 4
      f.tcpWindow = u16(d, off + 14)
      // Cut by the capture with a plausible header inside the IP payload: the segment length is
      // still known from the headers (tshark's tcp.len), its bytes are just not captured.
      const hl = f.tcpHdrLen
      if (hl >= TCP_MIN_HEADER && off + hl <= repEnd) {
        f.payloadOffset = off + hl
        f.payloadLen = repEnd - off - hl
        f.payloadCapLen = 0
      }
    }
    shortLayer(f, 'tcp', off, TCP_MIN_HEADER, capEnd, repEnd, 'TCP header cut short')
    return
  }
  f.srcPort = u16(d, off)
  f.dstPort = u16(d, off + 2)
  f.tcpSeq = u32(d, off + 4)
  f.tcpAck = u32(d, off + 8)
  const of = u16(d, off + 12)
  f.tcpFlags = of & 0xfff // 9 flags + 3 reserved bits (tshark's tcp.flags shows all 12)
  const hl = (of >> 12) * 4
  f.tcpHdrLen = hl
  f.tcpWindow = u16(d, off + 14)
  f.tcpChecksum = u16(d, off + 16)
  f.tcpUrgent = u16(d, off + 18)
  if (hl < TCP_MIN_HEADER) {
    addIssue(f, 'malformed', 'tcp', off + 12, 1, 'TCP data offset < 5')
    return
  }
  if (off + hl > repEnd) {
    addIssue(f, 'malformed', 'tcp', off + 12, 1, 'TCP data offset past the IP payload')
    return
  }
  const segLen = repEnd - off
  f.payloadOffset = off + hl
  f.payloadLen = segLen - hl
  f.payloadCapLen = capEnd > off + hl ? capEnd - off - hl : 0
  if (hl > TCP_MIN_HEADER) {
    f.tcpOptionsOffset = off + TCP_MIN_HEADER
    f.tcpOptionsLen = hl - TCP_MIN_HEADER
    const optCapEnd = capEnd < off + hl ? capEnd : off + hl
    walkTcpOptions(d, off + TCP_MIN_HEADER, optCapEnd, off + hl, f)
  }
  if (off + hl > capEnd) {
    addIssue(f, 'truncated', 'tcp', off, capEnd - off, 'TCP options cut short')
    return
  }
  if (verify) {
    f.l4ChecksumOk = verifyL4(d, off, segLen, capEnd, f, 6)
    if (f.l4ChecksumOk === 0) addIssue(f, 'bad-checksum', 'tcp', off + 16, 2, TCP_BAD_CHECKSUM)
  }
}

/**
 * Walk the options in [p, capEnd) (header ends at hdrEnd ≥ capEnd). Every step advances by ≥ 1 byte,
 * so the walk ends; a length < 2 or past the header is malformed and stops it. Known options with the
 * wrong length are reported and skipped (their fields stay unset, as in Wireshark). Other kinds
 * (MD5, TCP-AO, MPTCP, TFO, AccECN, unknown) are stepped over and left raw.
 */
export function walkTcpOptions(
  d: Uint8Array,
  p: number,
  capEnd: number,
  hdrEnd: number,
  f: DecodedFrame,
): void {
  while (p < capEnd) {
    const kind = d[p]!
    if (kind === TcpOpt.EOL) return
    if (kind === TcpOpt.NOP) {
      p++
      continue
    }
    if (p + 1 >= hdrEnd) {
      addIssue(f, 'malformed', 'tcp', p, 1, 'TCP option length missing')
      return
    }
    if (p + 1 >= capEnd) {
      addIssue(f, 'truncated', 'tcp', p, 1, 'TCP option cut short')
      return
    }
    const len = d[p + 1]!
    if (len < 2) {
      addIssue(f, 'malformed', 'tcp', p, 2, 'TCP option length < 2')
      return
    }
    if (p + len > hdrEnd) {
      addIssue(f, 'malformed', 'tcp', p, hdrEnd - p, 'TCP option runs past the header')
      return
    }
    if (p + len > capEnd) {
      addIssue(f, 'truncated', 'tcp', p, capEnd - p, 'TCP option cut short')
      return
    }
    switch (kind) {
      case TcpOpt.MSS:
        if (len === 4) f.tcpMss = u16(d, p + 2)
        else addIssue(f, 'malformed', 'tcp', p, len, 'TCP MSS option length is not 4')
        break
      case TcpOpt.WSCALE:
        if (len === 3) f.tcpWscale = d[p + 2]!
        else addIssue(f, 'malformed', 'tcp', p, len, 'TCP window scale option length is not 3')
        break
      case TcpOpt.SACK_PERM:
        if (len === 2) f.tcpSackPerm = 1
        else addIssue(f, 'malformed', 'tcp', p, len, 'TCP SACK-permitted option length is not 2')
        break
      case TcpOpt.TIMESTAMP:
        if (len === 10) {
          f.tcpTsVal = u32(d, p + 2)
          f.tcpTsEcr = u32(d, p + 6)
        } else addIssue(f, 'malformed', 'tcp', p, len, 'TCP timestamp option length is not 10')
        break
      case TcpOpt.SACK:
        if ((len - 2) % 8 !== 0 || len < 10) {
          addIssue(f, 'malformed', 'tcp', p, len, 'TCP SACK option length is not 2 + 8n')
          break
        }
        for (let q = p + 2; q + 8 <= p + len && f.tcpSackCount < MAX_SACK_BLOCKS; q += 8) {
          f.tcpSackLeft[f.tcpSackCount] = u32(d, q)
          f.tcpSackRight[f.tcpSackCount] = u32(d, q + 4)
          f.tcpSackCount++
        }
        break
      default:
        break
    }
    p += len
  }
}
