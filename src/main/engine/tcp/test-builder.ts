import { Proto, TcpFlag } from '../../../shared/model/decoded-frame'
import { newIndexChunk } from '../../../shared/model/index-columns'
import type { SynOptionValues, TcpIndexView } from './types'

/** Test helper: a hand-built index of TCP rows between endpoints 'a' and 'b' (and more via ids). */
export interface Seg {
  /** Time in milliseconds since 1000000000 s. */
  ms: number
  /** Sender: 'a' = 10.0.0.1:40000, 'b' = 10.0.0.2:80 (or [addrId, port, addrId, port]). */
  from: 'a' | 'b' | [number, number, number, number]
  seq: number
  ack?: number
  flags: string // letters S A F R P
  win?: number
  len?: number
  wscale?: number
  proto?: number
}

export function flagsOf(s: string): number {
  let f = 0
  for (const ch of s) {
    if (ch === 'S') f |= TcpFlag.SYN
    else if (ch === 'A') f |= TcpFlag.ACK
    else if (ch === 'F') f |= TcpFlag.FIN
    else if (ch === 'R') f |= TcpFlag.RST
    else if (ch === 'P') f |= TcpFlag.PSH
  }
  return f
}

export function buildIndex(segs: Seg[]): TcpIndexView {
  const ch = newIndexChunk(0, Math.max(1, segs.length))
  const synOptions = new Map<number, SynOptionValues>()
  segs.forEach((s, i) => {
    const whole = Math.floor(s.ms / 1000)
    ch.tsSec[i] = 1_000_000_000 + whole
    ch.tsNsec[i] = Math.round((s.ms - whole * 1000) * 1e6)
    ch.proto[i] = s.proto ?? Proto.TCP
    const tuple: [number, number, number, number] =
      s.from === 'a' ? [1, 40000, 2, 80] : s.from === 'b' ? [2, 80, 1, 40000] : s.from
    ch.srcAddr[i] = tuple[0]
    ch.srcPort[i] = tuple[1]
    ch.dstAddr[i] = tuple[2]
    ch.dstPort[i] = tuple[3]
    ch.tcpSeq[i] = s.seq >>> 0
    ch.tcpAck[i] = (s.ack ?? 0) >>> 0
    ch.tcpFlags[i] = flagsOf(s.flags)
    ch.tcpWindow[i] = s.win ?? 1000
    ch.payloadLen[i] = s.len ?? 0
    ch.payloadOffset[i] = 54
    ch.origLen[i] = 54 + (s.len ?? 0)
    ch.capLen[i] = ch.origLen[i]!
    if (s.wscale !== undefined)
      synOptions.set(i, { mss: 1460, wscale: s.wscale, sackPerm: true, tsVal: -1, tsEcr: -1 })
  })
  ch.count = segs.length
  return { chunks: [ch], count: segs.length, synOptions }
}
