import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { encodePcap } from '../../src/main/engine/writers/pcap-encode'
import { encodePcapng } from '../../src/main/engine/writers/pcapng-encode'
import { ether, ipv4, ipv6, tcp } from '../../src/shared/decode/test-packets'
import { flagsOf, type Seg } from '../../src/main/engine/tcp/test-builder'
import { toolAvailable } from '../support/oracle'
import { compareFile, newResult, NUMBER_FIELDS, OTHER_FIELDS, report } from './tshark-compare'

/**
 * Hand-built pcaps for every analysis flag (and stream reuse, window scaling, keep-alives, zero
 * windows …), written by the test and compared field by field with tshark on the same file.
 */
const DIR = resolve(__dirname, '../../.cache/tcp-hand-built')

function frame(s: Seg): Uint8Array {
  const [src, sport, dst, dport] =
    s.from === 'a'
      ? [1, 40000, 2, 80]
      : s.from === 'b'
        ? [2, 80, 1, 40000]
        : (s.from as [number, number, number, number])
  const opts: number[] = []
  if (s.wscale !== undefined) opts.push(2, 4, 0x05, 0xb4, 1, 3, 3, s.wscale) // MSS 1460, NOP, WS
  while (opts.length % 4) opts.push(1)
  const seg = tcp(new Uint8Array(s.len ?? 0).fill(0x61), {
    sport,
    dport,
    seq: s.seq >>> 0,
    ack: (s.ack ?? 0) >>> 0,
    flags: flagsOf(s.flags),
    window: s.win ?? 1000,
    options: new Uint8Array(opts),
  })
  return ether(0x0800, ipv4(seg, { src: [10, 0, 0, src], dst: [10, 0, 0, dst] }))
}

function writeScenario(name: string, segs: Seg[]): string {
  mkdirSync(DIR, { recursive: true })
  const frames = segs.map((s) => {
    const whole = Math.floor(s.ms / 1000)
    return { tsSec: 1_000_000_000 + whole, tsNsec: Math.round((s.ms - whole * 1000) * 1e6), data: frame(s) }
  })
  const path = join(DIR, `${name}.pcap`)
  writeFileSync(path, encodePcap({ linkType: 1, nano: true }, frames))
  return path
}

/** The same scenario as a pcapng whose frames alternate between `interfaces` Ethernet interfaces. */
function writeMultiInterfaceScenario(name: string, segs: Seg[], interfaces: number): string {
  mkdirSync(DIR, { recursive: true })
  const packets = segs.map((s, i) => {
    const whole = Math.floor(s.ms / 1000)
    return {
      interfaceId: i % interfaces,
      tsSec: 1_000_000_000 + whole,
      tsNsec: Math.round((s.ms - whole * 1000) * 1e6),
      data: frame(s),
    }
  })
  const ifs = Array.from({ length: interfaces }, () => ({ linkType: 1, tsresol: 9 }))
  const path = join(DIR, `${name}.pcapng`)
  writeFileSync(path, encodePcapng({ sections: [{ interfaces: ifs, packets }] }))
  return path
}

const hs = (o: { aWs?: number; bWs?: number; bWin?: number; aWin?: number } = {}): Seg[] => [
  {
    ms: 0,
    from: 'a',
    seq: 1000,
    flags: 'S',
    win: o.aWin ?? 1000,
    ...(o.aWs !== undefined ? { wscale: o.aWs } : {}),
  },
  {
    ms: 1,
    from: 'b',
    seq: 5000,
    ack: 1001,
    flags: 'SA',
    win: o.bWin ?? 1000,
    ...(o.bWs !== undefined ? { wscale: o.bWs } : {}),
  },
  { ms: 2, from: 'a', seq: 1001, ack: 5001, flags: 'A', win: o.aWin ?? 1000 },
]
const d = (
  ms: number,
  from: 'a' | 'b',
  seq: number,
  ack: number,
  len: number,
  flags = 'PA',
  win?: number,
): Seg => ({
  ms,
  from,
  seq,
  ack,
  len,
  flags,
  ...(win !== undefined ? { win } : {}),
})

