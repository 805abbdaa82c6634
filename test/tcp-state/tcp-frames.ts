import { encodePcap } from '../../src/main/engine/writers/pcap-encode'
import { parseFlagLetters } from '../../src/main/engine/tcp/state'

/** Test helper: Ethernet/IPv4/TCP frames with correct checksums, written as a pcap by H1's encoder. */
export interface FrameSpec {
  /** 'c>s' from client (10.0.0.1:port) to server (10.0.0.2:80), 's>c' back. */
  dir: 'c>s' | 's>c'
  flags: string
  seq: number
  ack?: number
  len?: number
  /** Client port (default 40000): one pcap can hold several streams. */
  port?: number
  /** Milliseconds since the first frame (default: 1 ms per frame). */
  ms?: number
}

function sum16(b: Uint8Array, off: number, len: number, init = 0): number {
  let s = init
  for (let i = 0; i + 1 < len; i += 2) s += (b[off + i]! << 8) | b[off + i + 1]!
  if (len & 1) s += b[off + len - 1]! << 8
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16)
  return s
}

export function tcpFrame(f: FrameSpec): Uint8Array {
  const len = f.len ?? 0
  const out = new Uint8Array(14 + 20 + 20 + len)
  const dv = new DataView(out.buffer)
  const client = [10, 0, 0, 1]
  const server = [10, 0, 0, 2]
  const [src, dst] = f.dir === 'c>s' ? [client, server] : [server, client]
  const cport = f.port ?? 40000
  const [sport, dport] = f.dir === 'c>s' ? [cport, 80] : [80, cport]
  out.set([2, 0, 0, 0, 0, f.dir === 'c>s' ? 2 : 1, 2, 0, 0, 0, 0, f.dir === 'c>s' ? 1 : 2], 0)
  dv.setUint16(12, 0x0800)
  const ip = 14
  out[ip] = 0x45
  dv.setUint16(ip + 2, 40 + len)
  dv.setUint16(ip + 6, 0x4000)
  out[ip + 8] = 64
  out[ip + 9] = 6
  out.set(src, ip + 12)
  out.set(dst, ip + 16)
  dv.setUint16(ip + 10, ~sum16(out, ip, 20) & 0xffff)
  const t = ip + 20
  dv.setUint16(t, sport)
  dv.setUint16(t + 2, dport)
  dv.setUint32(t + 4, f.seq >>> 0)
  dv.setUint32(t + 8, (f.ack ?? 0) >>> 0)
  dv.setUint16(t + 12, (5 << 12) | parseFlagLetters(f.flags))
  dv.setUint16(t + 14, 65535)
  for (let i = 0; i < len; i++) out[t + 20 + i] = 0x61 + (i % 26)
  // TCP checksum over the pseudo-header.
  let ps = sum16(out, ip + 12, 8)
  ps += 6 + 20 + len
  dv.setUint16(t + 16, ~sum16(out, t, 20 + len, ps) & 0xffff)
  return out
}

export function buildPcap(frames: FrameSpec[]): Uint8Array {
  const t0 = 1_700_000_000
  return encodePcap(
    { linkType: 1 },
    frames.map((f, i) => {
      const ms = f.ms ?? i
      return { tsSec: t0 + Math.floor(ms / 1000), tsNsec: Math.round((ms % 1000) * 1e6), data: tcpFrame(f) }
    }),
  )
}
