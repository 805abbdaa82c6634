import { be16, formatIPv4, formatIPv6, formatMac } from './addr-format'
import { cksumShouldBe, finish, sumBytes } from './inet-checksum'

/**
 * The generic forms tcpdump prints for UDP, ICMP, ICMPv6 and ARP when no application decoder applies.
 * These are best effort (tcpdump decodes many UDP applications we do not): they are not part of the
 * byte-identical TCP conformance.
 */
export function formatUdp(
  d: Uint8Array,
  off: number,
  length: number,
  end: number,
  src: string,
  dst: string,
  verbose: number,
  fragmented: boolean,
  pseudoSum: number,
  version: number,
  direct = true,
): string {
  const addrs = (sp: number, dp: number): string =>
    direct ? `${src}.${sp} > ${dst}.${dp}: ` : `${sp} > ${dp}: `
  if (off + 4 > end) return `${src} > ${dst}:  [|udp]`
  const sport = be16(d, off)
  const dport = be16(d, off + 2)
  if (length < 8) return addrs(sport, dport) + `truncated-udp ${length}`
  if (off + 6 > end) return addrs(sport, dport) + ' [|udp]'
  let ulen = be16(d, off + 4)
  if (ulen === 0 && length > 65535) ulen = length
  if (ulen < 8) return addrs(sport, dport) + `truncated-udplength ${ulen}`
  ulen -= 8
  let plen = length - 8
  if (ulen < plen) plen = ulen
  let s = addrs(sport, dport)
  if (ulen > plen) return s + `UDP, bad length ${ulen} > ${plen}`
  if (verbose && !fragmented && off + 8 <= end) {
    const udpSum = be16(d, off + 6)
    if (version === 4 && udpSum === 0) s += '[no cksum] '
    else if (off + plen + 8 <= end) {
      const l = plen + 8
      const sum = finish(sumBytes(d, off, l, pseudoSum + (l & 0xffff) + (version === 6 ? l >>> 16 : 0)))
      if (sum !== 0)
        s += `[bad udp cksum 0x${udpSum.toString(16).padStart(4, '0')} -> 0x${cksumShouldBe(udpSum, sum).toString(16).padStart(4, '0')}!] `
      else s += '[udp sum ok] '
    }
  }
  return s + `UDP, length ${plen}`
}

export function formatIcmp(d: Uint8Array, off: number, length: number, end: number): string {
  if (off + 1 > end) return ' [|icmp]'
  const type = d[off]!
  if ((type === 8 || type === 0) && off + 8 <= end) {
    return `ICMP echo ${type === 8 ? 'request' : 'reply'}, id ${be16(d, off + 4)}, seq ${be16(d, off + 6)}, length ${length}`
  }
  const code = off + 1 < end ? d[off + 1]! : -1
  if (type === 3 && off + 8 + 20 <= end) {
    // The quoted datagram names what was unreachable.
    const inner = off + 8
    const dst = formatIPv4(d, inner + 16)
    const ihl = (d[inner]! & 0xf) * 4
    const p = d[inner + 9]!
    if (code === 3 && (p === 17 || p === 6) && inner + ihl + 4 <= end)
      return `ICMP ${dst} ${p === 6 ? 'tcp' : 'udp'} port ${be16(d, inner + ihl + 2)} unreachable, length ${length}`
    if (code === 1) return `ICMP host ${dst} unreachable, length ${length}`
    if (code === 0) return `ICMP net ${dst} unreachable, length ${length}`
    if (code === 2) return `ICMP ${dst} protocol ${p} unreachable, length ${length}`
  }
  if (type === 11)
    return `ICMP ${code === 1 ? 'ip reassembly time exceeded' : 'time exceeded in-transit'}, length ${length}`
  const names: Record<number, string> = {
    3: 'unreachable',
    5: 'redirect',
    13: 'time stamp request',
    14: 'time stamp reply',
  }
  return `ICMP ${names[type] ?? `type-#${type}`}, length ${length}`
}

export function formatIcmp6(d: Uint8Array, off: number, length: number, end: number): string {
  if (off + 1 > end) return ' [|icmp6]'
  const type = d[off]!
  if ((type === 128 || type === 129) && off + 8 <= end) {
    return `ICMP6, echo ${type === 128 ? 'request' : 'reply'}, id ${be16(d, off + 4)}, seq ${be16(d, off + 6)}, length ${length}`
  }
  const names: Record<number, string> = {
    133: 'router solicitation',
    134: 'router advertisement',
    135: 'neighbor solicitation',
    136: 'neighbor advertisement',
    1: 'destination unreachable',
    3: 'time exceeded',
  }
  let s = `ICMP6, ${names[type] ?? `type-#${type}`}, length ${length}`
  if ((type === 135 || type === 136) && off + 24 <= end)
    s += `, ${type === 135 ? 'who has' : 'tgt is'} ${formatIPv6(d, off + 8)}`
  return s
}

/** print-arp.c for Ethernet/IPv4 ARP: "ARP, Request who-has A tell B, length N". */
export function formatArp(d: Uint8Array, off: number, length: number, end: number): string {
  if (off + 8 > end) return 'ARP,  [|arp]'
  const hrd = be16(d, off)
  const pro = be16(d, off + 2)
  const hln = d[off + 4]!
  const pln = d[off + 5]!
  const op = be16(d, off + 6)
  if (pro !== 0x0800 || pln !== 4 || hln !== 6 || off + 28 > end || (hrd !== 1 && hrd !== 6)) {
    return `ARP, Unknown protocol (0x${pro.toString(16).padStart(4, '0')}), length ${length}`
  }
  const sha = off + 8
  const spa = off + 14
  const tpa = off + 24
  if (op === 1) {
    // tcpdump shows the target hardware address when the requester filled it in.
    let tha = ''
    for (let i = 0; i < 6; i++) if (d[off + 18 + i]) tha = ` (${formatMac(d, off + 18)})`
    return `ARP, Request who-has ${formatIPv4(d, tpa)}${tha} tell ${formatIPv4(d, spa)}, length ${length}`
  }
  if (op === 2) return `ARP, Reply ${formatIPv4(d, spa)} is-at ${formatMac(d, sha)}, length ${length}`
  return `ARP, op ${op}, length ${length}`
}
