import { be16, be32, formatIPv4, formatIPv6, hexPad } from './addr-format'
import { cksumShouldBe, finish, sumBytes } from './inet-checksum'
import { formatTcp, type TcpIpInfo, type TcpPrintOpts } from './tcp-line'
import type { TcpSeqTracker } from './tcp-seq-tracker'
import { formatIcmp, formatIcmp6, formatUdp } from './other-protocols'

/** tcpdump's ipproto_values (names used by -v "proto X (n)" / "next-header X (n)"). */
const IPPROTO_NAMES: Record<number, string> = {
  0: 'Options',
  1: 'ICMP',
  2: 'IGMP',
  4: 'IPIP',
  6: 'TCP',
  8: 'EGP',
  9: 'IGRP',
  17: 'UDP',
  33: 'DCCP',
  41: 'IPv6',
  43: 'Routing',
  44: 'Fragment',
  46: 'RSVP',
  47: 'GRE',
  50: 'ESP',
  51: 'AH',
  55: 'Mobile IP',
  58: 'ICMPv6',
  62: 'Mobile IP (old)',
  88: 'EIGRP',
  89: 'OSPF',
  103: 'PIM',
  108: 'Compressed IP',
  112: 'VRRP',
  113: 'PGM',
  132: 'SCTP',
  135: 'Mobility',
}

export function ipProtoName(p: number): string {
  return IPPROTO_NAMES[p] ?? 'unknown'
}

export interface IpPrintCtx {
  opts: TcpPrintOpts
  seqs: TcpSeqTracker
}

const tcpIp: TcpIpInfo = {
  d: new Uint8Array(0),
  version: 4,
  srcOff: 0,
  dstOff: 0,
  direct: true,
  fragmented: false,
  pseudoSum: 0,
}

/**
 * print-ip.c ip_print (4.99.3): `off` is the IPv4 header, `length` what the link layer says is left
 * (from the wire length), `capEnd` the end of the captured bytes.
 */
export function formatIPv4Packet(
  d: Uint8Array,
  off: number,
  length: number,
  capEnd: number,
  ctx: IpPrintCtx,
): string {
  if (off >= capEnd) return ' [|ip]'
  const ver = d[off]! >> 4
  if (ver !== 4) return (ver === 6 ? 'IP6, wrong link-layer encapsulation' : `IP${ver}`) + ' (invalid)'
  let s = 'IP '
  if (off + 20 > capEnd) return s + ' [|ip]'
  if (length < 20) return s + `truncated-ip ${length}`
  const hlen = (d[off]! & 0x0f) * 4
  if (hlen < 20) return s + `bad-hlen ${hlen}`
  let len = be16(d, off + 2)
  if (length < len) s += `truncated-ip - ${len - length} bytes missing! `
  if (len < hlen) return s + `bad-len ${len}`
  const end = Math.min(capEnd, off + len)
  len -= hlen
  const ipOff = be16(d, off + 6)
  const proto = d[off + 9]!
  const verbose = ctx.opts.verbose
  const src = formatIPv4(d, off + 12)
  const dst = formatIPv4(d, off + 16)
  if (verbose) {
    const tos = d[off + 1]!
    s += `(tos 0x${tos.toString(16)}`
    const ecn = tos & 3
    if (ecn === 1) s += ',ECT(1)'
    else if (ecn === 2) s += ',ECT(0)'
    else if (ecn === 3) s += ',CE'
    const ttl = d[off + 8]!
    if (ttl >= 1) s += `, ttl ${ttl}`
    let fl = ''
    if (ipOff & 0x2000) fl = '+'
    if (ipOff & 0x4000) fl += (fl ? ', ' : '') + 'DF'
    if (ipOff & 0x8000) fl += (fl ? ', ' : '') + 'rsvd'
    s += `, id ${be16(d, off + 4)}, offset ${(ipOff & 0x1fff) * 8}, flags [${fl || 'none'}], proto ${ipProtoName(proto)} (${proto})`
    s += `, length ${be16(d, off + 2)}`
    let truncated = false
    if (hlen > 20) {
      s += ', options ('
      const r = ipOptions(d, off + 20, hlen - 20, end)
      s += r.text
      if (r.trunc) {
        s += ' [truncated-option]'
        truncated = true
      }
      s += ')'
    }
    if (off + hlen <= end) {
      const sum = finish(sumBytes(d, off, hlen, 0))
      if (sum !== 0) {
        const ipSum = be16(d, off + 10)
        s += `, bad cksum ${ipSum.toString(16)} (->${cksumShouldBe(ipSum, sum).toString(16)})!`
      }
    }
    s += ')\n    '
    if (truncated) return s + `${src} > ${dst}:  [|ip]`
  }
  if ((ipOff & 0x1fff) === 0) {
    if (proto !== 6 && proto !== 17 && proto !== 132 && proto !== 33) s += `${src} > ${dst}: `
    if (off + hlen > end) {
      return s + ` [remaining caplen(${Math.max(0, end - off)}) < header length(${hlen})] [|ip]`
    }
    const l4 = off + hlen
    const fragmented = (ipOff & 0x3fff) !== 0
    switch (proto) {
      case 6: {
        tcpIp.d = d
        tcpIp.version = 4
        tcpIp.srcOff = off + 12
        tcpIp.dstOff = off + 16
        tcpIp.direct = true
        tcpIp.fragmented = fragmented
        // The addresses printed are the header's; only the checksum uses a source route's last hop.
        tcpIp.pseudoSum = sumBytes(d, off + 12, 4, sumBytes(d, ipv4FinalDst(d, off, hlen, end), 4, 6))
        return s + formatTcp(tcpIp, l4, len, end, ctx.opts, ctx.seqs)
      }
      case 17:
        return (
          s +
          formatUdp(
            d,
            l4,
            len,
            end,
            src,
            dst,
            verbose,
            fragmented,
            sumBytes(d, off + 12, 4, sumBytes(d, ipv4FinalDst(d, off, hlen, end), 4, 17)),
            4,
          )
        )
      case 1:
        return s + formatIcmp(d, l4, len, end)
      default:
        return s + ` ip-proto-${proto} ${len}`
    }
  }
  return s + `${src} > ${dst}: ip-proto-${proto}`
}

