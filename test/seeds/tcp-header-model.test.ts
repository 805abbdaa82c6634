import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dissectFrame } from '../../src/shared/dissect/dissect-frame'
import { FIXTURES } from './seed-text'
import {
  cellsForToken,
  tcpHeaderModel,
  tokenShowsCell,
} from '../../src/renderer/src/components/tcp-inspector/tcp-header-model'

/** Frame `n` (1-based) of a little-endian µs pcap, as the engine's frame.details returns it. */
function details(file: string, n: number): ReturnType<typeof dissectFrame> {
  const b = readFileSync(join(FIXTURES, file))
  let p = 24
  for (let i = 1; ; i++) {
    const cap = b.readUInt32LE(p + 8)
    const orig = b.readUInt32LE(p + 12)
    if (i === n)
      return dissectFrame({
        frame: n,
        linkType: 1,
        tsSec: b.readUInt32LE(p),
        tsNsec: b.readUInt32LE(p + 4) * 1000,
        origLen: orig,
        data: new Uint8Array(b.subarray(p + 16, p + 16 + cap)),
      })
    p += 16 + cap
  }
}

describe('tcpHeaderModel', () => {
  it('seed 003 SYN/ACK: the RFC grid cells, flags, byte ranges and options', () => {
    const m = tcpHeaderModel(details('seed-003-pingpong.pcap', 2))!
    expect(m).not.toBeNull()
    expect(m.offset).toBe(34)
    const byId = Object.fromEntries(m.cells.map((c) => [c.id, c]))
    expect(byId.srcport).toMatchObject({ value: 1234, start: 34, end: 36, row: 0, bit: 0, bits: 16 })
    expect(byId.dstport).toMatchObject({ value: 12896, start: 36, end: 38 })
    expect(byId.seq).toMatchObject({ value: 2547375254, start: 38, end: 42 })
    expect(byId.ack).toMatchObject({ value: 2099912038, start: 42, end: 46 })
    expect(byId.hdr_len).toMatchObject({ value: 10, start: 46, end: 47 })
    const flagIds = ['ae', 'cwr', 'ece', 'urg', 'ack', 'psh', 'rst', 'syn', 'fin'].map((f) => `flag-${f}`)
    expect(flagIds.filter((id) => byId[id]!.lit)).toEqual(['flag-ack', 'flag-syn'])
    expect(byId['flag-syn']).toMatchObject({ start: 47, end: 48 })
    expect(byId['flag-ae']).toMatchObject({ start: 46, end: 47, lit: false })
    expect(byId.window).toMatchObject({ value: 28960, start: 48, end: 50 })
    expect(m.checksumOk).toBe(1)
    expect(m.options.map((o) => [o.field, o.length, o.start])).toEqual([
      ['tcp.options.mss_val', 4, 54],
      ['tcp.options.sack_perm', 2, 58],
      ['tcp.options.timestamp.tsval', 10, 60],
      ['tcp.options.nop', 1, 70],
      ['tcp.options.wscale.shift', 3, 71],
    ])
    expect(m.options[0]!.mss).toBe(1460)
    expect(m.options[2]).toMatchObject({ tsval: 254669132, tsecr: 576627967 })
    expect(m.options[4]!.shift).toBe(7)
    expect(cellsForToken(m, 'tcp.seq', undefined)).toEqual(['seq'])
    expect(cellsForToken(m, 'tcp.options.timestamp.tsecr', 2)).toEqual(['opt-2'])
    expect(tokenShowsCell({ field: 'tcp.flags' }, byId['flag-syn']!)).toBe(true)
    expect(tokenShowsCell({ field: 'tcp.ack' }, byId['flag-syn']!)).toBe(false)
  })

  it('seed 002: EOL then padding, SACK blocks; seed 000: PSH+FIN data segment', () => {
    const syn = tcpHeaderModel(details('seed-002-teardown.pcap', 1))!
    expect(syn.options.map((o) => o.kind)).toEqual([2, 1, 3, 1, 1, 8, 4, 0])
    expect(syn.padding).toEqual({ start: 34 + 20 + 23, end: 34 + 44 })
    const sack = tcpHeaderModel(details('seed-002-teardown.pcap', 21))!
    expect(sack.options[sack.options.length - 1]!.sack).toEqual([[2518143297 + 153, 2518143297 + 155]])
    const fin = tcpHeaderModel(details('seed-000-http.pcap', 7))!
    expect(fin.cells.filter((c) => c.lit).map((c) => c.id)).toEqual(['flag-ack', 'flag-psh', 'flag-fin'])
  })
})
