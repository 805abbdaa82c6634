/**
 * Valid captures and hostile variations of them, for the hardening property tests and `npm run fuzz`.
 * Frames are built with the decoder's test builders (right lengths and checksums unless a variation makes
 * a header lie on purpose) and written with the project's own encoders, so every mutation starts from a
 * file the reader accepts and changes exactly one thing at a known offset, or flips bytes anywhere.
 */
import fc from 'fast-check'
import {
  concat,
  ether,
  fixL4Checksum4,
  hex,
  ipv4,
  ipv6,
  tcp,
  udp,
} from '../../../src/shared/decode/test-packets'
import { encodePcap } from '../../../src/main/engine/writers/pcap-encode'
import { encodePcapng } from '../../../src/main/engine/writers/pcapng-encode'

const A = [10, 0, 0, 1]
const B = [10, 0, 0, 2]
const text = (s: string): Uint8Array => new TextEncoder().encode(s)

/** SYN options: MSS 1460, SACK permitted, timestamps, NOP, window scale 7 (the usual Linux SYN). */
const SYN_OPTS = hex('020405b4 0402 080a 00000001 00000000 01 030307')

function tcp4(payload: Uint8Array, o: Parameters<typeof tcp>[1], from = A, to = B): Uint8Array {
  return ether(0x0800, fixL4Checksum4(ipv4(tcp(payload, o), { src: from, dst: to })))
}

/** A whole conversation (handshake, data both ways, out-of-order, retransmission, FIN/FIN) plus neighbours. */
export function conversationFrames(): Uint8Array[] {
  const c = { sport: 40000, dport: 80 }
  const s = { sport: 80, dport: 40000 }
  return [
    tcp4(new Uint8Array(0), { ...c, seq: 1000, flags: 0x002, options: SYN_OPTS }),
    tcp4(new Uint8Array(0), { ...s, seq: 5000, ack: 1001, flags: 0x012, options: SYN_OPTS }, B, A),
    tcp4(new Uint8Array(0), { ...c, seq: 1001, ack: 5001, flags: 0x010 }),
    tcp4(text('GET / HTTP/1.1\r\n\r\n'), { ...c, seq: 1001, ack: 5001, flags: 0x018 }),
    tcp4(text('world'), { ...s, seq: 5006, ack: 1019, flags: 0x018 }, B, A), // before "hello": out of order
    tcp4(text('hello'), { ...s, seq: 5001, ack: 1019, flags: 0x018 }, B, A),
    tcp4(text('hello'), { ...s, seq: 5001, ack: 1019, flags: 0x018 }, B, A), // retransmission
    tcp4(new Uint8Array(0), { ...c, seq: 1019, ack: 5011, flags: 0x011 }),
    tcp4(new Uint8Array(0), { ...s, seq: 5011, ack: 1020, flags: 0x011 }, B, A),
    tcp4(new Uint8Array(0), { ...c, seq: 1020, ack: 5012, flags: 0x010 }),
    // a second stream, reset
    tcp4(new Uint8Array(0), { sport: 40001, dport: 443, seq: 7, flags: 0x002 }),
    tcp4(new Uint8Array(0), { sport: 443, dport: 40001, seq: 0, ack: 8, flags: 0x014 }, B, A),
    ether(0x0800, ipv4(udp(text('dns?')), { proto: 17 })),
    ether(0x86dd, ipv6(tcp(text('v6 data'), { seq: 1, ack: 1, flags: 0x018 }))),
    ether(0x0800, ipv4(tcp(text('tagged'), { sport: 40002, seq: 9, flags: 0x018 })), [
      { id: 10 },
      { id: 20, tpid: 0x88a8 },
    ]),
  ]
}

// ---------- frames whose headers lie (each exercises one decoder bound) ----------

/** IPv6 with `n` extension headers of type `ext` (0 hop-by-hop, 60 dest options, 43 routing) then TCP. */
export function ipv6ExtChain(n: number, ext = 60, lastNext = 6, declaredLen?: number): Uint8Array {
  const hdrs: Uint8Array[] = []
  for (let i = 0; i < n; i++) {
    const h = new Uint8Array(8)
    h[0] = i === n - 1 ? lastNext : ext // next header
    h[1] = 0 // length in 8-octet units beyond the first 8
    if (ext === 43) h[3] = 0 // segments left 0
    hdrs.push(h)
  }
  return ether(0x86dd, ipv6(tcp(text('x')), n > 0 ? ext : 6, concat(...hdrs), declaredLen))
}

