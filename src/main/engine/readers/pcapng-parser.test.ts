import { describe, expect, it } from 'vitest'
import {
  BlockType,
  encodeBlock,
  encodeIdb,
  encodePacketBlock,
  encodePcapng,
  encodeShb,
  type PcapngSectionInput,
} from '../writers/pcapng-encode'
import { concatBytes } from '../writers/byte-writer'
import { parseAll, payload } from './test-helpers'

const ipv4 = (a: number, b: number, c: number, d: number) => new Uint8Array([a, b, c, d])

function section(bigEndian: boolean): PcapngSectionInput {
  return {
    bigEndian,
    comments: ['section comment ✓'],
    interfaces: [
      {
        linkType: 1,
        snapLen: 65535,
        name: 'eth0',
        description: 'Ethernet',
        filter: 'tcp port 80',
        os: 'Linux 6.1',
        comments: ['if c'],
      },
      { linkType: 113, snapLen: 0, tsresol: 9, name: 'any' },
      { linkType: 101, snapLen: 1500, tsresol: 3, tsoffset: 1_000_000_000 },
      { linkType: 276, tsresol: 0x80 | 20 },
    ],
    nrb: [
      { address: ipv4(192, 168, 1, 2), names: ['a.example', 'b.example'] },
      { address: new Uint8Array([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]), names: ['ll'] },
    ],
    nrbComment: 'nrb comment',
    packets: [
      {
        interfaceId: 0,
        tsSec: 1_700_000_000,
        tsNsec: 123_456_000,
        data: payload(60),
        comment: 'first',
        flags: 1,
      },
      { interfaceId: 1, tsSec: 1_700_000_000, tsNsec: 123_456_789, data: payload(44), origLen: 90 },
      { kind: 'block', type: BlockType.CUSTOM, body: new Uint8Array([0, 0, 0x7e, 0xd9, 1, 2, 3, 4]) },
      { interfaceId: 2, tsSec: 1_700_000_005, tsNsec: 250_000_000, data: payload(20) },
      { interfaceId: 3, tsSec: 1_700_000_006, tsNsec: 500_000_000, data: payload(20) },
      {
        kind: 'pb',
        interfaceId: 1,
        tsSec: 5,
        tsNsec: 6,
        data: payload(10),
        comment: ['pb1', 'pb2'],
        flags: 2,
      },
      { kind: 'spb', data: payload(100), origLen: 100 },
      { kind: 'block', type: 0x12345678, body: payload(13) },
      { kind: 'block', type: BlockType.DSB, body: payload(16) },
    ],
    isb: [{ interfaceId: 1, tsSec: 1_700_000_010, ifRecv: 100n, ifDrop: 2n, osDrop: 3n, comment: 'isb' }],
  }
}

