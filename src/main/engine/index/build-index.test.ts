import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ether, fixL4Checksum4, hex, ipv4, ipv6, tcp, udp } from '../../../shared/decode/test-packets'
import { AddrFamily } from '../../../shared/decode/address-table'
import { Proto, TcpFlag } from '../../../shared/model/decoded-frame'
import { DecodedFrame } from '../../../shared/model/decoded-frame'
import { newFrameRecord } from '../../../shared/model/frame'
import type { IndexChunk } from '../../../shared/model/index-columns'
import { CHUNK_ROWS, COLUMN_NAMES, ROW_BYTES } from '../../../shared/model/index-columns'
import { IssueBit } from '../../../shared/model/issues'
import { encodePcap } from '../writers/pcap-encode'
import { buildIndex } from './build-index'
import { IndexBuilder } from './index-builder'
import { PacketIndex } from './packet-index'

const SYN_OPTS = hex('020405b4 0402 080a 00000064 00000000 01 030307')

function writeTemp(name: string, bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'wirelite-index-'))
  const p = join(dir, name)
  writeFileSync(p, bytes)
  return p
}

describe('buildIndex', () => {
  it('keeps ROW_BYTES within the 64-byte budget', () => expect(ROW_BYTES).toBeLessThanOrEqual(64))

  it('fills one row per frame with interned addresses, ports, TCP fields and SYN options', async () => {
    const syn = ether(0x0800, fixL4Checksum4(ipv4(tcp(undefined, { options: SYN_OPTS, seq: 7 }))))
    const data = ether(
      0x0800,
      fixL4Checksum4(ipv4(tcp(hex('68656c6c6f'), { flags: 0x18, seq: 8, ack: 99, window: 512 }))),
    )
    const dns = ether(0x0800, ipv4(udp(hex('0102')), { proto: 17, src: [10, 0, 0, 3] }))
    const v6 = ether(0x86dd, ipv6(tcp(undefined, { flags: 0x10 }), 6))
    const arp = ether(0x0806, hex('0001 0800 06 04 0001 001122334455 0a000001 000000000000 0a000002'))
    const frames = [syn, data, dns, v6, arp].map((d, i) => ({
      tsSec: 1700000000 + i,
      tsNsec: 123456000,
      data: d,
    }))
    frames.push({ tsSec: 1700000010, tsNsec: 0, data: data.subarray(0, 30) }) // cut inside IPv4
    const path = writeTemp(
      't.pcap',
      encodePcap(
        { linkType: 1, nano: true },
        frames.map((f, i) => (i === 5 ? { ...f, origLen: data.length } : f)),
      ),
    )
    const chunks: number[] = []
    const idx = await buildIndex(path, { onChunk: (c) => chunks.push(c.count) })
    expect(idx.count).toBe(6)
    expect(chunks).toEqual([6])
    expect(idx.get('proto', 0)).toBe(Proto.TCP)
    expect(idx.get('tsSec', 1)).toBe(1700000001)
    expect(idx.get('tsNsec', 1)).toBe(123456000)
    expect(idx.addresses.format(idx.get('srcAddr', 0))).toBe('10.0.0.1')
    expect(idx.addresses.format(idx.get('dstAddr', 0))).toBe('10.0.0.2')
    expect(idx.get('srcAddr', 1)).toBe(idx.get('srcAddr', 0))
    expect(idx.get('srcPort', 1)).toBe(40000)
    expect(idx.get('dstPort', 1)).toBe(80)
    expect(idx.get('tcpSeq', 1)).toBe(8)
    expect(idx.get('tcpAck', 1)).toBe(99)
    expect(idx.get('tcpFlags', 1)).toBe(TcpFlag.PSH | TcpFlag.ACK)
    expect(idx.get('tcpWindow', 1)).toBe(512)
    expect(idx.get('payloadLen', 1)).toBe(5)
    expect(idx.get('payloadOffset', 1)).toBe(54)
    expect(idx.get('issues', 1)).toBe(0)
    expect(idx.synOptions.size).toBe(1)
    expect(idx.synOptions.get(0)).toEqual({ mss: 1460, wscale: 7, sackPerm: true, tsVal: 100, tsEcr: 0 })
    expect(idx.get('proto', 2)).toBe(Proto.UDP)
    expect(idx.get('payloadLen', 2)).toBe(2)
    expect(idx.addresses.format(idx.get('srcAddr', 2))).toBe('10.0.0.3')
    expect(idx.get('proto', 3)).toBe(Proto.TCP)
    expect(idx.addresses.format(idx.get('srcAddr', 3))).toBe('2001:db8::1')
    expect(idx.get('proto', 4)).toBe(Proto.ARP)
    expect(idx.addresses.family(idx.get('srcAddr', 4))).toBe(AddrFamily.MAC)
    expect(idx.addresses.format(idx.get('srcAddr', 4))).toBe('66:77:88:99:aa:bb')
    expect(idx.get('issues', 5)).toBe(IssueBit.truncated)
    expect(idx.get('payloadOffset', 5)).toBe(0xffff)
    expect(idx.get('origLen', 5)).toBe(data.length)
    expect(idx.get('capLen', 5)).toBe(30)
    expect(() => idx.get('proto', 6)).toThrow(RangeError)
    expect(idx.info.interfaces[0]?.linkType).toBe(1)
    expect(idx.summary?.frames).toBe(6)
  })

  it('emits full chunks as they fill and the partial last one at the end', async () => {
    const frame = ether(0x0800, ipv4(udp(hex('00')), { proto: 17 }))
    const n = CHUNK_ROWS + 10
    const frames = Array.from({ length: n }, (_, i) => ({ tsSec: i, data: frame }))
    const path = writeTemp('big.pcap', encodePcap({ linkType: 1 }, frames))
    const seen: Array<[number, number]> = []
    const progress: number[] = []
    const idx = await buildIndex(path, {
      onChunk: (c) => seen.push([c.firstRow, c.count]),
      onProgress: (rows) => progress.push(rows),
    })
    expect(idx.count).toBe(n)
    expect(seen).toEqual([
      [0, CHUNK_ROWS],
      [CHUNK_ROWS, 10],
    ])
    expect(progress.at(-1)).toBe(n)
    expect(idx.get('tsSec', n - 1)).toBe(n - 1)
    expect(idx.addresses.size).toBe(2)
  })

  it('trims the last chunk to its rows and counts only allocated bytes in byteSize', async () => {
    const frame = ether(0x0800, ipv4(udp(hex('00')), { proto: 17 }))
    const n = CHUNK_ROWS + 10
    const frames = Array.from({ length: n }, (_, i) => ({ tsSec: i, data: frame }))
    const path = writeTemp('trim.pcap', encodePcap({ linkType: 1 }, frames))
    const handed: IndexChunk[] = []
    const idx = await buildIndex(path, { onChunk: (c) => handed.push(c) })
    expect(idx.chunks.map((c) => c.tsSec.length)).toEqual([CHUNK_ROWS, 10])
    for (const name of COLUMN_NAMES) expect(idx.chunks[1]![name].length).toBe(10)
    // The chunk handed out is the index's own (trimmed) chunk, with its rows intact.
    expect(handed[1]).toBe(idx.chunks[1])
    expect(handed[1]!.tsSec[9]).toBe(n - 1)
    expect(idx.get('tsSec', CHUNK_ROWS)).toBe(CHUNK_ROWS)
    expect(idx.columnByteSize).toBe(n * ROW_BYTES)
    expect(idx.byteSize).toBe(
      n * ROW_BYTES + idx.addresses.byteSize + idx.synOptions.byteSize + idx.sackBlocks.byteSize,
    )
  })

  it('records SACK blocks per row and lets rows be added after finish() trimmed the chunk', () => {
    const index = new PacketIndex()
    const b = new IndexBuilder(index)
    const f = new DecodedFrame()
    const rec = newFrameRecord()
    rec.tsSec = 1
    const add = (sack: Array<[number, number]>): void => {
      f.reset()
      f.proto = Proto.TCP
      f.tcpSackCount = sack.length
      sack.forEach(([l, r], k) => {
        f.tcpSackLeft[k] = l
        f.tcpSackRight[k] = r
      })
      b.add(rec, f)
    }
    add([])
    add([[100, 200]])
    b.finish()
    expect(index.chunks[0]!.tsSec.length).toBe(2)
    add([
      [5, 6],
      [7, 8],
    ])
    expect(index.chunks.length).toBe(1)
    expect(index.chunks[0]!.tsSec.length).toBe(CHUNK_ROWS)
    expect(index.get('proto', 1)).toBe(Proto.TCP)
    expect(index.sackBlocks.get(0)).toBeUndefined()
    expect([...index.sackBlocks.get(1)!]).toEqual([100, 200])
    expect([...index.sackBlocks.get(2)!]).toEqual([5, 6, 7, 8])
    b.finish()
    expect(index.chunks[0]!.tsSec.length).toBe(3)
    expect(index.get('proto', 2)).toBe(Proto.TCP)
  })
})
