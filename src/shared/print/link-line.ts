import { be16, formatMac } from './addr-format'
import { formatIPv4Packet, formatIPv6Packet, type IpPrintCtx } from './ip-line'
import { formatArp } from './other-protocols'

/**
 * The link layers wirelite decodes, printed the way tcpdump prints them without -e: nothing for
 * Ethernet/SLL/NULL/RAW in front of "IP …", and "ifname dir " columns for SLL2. The link walk is done here
 * on the raw bytes (tcpdump's own rules for short headers and VLAN tags), then the network layer prints.
 */
export interface LinkCtx extends IpPrintCtx {
  ifName(index: number): string
}

const SLL_PKTTYPE = ['In', 'B', 'M', 'P', 'Out']

export function formatLink(
  linkType: number,
  d: Uint8Array,
  capLen: number,
  origLen: number,
  ctx: LinkCtx,
): string {
  switch (linkType) {
    case 1:
      return ethernet(d, capLen, origLen, ctx)
    case 113: {
      if (capLen < 16) return ' [|sll]'
      return etherTypePayload(be16(d, 14), d, 16, capLen, origLen - 16, origLen, ctx, null)
    }
    case 276: {
      if (capLen < 20) return ' [|sll2]'
      const name = ctx.ifName(((d[4]! << 24) | (d[5]! << 16) | (d[6]! << 8) | d[7]!) >>> 0)
      const pt = d[10]!
      const s = `${name.padEnd(5)} ${(SLL_PKTTYPE[pt] ?? 'Unknown').padEnd(3)} `
      return s + etherTypePayload(be16(d, 0), d, 20, capLen, origLen - 20, origLen, ctx, null)
    }
    case 0:
    case 108: {
      if (capLen < 4) return ' [|null]'
      let fam =
        linkType === 108
          ? ((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!) >>> 0
          : (d[0]! | (d[1]! << 8) | (d[2]! << 16) | (d[3]! << 24)) >>> 0
      // tcpdump: a value with the low 16 bits zero was written in the other byte order.
      if ((fam & 0xffff) === 0)
        fam = (((fam & 0xff) << 24) | ((fam & 0xff00) << 8) | ((fam >>> 8) & 0xff00) | (fam >>> 24)) >>> 0
      if (fam === 2) return formatIPv4Packet(d, 4, origLen - 4, capLen, ctx)
      if (fam === 24 || fam === 28 || fam === 30) return formatIPv6Packet(d, 4, origLen - 4, capLen, ctx)
      return `AF ${fam}, length ${origLen}: `
    }
    case 101:
    case 12:
    case 14:
      return rawIp(d, 0, capLen, origLen, ctx)
    case 9:
      return ppp(d, capLen, origLen, ctx)
    case 129:
      return arcnetLinux(d, capLen, origLen, ctx)
    case 239:
      return nflog(d, capLen, origLen, ctx)
    case 242: {
      // IPoIB (RFC 4391 as captured by Linux): 40 bytes of addresses, ethertype, 2 reserved.
      if (capLen < 44) return ' [|ipoib]'
      return etherTypePayload(be16(d, 40), d, 44, capLen, origLen - 44, origLen, ctx, null)
    }
    case 228:
      return formatIPv4Packet(d, 0, origLen, capLen, ctx)
    case 229:
      return formatIPv6Packet(d, 0, origLen, capLen, ctx)
    default:
      return `[link-type ${linkType} not decoded], length ${origLen}`
  }
}

function rawIp(d: Uint8Array, off: number, capLen: number, origLen: number, ctx: LinkCtx): string {
  const length = origLen - off
  if (length < 1) return `truncated-ip ${length}`
  if (off >= capLen) return ' [|ipn]'
  const v = d[off]! & 0xf0
  if (v === 0x40) return formatIPv4Packet(d, off, length, capLen, ctx)
  if (v === 0x60) return formatIPv6Packet(d, off, length, capLen, ctx)
  return `unknown ip ${v >> 4}`
}

function ethernet(d: Uint8Array, capLen: number, origLen: number, ctx: LinkCtx): string {
  if (capLen < 14 || origLen < 14) return ' [|ether]'
  let type = be16(d, 12)
  let off = 14
  while (type === 0x8100 || type === 0x9100 || type === 0x9200 || type === 0x88a8) {
    if (capLen - off < 4 || origLen - off < 4) return '[|vlan]'
    type = be16(d, off + 2)
    off += 4
  }
  return etherTypePayload(type, d, off, capLen, origLen - off, origLen, ctx, 0)
}

function etherTypePayload(
  type: number,
  d: Uint8Array,
  off: number,
  capLen: number,
  length: number,
  origLen: number,
  ctx: LinkCtx,
  macOff: number | null,
): string {
  switch (type) {
    case 0x0800:
      return formatIPv4Packet(d, off, length, capLen, ctx)
    case 0x86dd:
      return formatIPv6Packet(d, off, length, capLen, ctx)
    case 0x0806:
      return formatArp(d, off, length, capLen)
    case 0x8864:
      return pppoeSession(d, off, capLen, length, ctx)
    case 0x8847:
    case 0x8848:
      return mpls(d, off, capLen, length, ctx)
    default: {
      const macs = macOff !== null ? `${formatMac(d, macOff + 6)} > ${formatMac(d, macOff)}, ` : ''
      if (type <= 1500) return `${macs}802.3, length ${type}: LLC`
      return `${macs}ethertype Unknown (0x${type.toString(16).padStart(4, '0')}), length ${origLen}: `
    }
  }
}

/** ARCNET as Linux captures it: 5-byte header for the old RFC 1051 types, 8 bytes otherwise. */
function arcnetLinux(d: Uint8Array, capLen: number, origLen: number, ctx: LinkCtx): string {
  if (capLen < 5) return ' [|arcnet]'
  const type = d[4]!
  const hl = type === 240 || type === 241 || type === 0x80 ? 5 : 8
  if (capLen < hl) return ' [|arcnet]'
  const length = origLen - hl
  switch (type) {
    case 212:
    case 240:
      return formatIPv4Packet(d, hl, length, capLen, ctx)
    case 196:
      return formatIPv6Packet(d, hl, length, capLen, ctx)
    case 213:
    case 241:
      return formatArp(d, hl, length, capLen)
    default:
      return `arcnet type ${type}, length ${origLen}`
  }
}

/** NFLOG: 4-byte header (family first), then TLVs in host (little-endian) order; type 9 is the packet. */
function nflog(d: Uint8Array, capLen: number, origLen: number, ctx: LinkCtx): string {
  if (capLen < 4) return ' [|nflog]'
  const family = d[0]!
  let p = 4
  let length = origLen - 4
  while (length > 0) {
    if (capLen - p < 4) return ' [|nflog]'
    let size = d[p]! | (d[p + 1]! << 8)
    if (size % 4 !== 0) size += 4 - (size % 4)
    if (size < 4 || capLen - p < size) return ' [|nflog]'
    if ((d[p + 2]! | (d[p + 3]! << 8)) === 9) {
      p += 4
      length -= 4
      break
    }
    p += size
    length -= size
  }
  if (family === 2) return formatIPv4Packet(d, p, length, capLen, ctx)
  if (family === 10) return formatIPv6Packet(d, p, length, capLen, ctx)
  return `nflog family ${family}, length ${origLen}`
}

/** PPPoE session stage: "PPPoE  [ses 0x…] " then the PPP payload (discovery packets: name only). */
function pppoeSession(d: Uint8Array, off: number, capLen: number, length: number, ctx: LinkCtx): string {
  if (length < 6) return `PPPoE (length ${length} < 6) (invalid)`
  if (off + 6 > capLen) return ' [|pppoe]'
  let s = ''
  const ver = d[off]! & 0x0f
  const type = d[off]! >> 4
  if (ver !== 1) s += ` [ver ${ver}]`
  if (type !== 1) s += ` [type ${type}]`
  const code = d[off + 1]!
  const ses = be16(d, off + 2)
  const plen = Math.min(be16(d, off + 4), length - 6)
  s += `PPPoE ${code === 0 ? '' : `PAD-${code.toString(16)}`}`
  if (ses) s += ` [ses 0x${ses.toString(16)}]`
  if (code !== 0) return s
  return s + ' ' + pppPayload(d, off + 6, capLen, plen, ctx)
}

/** MPLS label stack (tcpdump without -v): "MPLS (label L, tc T, [S], ttl N) " then IPv4/IPv6 by the first nibble. */
function mpls(d: Uint8Array, off: number, capLen: number, length: number, ctx: LinkCtx): string {
  let s = 'MPLS'
  let p = off
  let rem = length
  let entry = 0
  do {
    if (rem < 4) return s + ' (invalid)'
    if (p + 4 > capLen) return s + ' [|mpls]'
    entry = ((d[p]! << 24) | (d[p + 1]! << 16) | (d[p + 2]! << 8) | d[p + 3]!) >>> 0
    s += ` (label ${entry >>> 12}, tc ${(entry >> 9) & 7}${entry & 0x100 ? ', [S]' : ''}, ttl ${entry & 0xff})`
    p += 4
    rem -= 4
  } while (!(entry & 0x100))
  const label = entry >>> 12
  if (label === 0 || label === 3) return s + ' ' + formatIPv4Packet(d, p, rem, capLen, ctx)
  if (label === 2) return s + ' ' + formatIPv6Packet(d, p, rem, capLen, ctx)
  if (rem < 1 || p >= capLen) return s
  const nib = d[p]! >> 4
  if (nib === 4 && rem >= 20 && (d[p]! & 0xf) >= 5) return s + ' ' + formatIPv4Packet(d, p, rem, capLen, ctx)
  if (nib === 6 && rem >= 40) return s + ' ' + formatIPv6Packet(d, p, rem, capLen, ctx)
  return s
}

function pppPayload(d: Uint8Array, off: number, capLen: number, length: number, ctx: LinkCtx): string {
  let p = off
  let len = length
  if (len >= 2 && p + 2 <= capLen && d[p] === 0xff && d[p + 1] === 0x03) {
    p += 2
    len -= 2
  }
  if (p >= capLen) return ' [|ppp]'
  let proto: number
  if (d[p]! & 1) {
    proto = d[p]!
    p++
    len--
  } else {
    if (p + 2 > capLen) return ' [|ppp]'
    proto = be16(d, p)
    p += 2
    len -= 2
  }
  if (proto === 0x21) return formatIPv4Packet(d, p, len, capLen, ctx)
  if (proto === 0x57) return formatIPv6Packet(d, p, len, capLen, ctx)
  if (proto === 0x281 || proto === 0x283) return mpls(d, p, capLen, len, ctx)
  return `PPP proto 0x${proto.toString(16).padStart(4, '0')}, length ${len}`
}

/** PPP (RFC 1662 framing optional): tcpdump prints no PPP prefix for IP. */
function ppp(d: Uint8Array, capLen: number, origLen: number, ctx: LinkCtx): string {
  return pppPayload(d, 0, capLen, origLen, ctx)
}
