import { decodeFrame } from '../decode/decode-frame'
import { DecodedFrame } from '../model/decoded-frame'
import type { ByteScope } from './fields'
import type { ByteTest } from './ir'

/**
 * Second phase of `contains` / `matches`: given one frame's captured bytes, answer the filter's byte
 * tests. The frame is re-decoded once (into a reused scratch) to find where each protocol's bytes
 * start and end, as Wireshark's protocol field covers them: from the layer's first byte to the end of
 * what the IP header says (so an Ethernet trailer is not searched), cut at the captured length.
 */
export class ByteTester {
  private readonly f = new DecodedFrame()
  private data: Uint8Array = new Uint8Array(0)
  private readonly cache: Int8Array

  constructor(private readonly tests: ByteTest[]) {
    this.cache = new Int8Array(tests.length)
  }

  /** Load a frame; later calls to `test` answer for it. */
  load(linkType: number, data: Uint8Array, origLen: number): void {
    this.data = data
    this.f.reset()
    decodeFrame(linkType, data, origLen, this.f, false)
    this.cache.fill(-1)
  }

  readonly test = (id: number): boolean => {
    const c = this.cache[id]!
    if (c >= 0) return c === 1
    const t = this.tests[id]!
    const [s, e] = this.range(t.scope)
    let hit = false
    if (s >= 0 && e > s) {
      if (t.needle) hit = indexOfBytes(this.data, t.needle, s, e) >= 0
      else if (t.regex) hit = t.regex.test(latin1(this.data, s, e))
    }
    this.cache[id] = hit ? 1 : 0
    return hit
  }

  private range(scope: ByteScope): [number, number] {
    const f = this.f
    const cap = this.data.length
    const l3End = f.l3Offset >= 0 && f.ipTotalLen > 0 ? Math.min(cap, f.l3Offset + f.ipTotalLen) : cap
    switch (scope) {
      case 'frame':
        return [0, cap]
      case 'eth':
        return [f.linkOffset >= 0 ? f.linkOffset : 0, cap]
      case 'arp':
        return [f.l3Offset, cap]
      case 'ip':
      case 'ipv6':
        return [f.l3Offset, l3End]
      case 'tcp':
      case 'icmp':
      case 'icmpv6':
        return [f.l4Offset, l3End]
      case 'udp':
        return [f.l4Offset, f.udpLength >= 8 ? Math.min(l3End, f.l4Offset + f.udpLength) : l3End]
      case 'payload':
        return f.payloadOffset < 0
          ? [-1, -1]
          : [f.payloadOffset, Math.min(cap, f.payloadOffset + f.payloadLen)]
    }
  }
}

export function indexOfBytes(hay: Uint8Array, needle: Uint8Array, start: number, end: number): number {
  const n = needle.length
  const first = needle[0]!
  const last = end - n
  for (let i = start; i <= last; i++) {
    if (hay[i] !== first) continue
    let j = 1
    while (j < n && hay[i + j] === needle[j]) j++
    if (j === n) return i
  }
  return -1
}

function latin1(d: Uint8Array, s: number, e: number): string {
  let out = ''
  for (let i = s; i < e; i += 8192) out += String.fromCharCode(...d.subarray(i, Math.min(e, i + 8192)))
  return out
}