const SCENARIOS: Record<string, Seg[]> = {
  'retrans-lost-acklost': [
    ...hs(),
    d(10, 'a', 1001, 5001, 100),
    d(300, 'a', 1001, 5001, 100),
    d(310, 'a', 1201, 5001, 100),
    d(320, 'b', 5001, 1301, 0, 'A'),
  ],
  'dupack-fastretrans': [
    ...hs(),
    d(10, 'a', 1001, 5001, 100, 'A'),
    d(11, 'a', 1101, 5001, 100, 'A'),
    d(12, 'a', 1201, 5001, 100, 'A'),
    d(20, 'b', 5001, 1101, 0, 'A'),
    d(21, 'b', 5001, 1101, 0, 'A'),
    d(22, 'b', 5001, 1101, 0, 'A'),
    d(25, 'a', 1101, 5001, 100, 'A'),
    d(40, 'b', 5001, 1301, 0, 'A'),
  ],
  'out-of-order': [
    ...hs(),
    d(10, 'a', 1001, 5001, 100, 'A'),
    d(11, 'a', 1201, 5001, 100, 'A'),
    d(12, 'a', 1101, 5001, 100, 'A'),
  ],
  spurious: [
    ...hs(),
    d(10, 'a', 1001, 5001, 100),
    d(20, 'b', 5001, 1101, 0, 'A'),
    d(300, 'a', 1001, 5001, 100),
  ],
  'keep-alive': [
    ...hs(),
    d(10, 'a', 1001, 5001, 100),
    d(20, 'b', 5001, 1101, 0, 'A'),
    d(1000, 'a', 1100, 5001, 0, 'A'),
    d(1001, 'b', 5001, 1101, 0, 'A'),
    d(2000, 'a', 1100, 5001, 1, 'A'),
  ],
  'zero-window': [
    ...hs(),
    d(10, 'b', 5001, 1001, 0, 'A', 0),
    d(20, 'a', 1001, 5001, 1, 'A'),
    d(30, 'b', 5001, 1001, 0, 'A', 0),
    d(40, 'b', 5001, 1001, 0, 'A', 3000),
  ],
  'window-update-full': [
    ...hs({ bWin: 100 }),
    d(10, 'a', 1001, 5001, 100, 'A'),
    d(20, 'b', 5001, 1101, 0, 'A', 100),
    d(30, 'b', 5001, 1101, 0, 'A', 2000),
  ],
  'window-scaling': [
    ...hs({ aWs: 7, bWs: 8 }),
    d(3, 'b', 5001, 1001, 0, 'A', 50),
    d(4, 'a', 1001, 5001, 1000, 'PA', 20),
    d(5, 'b', 5001, 2001, 0, 'A', 51),
  ],
  'window-scaling-one-side': [...hs({ aWs: 7 }), d(3, 'b', 5001, 1001, 0, 'A', 50)],
  'reuse-after-close': [
    ...hs(),
    d(3, 'a', 1001, 5001, 0, 'FA'),
    d(4, 'b', 5001, 1002, 0, 'FA'),
    d(5, 'a', 1002, 5002, 0, 'A'),
    { ms: 6, from: [3, 1234, 2, 80], seq: 1, flags: 'S' },
    { ms: 7, from: 'a', seq: 90000, flags: 'S' },
    { ms: 3007, from: 'a', seq: 90000, flags: 'S' },
    { ms: 3008, from: 'b', seq: 7000, ack: 90001, flags: 'SA' },
    { ms: 3009, from: 'b', seq: 7777, ack: 90001, flags: 'SA' },
    d(3010, 'a', 90001, 7778, 10),
  ],
  'rst-and-mid-stream': [
    d(0, 'a', 777, 999, 50),
    d(1, 'b', 999, 827, 0, 'A'),
    d(2, 'b', 999, 827, 0, 'RA'),
    d(3, 'a', 827, 0, 0, 'R'),
  ],
  'fin-with-data-bif': [
    ...hs(),
    d(10, 'a', 1001, 5001, 100, 'A'),
    d(11, 'a', 1101, 5001, 50, 'FA'),
    d(20, 'b', 5001, 1152, 0, 'A'),
    d(21, 'b', 5001, 1152, 0, 'FA'),
    d(22, 'a', 1152, 5002, 0, 'A'),
  ],
}