/** An extension header whose length byte says 255 × 8 bytes, past the end of the packet. */
export function ipv6ExtLengthPastEnd(): Uint8Array {
  const h = new Uint8Array(8)
  h[0] = 6
  h[1] = 255
  return ether(0x86dd, ipv6(tcp(), 60, h))
}

/** A loop: next header points back at the same type forever (the packet ends before the loop does). */
export function ipv6ExtLoop(): Uint8Array {
  const h = new Uint8Array(8)
  h[0] = 60 // next = dest options again
  return ether(0x86dd, ipv6(new Uint8Array(0), 60, concat(h, h, h, h), 0xffff))
}

export function vlanFlood(n: number): Uint8Array {
  const tags = Array.from({ length: n }, (_, i) => ({ id: i & 0xfff, tpid: i % 2 ? 0x88a8 : 0x8100 }))
  return ether(0x0800, ipv4(tcp(text('deep'))), tags)
}

export function tcpDataOffset(doff: number): Uint8Array {
  return tcp4(text('payload'), { seq: 1, flags: 0x018, dataOffset: doff })
}

/** TCP options whose length byte is `len` (0, 1, 255 are the interesting liars). */
export function tcpOptionLength(kind: number, len: number): Uint8Array {
  return tcp4(new Uint8Array(0), { flags: 0x002, options: new Uint8Array([kind, len, 1, 1, 1, 1, 1, 1]) })
}

export function ipv4Ihl(ihl: number, totalLen?: number): Uint8Array {
  const o: Parameters<typeof ipv4>[1] = { ihl }
  if (totalLen !== undefined) o.totalLen = totalLen
  return ether(0x0800, ipv4(tcp(text('ihl')), o))
}

/** The hostile frames, named (the name is what a failing property prints). */
export const HOSTILE_FRAMES: Record<string, () => Uint8Array> = {
  'ipv6 100 dest-options headers': () => ipv6ExtChain(100),
  'ipv6 100 routing headers': () => ipv6ExtChain(100, 43),
  'ipv6 100 hop-by-hop headers': () => ipv6ExtChain(100, 0),
  'ipv6 ext length past end': ipv6ExtLengthPastEnd,
  'ipv6 ext loop': ipv6ExtLoop,
  'ipv6 payload length 65535, short': () => ipv6ExtChain(0, 60, 6, 0xffff),
  'vlan flood 64': () => vlanFlood(64),
  'vlan flood 5': () => vlanFlood(5),
  'tcp data offset 0': () => tcpDataOffset(0),
  'tcp data offset 4': () => tcpDataOffset(4),
  'tcp data offset 15 (past packet)': () => tcpDataOffset(15),
  'tcp option mss len 0': () => tcpOptionLength(2, 0),
  'tcp option mss len 1': () => tcpOptionLength(2, 1),
  'tcp option ts len 255': () => tcpOptionLength(8, 255),
  'tcp option sack len 1': () => tcpOptionLength(5, 1),
  'tcp option sack len 255': () => tcpOptionLength(5, 255),
  'tcp option mptcp len 0': () => tcpOptionLength(30, 0),
  'tcp option unknown len 255': () => tcpOptionLength(99, 255),
  'ipv4 ihl 15 past packet': () => ipv4Ihl(15),
  'ipv4 ihl 0': () => ipv4Ihl(0),
  'ipv4 ihl 4': () => ipv4Ihl(4),
  'ipv4 total length 0': () => ipv4Ihl(5, 0),
  'ipv4 total length 65535': () => ipv4Ihl(5, 65535),
  'empty frame': () => new Uint8Array(0),
  'ethernet header only': () => hex('001122334455 66778899aabb 0800'),
  'half an ethernet header': () => hex('0011223344'),
}

// ---------- containers ----------

export type Container = 'pcap' | 'pcap-be-ns' | 'pcapng' | 'pcapng-be'

export function encodeFrames(container: Container, frames: Uint8Array[]): Uint8Array {
  const recs = frames.map((data, i) => ({ tsSec: 1_700_000_000 + i, tsNsec: i * 1000, data }))
  switch (container) {
    case 'pcap':
      return encodePcap({ linkType: 1 }, recs)
    case 'pcap-be-ns':
      return encodePcap({ linkType: 1, nano: true, bigEndian: true }, recs)
    case 'pcapng':
    case 'pcapng-be':
      return encodePcapng({
        sections: [
          {
            bigEndian: container === 'pcapng-be',
            interfaces: [
              { linkType: 1, tsresol: 9, name: 'eth0' },
              { linkType: 1, snapLen: 96 },
            ],
            packets: recs.map((r, i) => ({
              interfaceId: i % 2,
              tsSec: r.tsSec,
              tsNsec: r.tsNsec,
              data: r.data,
            })),
          },
        ],
      })
  }
}

