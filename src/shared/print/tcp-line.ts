import { be16, be32, formatIPv4, formatIPv6 } from './addr-format'
import { cksumShouldBe, finish, sumBytes } from './inet-checksum'
import { formatTcpOptions, OptEnd, type OptResult, type TcpOptCtx } from './tcp-options'
import type { SeqResult, TcpSeqTracker } from './tcp-seq-tracker'

/** What tcp_print needs to know about the IP layer that carries the segment. */
export interface TcpIpInfo {
  d: Uint8Array
  /** 4 or 6. */
  version: number
  srcOff: number
  dstOff: number
  /** True when the IP header's own protocol/next-header is TCP (tcpdump then prints addresses with ports). */
  direct: boolean
  /** IPv4 MF or offset set / IPv6 fragment header seen: tcpdump skips the checksum. */
  fragmented: boolean
  /** Ones'-complement sum of the pseudo-header for the checksum (computed by the IP layer, without length). */
  pseudoSum: number
}

export interface TcpPrintOpts {
  verbose: number
  absoluteSeq: boolean
}

const FLAG_CHARS: Array<[number, string]> = [
  [0x01, 'F'],
  [0x02, 'S'],
  [0x04, 'R'],
  [0x08, 'P'],
  [0x10, '.'],
  [0x20, 'U'],
  [0x40, 'E'],
  [0x80, 'W'],
]

/** tcpdump's Flags [...] text for the 8 classic flag bits (bittok2str_nosep, "none" when none). */
export function tcpFlagString(flags: number): string {
  let s = ''
  for (const [bit, c] of FLAG_CHARS) if (flags & bit) s += c
  return s || 'none'
}

const seqOut: SeqResult = { seq: 0, ack: 0, thSeq: 0, thAck: 0, rev: false }
const optCtx: TcpOptCtx = {
  d: new Uint8Array(0),
  off: 0,
  len: 0,
  end: 0,
  flags: 0,
  rev: false,
  thSeq: 0,
  thAck: 0,
  payloadOff: 0,
  payloadLen: 0,
}
const optRes: OptResult = { text: '', end: OptEnd.Ok }

/**
 * The TCP part of tcpdump's line (print-tcp.c tcp_print, 4.99.3), from the ports to ", length N" and the
 * TCP-level suffixes tcpdump prints itself (RST data with -v, the remaining-caplen marker). Application
 * payload decoders that tcpdump runs after "length N" are not reproduced.
 *
 * `off` is the TCP header, `length` the IP payload length from the IP header, `end` tcpdump's snapend.
 */
export function formatTcp(
  ip: TcpIpInfo,
  off: number,
  length: number,
  end: number,
  opts: TcpPrintOpts,
  seqs: TcpSeqTracker,
): string {
  const d = ip.d
  const v6 = ip.version === 6
  const addr = (o: number): string => (v6 ? formatIPv6(d, o) : formatIPv4(d, o))
  if (off + 4 > end) return `${addr(ip.srcOff)} > ${addr(ip.dstOff)}: [|tcp]`
  const sport = be16(d, off)
  const dport = be16(d, off + 2)
  let s = ip.direct ? `${addr(ip.srcOff)}.${sport} > ${addr(ip.dstOff)}.${dport}: ` : `${sport} > ${dport}: `
  if (off + 20 > end) return s + ' [|tcp]'
  let hlen = (d[off + 12]! >> 4) * 4
  if (hlen < 20) return s + ` tcp ${(length - hlen) >>> 0} [bad hdr length ${hlen} - too short, < 20]`
  let seq = be32(d, off + 4)
  let ack = be32(d, off + 8)
  const win = be16(d, off + 14)
  const urp = be16(d, off + 18)
  const flags = d[off + 13]!
  s += `Flags [${tcpFlagString(flags)}]`
  let rev = false
  let thSeq = 0
  let thAck = 0
  if (!opts.absoluteSeq && flags & 0x10) {
    seqs.track(d, ip.srcOff, ip.dstOff, v6 ? 16 : 4, sport, dport, seq, ack, (flags & 0x02) !== 0, seqOut)
    seq = seqOut.seq
    ack = seqOut.ack
    rev = seqOut.rev
    thSeq = seqOut.thSeq
    thAck = seqOut.thAck
  }
  if (hlen > length) return s + ` [bad hdr length ${hlen} - too long, > ${length}]`
  if (opts.verbose && !ip.fragmented && off + length <= end) {
    // ND_TTEST_LEN(tp, length): the whole segment must be captured to verify.
    const lenWords = v6 ? (length >>> 16) + (length & 0xffff) : length & 0xffff
    const sum = finish(sumBytes(d, off, length, ip.pseudoSum + lenWords))
    const tcpSum = be16(d, off + 16)
    s += `, cksum 0x${tcpSum.toString(16).padStart(4, '0')}`
    s +=
      sum !== 0
        ? ` (incorrect -> 0x${cksumShouldBe(tcpSum, sum).toString(16).padStart(4, '0')})`
        : ' (correct)'
  }
  const plen = length - hlen
  if (opts.verbose > 1 || plen > 0 || flags & 0x07) {
    s += `, seq ${seq}`
    if (plen > 0) s += `:${(seq + plen) >>> 0}`
  }
  if (flags & 0x10) s += `, ack ${ack}`
  s += `, win ${win}`
  if (flags & 0x20) s += `, urg ${urp}`
  if (hlen > 20) {
    optCtx.d = d
    optCtx.off = off + 20
    optCtx.len = hlen - 20
    optCtx.end = end
    optCtx.flags = flags
    optCtx.rev = rev
    optCtx.thSeq = thSeq
    optCtx.thAck = thAck
    optCtx.payloadOff = off + hlen
    optCtx.payloadLen = plen
    formatTcpOptions(optCtx, optRes)
    s += optRes.text
    if (optRes.end !== OptEnd.Ok) return s
  }
  s += `, length ${plen}`
  if (plen === 0) return s
  hlen = (d[off + 12]! >> 4) * 4
  if (off + hlen > end) {
    return s + ` [remaining caplen(${Math.max(0, end - off)}) < header length(${hlen})] [|tcp]`
  }
  if (flags & 0x04 && opts.verbose) s += rstData(d, off + hlen, plen, end)
  return s
}

function rstData(d: Uint8Array, sp: number, length: number, end: number): string {
  let s = sp + length <= end ? ' [RST' : ' [!RST'
  let n = length
  if (n > 30) {
    n = 30
    s += '+'
  }
  s += ' '
  for (let p = sp; n && p < end; p++, n--) s += printableChar(d[p]!)
  return s + ']'
}

/** fn_print_char: "M-" for 8-bit bytes, "^X" for control characters. */
export function printableChar(c: number): string {
  let s = ''
  let ch = c
  if (ch & 0x80) {
    s += 'M-'
    ch &= 0x7f
  }
  if (ch < 0x20 || ch === 0x7f) {
    s += '^'
    s += ch === 0x7f ? '?' : String.fromCharCode(ch ^ 0x40)
  } else s += String.fromCharCode(ch)
  return s
}
