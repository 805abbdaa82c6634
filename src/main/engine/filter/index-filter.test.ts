import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ANALYSIS_FLAG_NAMES, compileFilter, runFilter } from '../../../shared/filter'
import type { Backend } from '../../../shared/filter'
import { concat, ether, ipv4, ipv6, tcp, udp } from '../../../shared/decode/test-packets'
import { TCP_ANALYSIS_FLAG_NAMES } from '../tcp'
import { analyzeTcp } from '../tcp'
import { buildIndex } from '../index'
import { filterDataOf, frameReaderFor } from './index-filter'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)

/** A little-endian µs pcap of Ethernet frames. */
function pcap(frames: Uint8Array[]): Uint8Array {
  const hdr = new Uint8Array(24)
  const v = new DataView(hdr.buffer)
  v.setUint32(0, 0xa1b2c3d4, true)
  v.setUint16(4, 2, true)
  v.setUint16(6, 4, true)
  v.setUint32(16, 65535, true)
  v.setUint32(20, 1, true)
  const parts: Uint8Array[] = [hdr]
  frames.forEach((f, k) => {
    const r = new Uint8Array(16)
    const rv = new DataView(r.buffer)
    rv.setUint32(0, 1_700_000_000 + k, true)
    rv.setUint32(8, f.length, true)
    rv.setUint32(12, f.length, true)
    parts.push(r, f)
  })
  return concat(...parts)
}

const SYN = 0x02
const ACK = 0x10
const PSH = 0x08

const FRAMES = [
  /* 1 */ ether(0x0800, ipv4(tcp(new Uint8Array(0), { flags: SYN, seq: 100 }))),
  /* 2 */ ether(
    0x0800,
    ipv4(tcp(new Uint8Array(0), { sport: 80, dport: 40000, flags: SYN | ACK, seq: 900, ack: 101 }), {
      src: [10, 0, 0, 2],
      dst: [10, 0, 0, 1],
    }),
  ),
  /* 3 */ ether(
    0x0800,
    ipv4(tcp(enc('GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n'), { flags: ACK | PSH, seq: 101, ack: 901 })),
  ),
  /* 4 */ ether(
    0x0800,
    ipv4(
      tcp(enc('HTTP/1.1 200 OK\r\n\r\nhello'), {
        sport: 80,
        dport: 40000,
        flags: ACK | PSH,
        seq: 901,
        ack: 139,
      }),
      { src: [10, 0, 0, 2], dst: [10, 0, 0, 1] },
    ),
  ),
  /* 5 */ ether(0x0800, ipv4(udp(enc('\x00\x01query GET'), 5353, 53), { proto: 17 })),
  /* 6 */ ether(0x86dd, ipv6(tcp(enc('get lower'), { flags: ACK | PSH }))),
  // 7: "GET" only in the Ethernet trailer (after the IP datagram): tcp contains must not see it.
  /* 7 */ ether(0x0800, concat(ipv4(tcp(new Uint8Array(0), { flags: ACK, seq: 139, ack: 920 })), enc('GET'))),
]

const dir = mkdtempSync(join(tmpdir(), 'wirelite-filter-'))
const file = join(dir, 'f.pcap')
writeFileSync(file, pcap(FRAMES))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function frames(text: string, backend: Backend = 'codegen'): Promise<number[]> {
  const index = await buildIndex(file)
  const c = compileFilter(text)
  if (!c.ok) throw new Error(c.error.message)
  const reader = frameReaderFor(file, index)
  const r = await runFilter(c.value, filterDataOf(index, analyzeTcp(index)), { readFrame: reader, backend })
  await reader.close()
  if (!r.ok) throw new Error(r.error.message)
  return Array.from(r.value, (row) => row + 1)
}

describe('filter over a built index', () => {
  it('uses the same tcp.analysis flag names, in the same bit order, as the TCP engine', () => {
    expect([...ANALYSIS_FLAG_NAMES]).toEqual([...TCP_ANALYSIS_FLAG_NAMES])
  })

  describe.each(['codegen', 'closures'] as Backend[])(
    'contains / matches read candidate frames (%s)',
    (backend) => {
      it('searches the protocol bytes, not the Ethernet trailer', async () => {
        expect(await frames('tcp contains "GET"', backend)).toEqual([3])
        expect(await frames('frame contains "GET"', backend)).toEqual([3, 5, 7])
        expect(await frames('frame contains 47:45:54', backend)).toEqual([3, 5, 7])
        expect(await frames('udp contains "GET"', backend)).toEqual([5])
        expect(await frames('ip contains "HTTP/1.1 200"', backend)).toEqual([4])
        expect(await frames('ipv6 contains "get"', backend)).toEqual([6])
        expect(await frames('tcp.payload contains "HTTP"', backend)).toEqual([3, 4])
        expect(await frames('udp.payload contains 00:01', backend)).toEqual([5])
      })

      it('mixes column tests and byte tests under not / or (three-valued first phase)', async () => {
        expect(await frames('!(tcp contains "GET") && tcp', backend)).toEqual([1, 2, 4, 6, 7])
        expect(await frames('tcp.flags.syn == 1 || tcp.payload contains "200 OK"', backend)).toEqual([
          1, 2, 4,
        ])
        // Frame 6 has no IPv4 layer: ip.src == … is false there, so the negation holds.
        expect(await frames('not (frame contains "GET" or ip.src == 10.0.0.2)', backend)).toEqual([1, 6])
        expect(await frames('tcp.srcport == 80 and not tcp.payload contains "OK"', backend)).toEqual([2])
      })

      it('matches is case-insensitive unless (?-i)', async () => {
        expect(await frames('tcp.payload matches "^get "', backend)).toEqual([3, 6])
        expect(await frames('tcp.payload matches "(?-i)^get "', backend)).toEqual([6])
        expect(await frames('tcp.payload matches "http/1\\\\.1 [0-9]{3}"', backend)).toEqual([4])
      })
    },
  )

  it('tcp fields come from the analysis', async () => {
    expect(await frames('tcp.stream == 0 && tcp.seq == 1 && tcp.len > 0')).toEqual([3, 4])
    expect(await frames('tcp.ack == 1 && tcp.stream == 0')).toEqual([2, 3])
    expect(await frames('tcp.ack_raw in {139, 920}')).toEqual([4, 7])
  })

  it('the frame reader coalesces neighbouring frames and returns each frame exactly', async () => {
    const index = await buildIndex(file)
    const reader = frameReaderFor(file, index)
    const got = await reader(Uint32Array.of(0, 2, 3, 6))
    await reader.close()
    expect(got.map((b) => b.length)).toEqual([0, 2, 3, 6].map((k) => FRAMES[k]!.length))
    got.forEach((b, k) => expect(Array.from(b)).toEqual(Array.from(FRAMES[[0, 2, 3, 6][k]!]!)))
  })
})
