import { writeFileSync } from 'node:fs'
import { encodePcap } from '../../src/main/engine/writers'

/**
 * A capture of one long TCP connection (the follow-stream view's performance case): handshake, then
 * client data / server ACK pairs with TCP timestamps, then a 4-packet close. Checksums are computed so
 * that no row is coloured as malformed. Deterministic (no clock, no randomness).
 */
export function bigStreamPcap(packets: number, opts: { midStream?: boolean } = {}): Uint8Array {
  const frames: Array<{ tsSec: number; tsNsec: number; data: Uint8Array }> = []
  const cIsn = 1_000_000
  const sIsn = 3_000_000_000
  let t = 0
  const push = (fromClient: boolean, flags: number, seq: number, ack: number, len: number): void => {
    t += 1_000_000 // 1 ms apart (nanoseconds)
    const ts = 100_000 + frames.length
    frames.push({
      tsSec: 1_700_000_000 + Math.floor(t / 1e9),
      tsNsec: t % 1e9,
      data: tcpFrame(fromClient, flags, seq >>> 0, ack >>> 0, len, ts, ts - 1),
    })
  }
  const S = 0x02
  const A = 0x10
  const F = 0x01
  const P = 0x08
  push(true, S, cIsn, 0, 0)
  push(false, S | A, sIsn, cIsn + 1, 0)
  push(true, A, cIsn + 1, sIsn + 1, 0)
  let cSeq = cIsn + 1
  const body = Math.max(0, packets - 7)
  for (let i = 0; i < body; i++) {
    if (i % 2 === 0) {
      push(true, P | A, cSeq, sIsn + 1, 100)
      cSeq += 100
    } else push(false, A, sIsn + 1, cSeq, 0)
  }
  push(true, F | A, cSeq, sIsn + 1, 0)
  push(false, A, sIsn + 1, cSeq + 1, 0)
  push(false, F | A, sIsn + 1, cSeq + 1, 0)
  push(true, A, cSeq + 1, sIsn + 2, 0)
  // midStream: the capture starts after the handshake (the states must be assumed).
  return encodePcap({ linkType: 1 }, opts.midStream ? frames.slice(3) : frames)
}

export function writeBigStreamPcap(path: string, packets: number, opts: { midStream?: boolean } = {}): void {
  writeFileSync(path, bigStreamPcap(packets, opts))
}

const PAYLOAD = new Uint8Array(100).fill(0x61)

function tcpFrame(
  fromClient: boolean,
  flags: number,
  seq: number,
  ack: number,
  len: number,
  tsVal: number,
  tsEcr: number,
): Uint8Array {
  const opt = 12 // NOP NOP TS
  const tcpLen = 20 + opt + len
  const f = new Uint8Array(14 + 20 + tcpLen)
  const dv = new DataView(f.buffer)
  f.set([2, 0, 0, 0, 0, fromClient ? 2 : 1, 2, 0, 0, 0, 0, fromClient ? 1 : 2], 0)
  dv.setUint16(12, 0x0800)
  const ip = 14
  f[ip] = 0x45
  dv.setUint16(ip + 2, 20 + tcpLen)
  dv.setUint16(ip + 6, 0x4000)
  f[ip + 8] = 64
  f[ip + 9] = 6
  const src = fromClient ? [10, 0, 0, 1] : [10, 0, 0, 2]
  const dst = fromClient ? [10, 0, 0, 2] : [10, 0, 0, 1]
  f.set(src, ip + 12)
  f.set(dst, ip + 16)
  dv.setUint16(ip + 10, checksum(f, ip, 20, 0))
  const tcp = ip + 20
  dv.setUint16(tcp, fromClient ? 40000 : 80)
  dv.setUint16(tcp + 2, fromClient ? 80 : 40000)
  dv.setUint32(tcp + 4, seq)
  dv.setUint32(tcp + 8, ack)
  f[tcp + 12] = ((20 + opt) / 4) << 4
  f[tcp + 13] = flags
  dv.setUint16(tcp + 14, 65535)
  f.set([1, 1, 8, 10], tcp + 20)
  dv.setUint32(tcp + 24, tsVal >>> 0)
  dv.setUint32(tcp + 28, flags & 0x10 ? tsEcr >>> 0 : 0)
  if (len > 0) f.set(PAYLOAD.subarray(0, len), tcp + 20 + opt)
  // Pseudo-header sum: addresses, protocol, TCP length.
  let pseudo = 6 + tcpLen
  for (let i = 0; i < 4; i += 2) pseudo += (src[i]! << 8) + src[i + 1]! + (dst[i]! << 8) + dst[i + 1]!
  dv.setUint16(tcp + 16, checksum(f, tcp, tcpLen, pseudo))
  return f
}

function checksum(b: Uint8Array, off: number, len: number, initial: number): number {
  let sum = initial
  for (let i = 0; i + 1 < len; i += 2) sum += (b[off + i]! << 8) | b[off + i + 1]!
  if (len & 1) sum += b[off + len - 1]! << 8
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16)
  return ~sum & 0xffff
}