/** ip_finddst: with a valid LSRR/SSRR option the checksum pseudo-header uses the route's last hop. */
function ipv4FinalDst(d: Uint8Array, off: number, hlen: number, end: number): number {
  let cp = off + 20
  let length = hlen - 20
  while (length > 0) {
    if (cp >= end) break
    const tt = d[cp]!
    let len: number
    if (tt === 0) break
    else if (tt === 1) len = 1
    else {
      if (cp + 1 >= end) break
      len = d[cp + 1]!
      if (len < 2) break
    }
    if (length < len || cp + len > end) break
    if ((tt === 137 || tt === 131) && len >= 7) return cp + len - 4
    cp += len
    length -= len
  }
  return off + 16
}

/** ip_optprint (-v). */
function ipOptions(
  d: Uint8Array,
  cp0: number,
  length0: number,
  end: number,
): { text: string; trunc: boolean } {
  let s = ''
  let sep = ''
  let cp = cp0
  let length = length0
  while (length > 0) {
    s += sep
    sep = ','
    if (cp >= end) return { text: s, trunc: true }
    const code = d[cp]!
    s += IPOPT_NAMES[code] ?? `unknown ${code}`
    let olen: number
    if (code === 0 || code === 1) olen = 1
    else {
      if (cp + 1 >= end) return { text: s, trunc: true }
      olen = d[cp + 1]!
      if (olen < 2) return { text: s + ` [bad length ${olen}]`, trunc: false }
    }
    if (olen > length) return { text: s + ` [bad length ${olen}]`, trunc: false }
    if (cp + olen > end) return { text: s, trunc: true }
    if (code === 0) return { text: s, trunc: false }
    if (code === 68) s += ipTimestampOpt(d, cp, olen)
    else if (code === 7 || code === 131 || code === 137) s += ipRouteOpt(d, cp, olen)
    else if (code === 148) {
      if (olen < 4) s += ` [bad length ${olen}]`
      else if (be16(d, cp + 2) !== 0) s += ` value ${be16(d, cp + 2)}`
    }
    cp += olen
    length -= olen
  }
  return { text: s, trunc: false }
}

const IPOPT_NAMES: Record<number, string> = {
  0: 'EOL',
  1: 'NOP',
  68: 'timestamp',
  130: 'security',
  7: 'RR',
  137: 'SSRR',
  131: 'LSRR',
  148: 'RA',
  82: 'traceroute',
}

function ipRouteOpt(d: Uint8Array, cp: number, length: number): string {
  if (length < 3) return ` [bad length ${length}]`
  let s = ''
  if ((length + 1) & 3) s += ` [bad length ${length}]`
  const ptr = d[cp + 2]! - 1
  if (ptr < 3 || (ptr + 1) & 3 || ptr > length + 1) s += ` [bad ptr ${d[cp + 2]}]`
  for (let len = 3; len < length; len += 4) {
    s += ` ${formatIPv4(d, cp + len)}`
    if (ptr > len) s += ','
  }
  return s
}

