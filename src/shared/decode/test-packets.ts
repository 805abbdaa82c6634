/**
 * Tiny packet builders for the decoder's unit tests (and other layers' tests): they produce frames with
 * correct lengths and checksums unless told otherwise, so a test states only what it is about.
 */
import { finish, pseudo4, pseudo6, sum16 } from './checksum'

export function hex(s: string): Uint8Array {
  const clean = s.replace(/[^0-9a-fA-F]/g, '')
  const out = new Uint8Array(clean.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16)
  return out
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** Ethernet II frame; each VLAN tag is written as TPID (0x8100 unless given) then TCI, outer first. */
export function ether(
  type: number,
  payload: Uint8Array,
  vlans: Array<{ id: number; tpid?: number }> = [],
): Uint8Array {
  const out: Uint8Array[] = [hex('00 11 22 33 44 55 66 77 88 99 aa bb')]
  for (const v of vlans) {
    const t = v.tpid ?? 0x8100
    out.push(new Uint8Array([t >> 8, t & 0xff, (v.id >> 8) & 0x0f, v.id & 0xff]))
  }
  out.push(new Uint8Array([type >> 8, type & 0xff]), payload)
  return concat(...out)
}

export interface Ipv4Opts {
  src?: number[]
  dst?: number[]
  proto?: number
  ttl?: number
  id?: number
  flags?: number
  fragOffset?: number
  options?: Uint8Array
  totalLen?: number
  ihl?: number
  badChecksum?: boolean
}

export function ipv4(payload: Uint8Array, o: Ipv4Opts = {}): Uint8Array {
  const opts = o.options ?? new Uint8Array(0)
  const hl = 20 + opts.length
  const h = new Uint8Array(hl)
  h[0] = 0x40 | (o.ihl ?? hl / 4)
  const total = o.totalLen ?? hl + payload.length
  h[2] = total >> 8
  h[3] = total & 0xff
  const id = o.id ?? 0x1234
  h[4] = id >> 8
  h[5] = id & 0xff
  const ff = ((o.flags ?? 2) << 13) | ((o.fragOffset ?? 0) >> 3)
  h[6] = ff >> 8
  h[7] = ff & 0xff
  h[8] = o.ttl ?? 64
  h[9] = o.proto ?? 6
  h.set(o.src ?? [10, 0, 0, 1], 12)
  h.set(o.dst ?? [10, 0, 0, 2], 16)
  h.set(opts, 20)
  let c = finish(sum16(h, 0, hl))
  if (o.badChecksum) c ^= 0x5555
  h[10] = c >> 8
  h[11] = c & 0xff
  return concat(h, payload)
}

export function ipv6(
  payload: Uint8Array,
  next = 6,
  ext: Uint8Array = new Uint8Array(0),
  plen?: number,
): Uint8Array {
  const h = new Uint8Array(40)
  h[0] = 0x60
  const pl = plen ?? ext.length + payload.length
  h[4] = pl >> 8
  h[5] = pl & 0xff
  h[6] = next
  h[7] = 64
  h.set(hex('20010db8000000000000000000000001'), 8)
  h.set(hex('20010db8000000000000000000000002'), 24)
  return concat(h, ext, payload)
}

export interface TcpOpts {
  sport?: number
  dport?: number
  seq?: number
  ack?: number
  flags?: number
  window?: number
  options?: Uint8Array
  dataOffset?: number
}

export function tcp(payload: Uint8Array = new Uint8Array(0), o: TcpOpts = {}): Uint8Array {
  const opts = o.options ?? new Uint8Array(0)
  const hl = 20 + opts.length
  const h = new Uint8Array(hl)
  const v = new DataView(h.buffer)
  v.setUint16(0, o.sport ?? 40000)
  v.setUint16(2, o.dport ?? 80)
  v.setUint32(4, o.seq ?? 1000)
  v.setUint32(8, o.ack ?? 0)
  v.setUint16(12, ((o.dataOffset ?? hl / 4) << 12) | (o.flags ?? 0x002))
  v.setUint16(14, o.window ?? 65535)
  h.set(opts, 20)
  return concat(h, payload)
}

export function udp(
  payload: Uint8Array = new Uint8Array(0),
  sport = 5353,
  dport = 53,
  ulen?: number,
): Uint8Array {
  const h = new Uint8Array(8)
  const v = new DataView(h.buffer)
  v.setUint16(0, sport)
  v.setUint16(2, dport)
  v.setUint16(4, ulen ?? 8 + payload.length)
  return concat(h, payload)
}

/** Fill in the transport checksum of an IPv4 packet (TCP 6 at +16, UDP 17 at +6, ICMP 1 at +2). */
export function fixL4Checksum4(ip: Uint8Array, bad = false): Uint8Array {
  const hl = (ip[0]! & 15) * 4
  const proto = ip[9]!
  const len = ip.length - hl
  const at = hl + (proto === 6 ? 16 : proto === 17 ? 6 : 2)
  ip[at] = 0
  ip[at + 1] = 0
  let c = finish(sum16(ip, hl, len) + (proto === 1 ? 0 : pseudo4(ip, 12, proto, len)))
  if (proto === 17 && c === 0) c = 0xffff
  if (bad) c ^= 0x1111
  ip[at] = c >> 8
  ip[at + 1] = c & 0xff
  return ip
}

/** Same for IPv6 without extension headers (next header at byte 6). */
export function fixL4Checksum6(ip: Uint8Array, bad = false): Uint8Array {
  const proto = ip[6]!
  const len = ip.length - 40
  const at = 40 + (proto === 6 ? 16 : proto === 17 ? 6 : 2)
  ip[at] = 0
  ip[at + 1] = 0
  let c = finish(sum16(ip, 40, len) + pseudo6(ip, 8, 24, proto, len))
  if (bad) c ^= 0x1111
  ip[at] = c >> 8
  ip[at + 1] = c & 0xff
  return ip
}