/** Offsets of each record/block header in a file this module encoded (walks the valid layout). */
export function recordOffsets(container: Container, b: Uint8Array): number[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const out: number[] = []
  if (container.startsWith('pcap') && !container.startsWith('pcapng')) {
    const le = container === 'pcap'
    for (let o = 24; o + 16 <= b.length; o += 16 + dv.getUint32(o + 8, le)) out.push(o)
  } else {
    const le = container === 'pcapng'
    for (let o = 0; o + 12 <= b.length;) {
      out.push(o)
      const len = dv.getUint32(o + 4, le)
      if (len < 12) break // not our layout (a real file of the other format): stop walking
      o += len
    }
  }
  return out
}

/** One file-level change. `at`/`rec` are reduced modulo the file size / record count when applied. */
export type FileMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; xor: number }
  | {
      kind: 'set32'
      field: 'caplen' | 'origlen' | 'blocklen' | 'trailer' | 'snaplen'
      rec: number
      value: number
    }
  | { kind: 'duplicate-tail'; at: number }

export const EXTREME_U32 = [0, 1, 4, 11, 12, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff]

export function applyMutation(container: Container, src: Uint8Array, m: FileMutation): Uint8Array {
  const b = src.slice()
  if (b.length === 0) return b
  const dv = new DataView(b.buffer)
  const le = container === 'pcap' || container === 'pcapng'
  switch (m.kind) {
    case 'truncate':
      return b.subarray(0, m.at % (b.length + 1))
    case 'flip':
      b[m.at % b.length]! ^= m.xor || 0xff
      return b
    case 'duplicate-tail': // garbage appended: a record header copied to where no record starts
      return concat(b, b.subarray(m.at % b.length, (m.at % b.length) + 40))
    case 'set32': {
      const pcapng = container.startsWith('pcapng')
      if (m.field === 'snaplen') {
        if (!pcapng) {
          if (b.length >= 20) dv.setUint32(16, m.value >>> 0, le)
        } else if (b.length >= 8) {
          // the first IDB follows the SHB: snaplen at +12 of the IDB
          const idb = dv.getUint32(4, le)
          if (idb + 16 <= b.length) dv.setUint32(idb + 12, m.value >>> 0, le)
        }
        return b
      }
      const recs = recordOffsets(container, src)
      if (recs.length === 0) return b
      const o = recs[m.rec % recs.length]!
      let at: number
      if (!pcapng) at = o + (m.field === 'origlen' ? 12 : 8)
      else if (m.field === 'blocklen') at = o + 4
      else if (m.field === 'trailer') at = o + 8 <= b.length ? o + dv.getUint32(o + 4, le) - 4 : -1
      else at = o + (m.field === 'caplen' ? 20 : 24) // EPB captured / original length
      if (at >= 0 && at + 4 <= b.length) dv.setUint32(at, m.value >>> 0, le)
      return b
    }
  }
}

// ---------- arbitraries ----------

const hostileNames = Object.keys(HOSTILE_FRAMES)

export const containerArb: fc.Arbitrary<Container> = fc.constantFrom(
  'pcap',
  'pcap-be-ns',
  'pcapng',
  'pcapng-be',
)

export const mutationArb: fc.Arbitrary<FileMutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({
    kind: fc.constant('set32' as const),
    field: fc.constantFrom(
      'caplen' as const,
      'origlen' as const,
      'blocklen' as const,
      'trailer' as const,
      'snaplen' as const,
    ),
    rec: fc.nat(),
    value: fc.oneof(fc.constantFrom(...EXTREME_U32), fc.nat()),
  }),
  fc.record({ kind: fc.constant('duplicate-tail' as const), at: fc.nat() }),
)

export interface HostileCase {
  container: Container
  /** Names of hostile frames inserted among the conversation's frames. */
  hostile: string[]
  mutations: FileMutation[]
}

export const hostileCaseArb: fc.Arbitrary<HostileCase> = fc.record({
  container: containerArb,
  hostile: fc.array(fc.constantFrom(...hostileNames), { maxLength: 4 }),
  mutations: fc.array(mutationArb, { maxLength: 3 }),
})

export function buildCase(c: HostileCase): Uint8Array {
  const frames = conversationFrames()
  c.hostile.forEach((name, i) => frames.splice((i * 5) % (frames.length + 1), 0, HOSTILE_FRAMES[name]!()))
  let bytes = encodeFrames(c.container, frames)
  for (const m of c.mutations) bytes = applyMutation(c.container, bytes, m)
  return bytes
}