function ipTimestampOpt(d: Uint8Array, cp: number, length: number): string {
  if (length < 4) return `[bad length ${length}]`
  let s = ' TS{'
  const hoplen = (d[cp + 3]! & 0xf) !== 1 ? 8 : 4
  if ((length - 4) & (hoplen - 1)) s += `[bad length ${length}]`
  const ptr = d[cp + 2]! - 1
  let len = 0
  if (ptr < 4 || (ptr - 4) & (hoplen - 1) || ptr > length + 1) s += `[bad ptr ${d[cp + 2]}]`
  const type = d[cp + 3]! & 0xf
  if (type === 0) s += 'TSONLY'
  else if (type === 1) s += 'TS+ADDR'
  else if (type === 3) s += 'PRESPEC'
  else s += `[bad ts type ${type}]`
  if (type === 0 || type === 1 || type === 3) {
    let t = ' '
    for (len = 4; len < length; len += hoplen) {
      if (ptr === len) t = ' ^ '
      s += `${t}${be32(d, cp + len + hoplen - 4)}@${hoplen !== 8 ? '' : formatIPv4(d, cp + len)}`
      t = ' '
    }
  }
  s += ptr === len ? ' ^ ' : ''
  if (d[cp + 3]! >> 4) s += ` [${d[cp + 3]! >> 4} hops not recorded]} `
  else s += '}'
  return s
}

/** print-ip6.c ip6_print (4.99.3), TCP/UDP/ICMPv6 directly or after extension headers. */
export function formatIPv6Packet(
  d: Uint8Array,
  off: number,
  length: number,
  capEnd: number,
  ctx: IpPrintCtx,
): string {
  if (off + 40 > capEnd) return 'IP6  [|ip6]'
  if (length < 40) return `IP6 truncated-ip6 ${length}`
  let s = 'IP6 '
  const ver = d[off]! >> 4
  if (ver !== 6) return s + `version error: ${ver} != 6`
  const plen = be16(d, off + 4)
  // 4.99.3 has no jumbogram case: a zero payload length cuts the packet at the IPv6 header.
  const len = plen + 40
  if (length < len) s += `truncated-ip6 - ${len - length} bytes missing!`
  const end = Math.min(capEnd, off + len)
  let nh = d[off + 6]!
  if (ctx.opts.verbose) {
    const flow = be32(d, off)
    s += '('
    if (flow & 0x0ff00000) s += `class 0x${hexPad((flow & 0x0ff00000) >>> 20, 2)}, `
    if (flow & 0x000fffff) s += `flowlabel 0x${hexPad(flow & 0x000fffff, 5)}, `
    s += `hlim ${d[off + 7]}, next-header ${ipProtoName(nh)} (${nh}) payload length: ${plen}) `
  }
  const src = formatIPv6(d, off + 8)
  const dst = formatIPv6(d, off + 24)
  let cp = off + 40
  let rem = len - 40
  let fragmented = false
  let first = true
  for (;;) {
    if (first && nh !== 6 && nh !== 17 && nh !== 33 && nh !== 132) s += `${src} > ${dst}: `
    first = false
    switch (nh) {
      case 6:
        tcpIp.d = d
        tcpIp.version = 6
        tcpIp.srcOff = off + 8
        tcpIp.dstOff = off + 24
        tcpIp.direct = d[off + 6] === 6
        tcpIp.fragmented = fragmented
        tcpIp.pseudoSum = sumBytes(d, off + 8, 32, 6)
        return s + formatTcp(tcpIp, cp, rem, end, ctx.opts, ctx.seqs)
      case 17:
        return (
          s +
          formatUdp(
            d,
            cp,
            rem,
            end,
            src,
            dst,
            ctx.opts.verbose,
            fragmented,
            sumBytes(d, off + 8, 32, 17),
            6,
            d[off + 6] === 17,
          )
        )
      case 58:
        return s + formatIcmp6(d, cp, rem, end)
      case 0:
      case 60:
      case 43: {
        if (cp + 2 > end) return s + ' [|ip6]'
        const hl = (d[cp + 1]! + 1) * 8
        s += nh === 0 ? 'HBH ' : nh === 60 ? 'DSTOPT ' : 'srcrt '
        nh = d[cp]!
        cp += hl
        rem -= hl
        if (rem < 0) return s + ' [|ip6]'
        break
      }
      case 44: {
        if (cp + 8 > end) return s + 'frag [|frag]'
        const fo = be16(d, cp + 2)
        s += `frag (0x${hexPad(be32(d, cp + 4), 8)}:${fo & 0xfff8}|${rem - 8}) `
        fragmented = true
        if (fo & 0xfff8) return s
        nh = d[cp]!
        cp += 8
        rem -= 8
        break
      }
      case 59:
        return s
      default:
        return s + `ip-proto-${nh} ${rem}`
    }
  }
}