describe('hand-built TCP scenarios vs tshark', () => {
  it('every scenario matches tshark field by field', { timeout: 120_000 }, async () => {
    expect(toolAvailable('tshark')).toBe(true)
    const res = newResult()
    for (const [name, segs] of Object.entries(SCENARIOS))
      await compareFile(writeScenario(name, segs), res, name)
    console.log(report(res, 'hand-built scenarios'))
    for (const f of [...NUMBER_FIELDS, ...OTHER_FIELDS, 'tcp.analysis.flags']) {
      const st = res.fields.get(f)!
      expect(st.same, `${f}: ${st.mismatches.join('; ')}`).toBe(st.total)
    }
    expect(res.framesCompared).toBeGreaterThan(60)
  })

  // tshark 4.0 keys TCP conversations by addresses and ports only (no per-interface deinterlacing,
  // which later versions offer as an option, off by default): one connection captured on two
  // interfaces is one tcp.stream, and a port reuse on the other interface is still a reuse.
  it(
    'a connection seen on several capture interfaces is one stream, as tshark',
    { timeout: 60_000 },
    async () => {
      expect(toolAvailable('tshark')).toBe(true)
      const res = newResult()
      let frames = 0
      for (const name of ['dupack-fastretrans', 'reuse-after-close']) {
        const segs = SCENARIOS[name]!
        frames += segs.length
        await compareFile(writeMultiInterfaceScenario(`${name}-two-interfaces`, segs, 2), res, name)
      }
      const st = res.fields.get('tcp.stream')!
      expect(st.same, st.mismatches.join('; ')).toBe(st.total)
      expect(st.total).toBe(frames)
      for (const f of [...NUMBER_FIELDS, ...OTHER_FIELDS, 'tcp.analysis.flags']) {
        const fs = res.fields.get(f)!
        expect(fs.same, `${f}: ${fs.mismatches.join('; ')}`).toBe(fs.total)
      }
    },
  )

  // The IP length (IPv4 total length, IPv6 payload length) leaves fewer than 20 bytes for TCP while the
  // frame holds the whole header: tshark's TCP tvb ends where IP says, its header reads throw before
  // the conversation lookup, and the rows get no tcp.stream, so the next connection is stream 0.
  it('TCP headers cut short by the IP length get no stream, as tshark', { timeout: 60_000 }, async () => {
    expect(toolAvailable('tshark')).toBe(true)
    mkdirSync(DIR, { recursive: true })
    const syn = (seq: number, flags: string, ack = 0): Uint8Array =>
      tcp(new Uint8Array(0), { sport: 40000, dport: 80, seq, ack, flags: flagsOf(flags), window: 1000 })
    const ip4 = [[10, 0, 0, 1] as const, [10, 0, 0, 2] as const]
    const short = [
      ether(0x0800, ipv4(syn(1, 'S'), { src: [...ip4[0]], dst: [...ip4[1]], totalLen: 20 })),
      ether(0x0800, ipv4(syn(2, 'S'), { src: [...ip4[0]], dst: [...ip4[1]], totalLen: 30 })),
      ether(0x86dd, ipv6(syn(3, 'S'), 6, new Uint8Array(0), 12)),
    ]
    const segs = hs()
    const frames = [...short, ...segs.map(frame)].map((data, i) => ({
      tsSec: 1_000_000_000 + i,
      tsNsec: 0,
      data,
    }))
    const path = join(DIR, 'tcp-cut-by-ip-length.pcap')
    writeFileSync(path, encodePcap({ linkType: 1, nano: true }, frames))
    const res = newResult()
    await compareFile(path, res, 'tcp-cut-by-ip-length')
    expect(res.onlyOurs).toEqual([])
    expect(res.framesCompared).toBe(segs.length)
    for (const f of [...NUMBER_FIELDS, ...OTHER_FIELDS, 'tcp.analysis.flags']) {
      const st = res.fields.get(f)!
      expect(st.same, `${f}: ${st.mismatches.join('; ')}`).toBe(st.total)
    }
  })
})