describe('pcapng: blocks, options, interfaces', () => {
  for (const bigEndian of [false, true]) {
    it(`reads every block kind (${bigEndian ? 'big' : 'little'}-endian)`, () => {
      const bytes = encodePcapng({ sections: [section(bigEndian)] })
      const { frames, parser } = parseAll(bytes)
      expect(parser.error).toBeNull()
      expect(parser.warnings).toEqual([])
      const info = parser.info!
      expect(info.format).toBe('pcapng')
      expect(info.bigEndian).toBe(bigEndian)
      expect(info.interfaces).toEqual([
        {
          id: 0,
          linkType: 1,
          snapLen: 65535,
          tsPrecisionDigits: 6,
          section: 0,
          name: 'eth0',
          description: 'Ethernet',
          filter: 'tcp port 80',
          os: 'Linux 6.1',
          comments: ['if c'],
        },
        { id: 1, linkType: 113, snapLen: 0, tsPrecisionDigits: 9, section: 0, name: 'any' },
        { id: 2, linkType: 101, snapLen: 1500, tsPrecisionDigits: 3, section: 0, tsOffsetSec: 1_000_000_000 },
        { id: 3, linkType: 276, snapLen: 0, tsPrecisionDigits: 6, section: 0 },
      ])
      expect(info.sectionComments).toEqual(['section comment ✓', 'nrb comment'])
      expect(info.nameRecords).toEqual([
        { address: '192.168.1.2', names: ['a.example', 'b.example'] },
        { address: 'fe80::1', names: ['ll'] },
      ])
      expect(info.statistics).toEqual([
        {
          interfaceId: 1,
          tsSec: 1_700_000_010,
          tsNsec: 0,
          ifRecv: 100,
          ifDrop: 2,
          osDrop: 3,
          comments: ['isb'],
        },
      ])
      const summary = frames.map((f) => [
        f.number,
        f.interfaceId,
        f.linkType,
        f.tsSec,
        f.tsNsec,
        f.capLen,
        f.origLen,
        f.epbFlags,
        f.comments,
      ])
      expect(summary).toEqual([
        [1, 0, 1, 1_700_000_000, 123_456_000, 60, 60, 1, ['first']],
        [2, 1, 113, 1_700_000_000, 123_456_789, 44, 90, -1, null],
        // tsresol 10^-3 with if_tsoffset: the offset is added back.
        [3, 2, 101, 1_700_000_005, 250_000_000, 20, 20, -1, null],
        // 2^-20 resolution: 0.5 s is exact.
        [4, 3, 276, 1_700_000_006, 500_000_000, 20, 20, -1, null],
        [5, 1, 113, 5, 6, 10, 10, 2, ['pb1', 'pb2']],
        // SPB: interface 0, no timestamp, captured length = min(origLen, snaplen of IDB 0).
        [6, 0, 1, 0, 0, 100, 100, -1, null],
      ])
      for (const f of frames)
        expect(Array.from(bytes.subarray(f.fileOffset, f.fileOffset + f.capLen))).toEqual(f.data)
    })
  }

  it('applies the SPB snaplen rule (IDB 0 snaplen cuts the captured length)', () => {
    const bytes = encodePcapng({
      sections: [
        {
          interfaces: [{ linkType: 1, snapLen: 64 }],
          packets: [{ kind: 'spb', data: payload(64), origLen: 1000 }],
        },
      ],
    })
    const { frames } = parseAll(bytes)
    expect(frames[0]).toMatchObject({ capLen: 64, origLen: 1000 })
  })

  it('numbers interfaces globally across sections of different byte orders', () => {
    const s1: PcapngSectionInput = {
      interfaces: [{ linkType: 1 }, { linkType: 0 }],
      packets: [
        { interfaceId: 1, tsSec: 1, data: payload(4) },
        { interfaceId: 0, tsSec: 2, data: payload(4) },
      ],
    }
    const s2: PcapngSectionInput = {
      bigEndian: true,
      comments: ['second'],
      interfaces: [{ linkType: 113, tsresol: 9 }],
      packets: [{ interfaceId: 0, tsSec: 3, tsNsec: 7, data: payload(4) }],
    }
    const bytes = encodePcapng({ sections: [s1, s2, s1] })
    for (const chunk of [bytes.length, 13, 1]) {
      const { frames, parser } = parseAll(bytes, chunk)
      expect(parser.error).toBeNull()
      expect(parser.info!.interfaces.map((i) => [i.id, i.linkType, i.section])).toEqual([
        [0, 1, 0],
        [1, 0, 0],
        [2, 113, 1],
        [3, 1, 2],
        [4, 0, 2],
      ])
      expect(frames.map((f) => [f.interfaceId, f.linkType, f.tsSec, f.tsNsec])).toEqual([
        [1, 0, 1, 0],
        [0, 1, 2, 0],
        [2, 113, 3, 7],
        [4, 0, 1, 0],
        [3, 1, 2, 0],
      ])
      expect(parser.info!.sectionComments).toEqual(['second'])
    }
  })

  it('converts 64-bit nanosecond timestamps beyond 2^53 exactly', () => {
    const tsRaw = 0xfedcba9876543210n
    const bytes = encodePcapng({
      sections: [{ interfaces: [{ linkType: 1, tsresol: 9 }], packets: [{ tsRaw, data: payload(1) }] }],
    })
    const f = parseAll(bytes).frames[0]!
    expect(f.tsSec).toBe(Number(tsRaw / 1_000_000_000n))
    expect(f.tsNsec).toBe(Number(tsRaw % 1_000_000_000n))
  })

  it('handles negative if_tsoffset', () => {
    const bytes = encodePcapng({
      sections: [
        {
          interfaces: [{ linkType: 1, tsoffset: -3600 }],
          packets: [{ tsSec: 7200, tsNsec: 1000, data: payload(1) }],
        },
      ],
    })
    expect(parseAll(bytes).frames[0]).toMatchObject({ tsSec: 7200, tsNsec: 1000 })
    expect(parseAll(bytes).parser.info!.interfaces[0]!.tsOffsetSec).toBe(-3600)
  })
})

describe('pcapng: corrupt and cut-short files', () => {
  const le = true
  const head = concatBytes([encodeShb({}), encodeIdb({ linkType: 1 }, le)])
  const good = encodePacketBlock({ tsSec: 1, data: payload(10) }, { linkType: 1 }, le)

  function corrupt(block: Uint8Array) {
    return parseAll(concatBytes([head, good, block]))
  }

  it('stops on a block length that is not a multiple of 4', () => {
    const { frames, parser } = corrupt(encodeBlock(BlockType.EPB, payload(28), le, { lengthOverride: 41 }))
    expect(frames).toHaveLength(1)
    expect(parser.error?.message).toMatch(/total length of 41, not a multiple of 4/)
    expect(parser.error?.offset).toBe(head.length + good.length)
  })

  it('stops on mismatched leading/trailing lengths', () => {
    const { frames, parser } = corrupt(encodeBlock(BlockType.EPB, payload(28), le, { trailerOverride: 44 }))
    expect(frames).toHaveLength(1)
    expect(parser.error?.message).toMatch(/mismatched lengths \(40 at the start, 44 at the end\)/)
  })

  it('stops on a block length below the minimum and on an absurd one, without allocating it', () => {
    expect(
      corrupt(encodeBlock(BlockType.EPB, new Uint8Array(0), le, { lengthOverride: 8 })).parser.error?.message,
    ).toMatch(/total length of 8, below the minimum/)
    for (const chunk of [1000, 3]) {
      const r = parseAll(
        concatBytes([
          head,
          good,
          encodeBlock(BlockType.EPB, payload(28), le, { lengthOverride: 0xfffffff0 }),
        ]),
        chunk,
      )
      expect(r.frames).toHaveLength(1)
      expect(r.parser.error?.message).toMatch(/claims a total length of 4294967280 bytes, which is too large/)
    }
  })

  it('stops on an EPB whose captured length does not fit its block', () => {
    const liar = encodePacketBlock({ tsSec: 1, data: payload(8), capLen: 200 }, { linkType: 1 }, le)
    const { frames, parser } = corrupt(liar)
    expect(frames).toHaveLength(1)
    expect(parser.error?.message).toMatch(/too short for its 200 captured bytes/)
  })

  it('stops on a packet longer than the link type allows (as Wireshark does)', () => {
    const big = encodePacketBlock({ tsSec: 1, data: payload(262145) }, { linkType: 1 }, le)
    const { frames, parser } = corrupt(big)
    expect(frames).toHaveLength(1)
    expect(parser.error?.message).toMatch(
      /claims 262145 captured bytes, more than the maximum of 262144 for link type 1/,
    )
  })

  it('stops on a packet referring to an undeclared interface', () => {
    const { frames, parser } = corrupt(
      encodePacketBlock({ interfaceId: 3, tsSec: 1, data: payload(8) }, undefined, le),
    )
    expect(frames).toHaveLength(1)
    expect(parser.error?.message).toMatch(/refers to interface 3, but its section declares only 1 interface$/)
  })

  it('rejects an invalid byte-order magic and an unsupported major version', () => {
    const shb = encodeShb({})
    shb[8] = 0x11
    expect(parseAll(shb).parser.error?.message).toMatch(/invalid byte-order magic/)
    const v2 = encodeShb({ version: { major: 2, minor: 0 } })
    expect(parseAll(v2).parser.error).toMatchObject({ code: 'unsupported' })
    // Nothing readable: no file info (readCaptureFile turns that into a CaptureOpenError).
    expect(parseAll(v2).parser.info).toBeNull()
  })

  it('delivers every complete packet then reports the incomplete tail block', () => {
    const bytes = concatBytes([head, good, good])
    const cut = bytes.subarray(0, bytes.length - 5)
    for (const chunk of [cut.length, 9, 1]) {
      const { frames, parser } = parseAll(cut, chunk)
      expect(frames).toHaveLength(1)
      expect(parser.error).toBeNull()
      expect(parser.incompleteTail).toEqual({
        offset: head.length + good.length,
        part: 'data',
        need: good.length - 8,
        have: good.length - 13,
      })
      expect(parser.warnings[0]).toMatch(/ends in the middle of a block/)
    }
  })

  it('ignores options that run past their block, with a warning', () => {
    const idb = encodeIdb({ linkType: 1, name: 'x' }, le)
    // Option header at offset 16: code 2, length 4 → make the length 200.
    idb[18] = 200
    const { parser, frames } = parseAll(concatBytes([encodeShb({}), idb, good]))
    expect(parser.error).toBeNull()
    expect(frames).toHaveLength(1)
    expect(parser.warnings[0]).toMatch(/option 2 .* runs past the end of its block/)
  })

  it('gives identical results for every chunk size', () => {
    const bytes = encodePcapng({ sections: [section(false), section(true)] })
    const ref = parseAll(bytes)
    expect(ref.frames).toHaveLength(12)
    for (const f of ref.frames) expect(f.viaBuf).toEqual(f.data)
    for (let chunk = 1; chunk < 200; chunk += 1) {
      const r = parseAll(bytes, chunk, { lazy: chunk % 2 === 0 })
      expect(r.frames).toEqual(ref.frames)
      expect(r.parser.info).toEqual(ref.parser.info)
    }
  })
})

describe('sectionLocalInterfaceId', () => {
  it('maps global interface ids back to the per-section ids Wireshark shows', async () => {
    const { sectionLocalInterfaceId } = await import('./interface-ids')
    const s: PcapngSectionInput = { interfaces: [{ linkType: 1 }, { linkType: 0 }], packets: [] }
    const { parser } = parseAll(
      encodePcapng({ sections: [s, { interfaces: [{ linkType: 1 }], packets: [] }, s] }),
    )
    const info = parser.info!
    expect([0, 1, 2, 3, 4].map((id) => sectionLocalInterfaceId(info, id))).toEqual([0, 1, 0, 0, 1])
  })
})
