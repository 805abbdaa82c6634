import { describe, expect, it } from 'vitest'
import { encodePcap, encodePcapHeader, type PcapFrameInput } from '../writers/pcap-encode'
import { parseAll, payload } from './test-helpers'
import { CaptureParser } from './capture-parser'
import { newFrameRecord } from '../../../shared/model/frame'

const frames: PcapFrameInput[] = [
  { tsSec: 1_600_000_000, tsNsec: 123_456_789, data: payload(60, 1) },
  { tsSec: 1_600_000_001, tsNsec: 999_999_999, data: payload(1, 2), origLen: 1514 },
  { tsSec: 4_294_967_295, tsNsec: 0, data: payload(0, 3), origLen: 0 },
  { tsSec: 0, tsNsec: 1000, data: payload(33, 4) },
]

describe('pcap: the four magics', () => {
  for (const bigEndian of [false, true]) {
    for (const nano of [false, true]) {
      it(`${bigEndian ? 'big' : 'little'}-endian ${nano ? 'ns' : 'µs'}`, () => {
        const bytes = encodePcap({ linkType: 1, snapLen: 65535, bigEndian, nano }, frames)
        const { frames: out, parser } = parseAll(bytes)
        expect(parser.error).toBeNull()
        expect(parser.warnings).toEqual([])
        expect(parser.info).toMatchObject({
          format: 'pcap',
          bigEndian,
          version: { major: 2, minor: 4 },
          interfaces: [{ id: 0, linkType: 1, snapLen: 65535, tsPrecisionDigits: nano ? 9 : 6, section: 0 }],
        })
        expect(out.map((f) => f.number)).toEqual([1, 2, 3, 4])
        out.forEach((f, i) => {
          const src = frames[i]!
          expect(f.tsSec).toBe(src.tsSec)
          // µs files keep microseconds only.
          expect(f.tsNsec).toBe(nano ? src.tsNsec : Math.floor(src.tsNsec! / 1000) * 1000)
          expect(f.capLen).toBe(src.data.length)
          expect(f.origLen).toBe(src.origLen ?? src.data.length)
          expect(f.data).toEqual(Array.from(src.data))
          expect(f.interfaceId).toBe(0)
          expect(f.linkType).toBe(1)
          expect(f.epbFlags).toBe(-1)
          // fileOffset points at the captured bytes in the file.
          expect(Array.from(bytes.subarray(f.fileOffset, f.fileOffset + f.capLen))).toEqual(f.data)
        })
      })
    }
  }

  it('reads the modified (a1b2cd34) format with 24-byte record headers', () => {
    const bytes = encodePcap({ linkType: 1, modified: true }, frames)
    const { frames: out, parser } = parseAll(bytes)
    expect(parser.error).toBeNull()
    expect(out.map((f) => f.capLen)).toEqual([60, 1, 0, 33])
    expect(out[0]!.fileOffset).toBe(24 + 24)
  })
})

describe('pcap: lengths', () => {
  it('keeps truncated frames (caplen < len) and both lengths', () => {
    const bytes = encodePcap({ linkType: 1, snapLen: 64 }, [{ tsSec: 1, data: payload(64), origLen: 1500 }])
    const { frames: out } = parseAll(bytes)
    expect(out[0]).toMatchObject({ capLen: 64, origLen: 1500 })
  })

  it('accepts caplen above the header snaplen (as Wireshark does) when below the link-type maximum', () => {
    const bytes = encodePcap({ linkType: 1, snapLen: 16 }, [{ tsSec: 1, data: payload(100) }])
    const { frames: out, parser } = parseAll(bytes)
    expect(parser.error).toBeNull()
    expect(out[0]!.capLen).toBe(100)
  })

  it('stops with a clear error on an absurd caplen, keeping earlier frames, without allocating it', () => {
    const good = encodePcap({ linkType: 1 }, [{ tsSec: 1, data: payload(10) }])
    const liar = encodePcap({ linkType: 1 }, [{ tsSec: 2, data: payload(4), capLen: 0x7fffffff }]).subarray(
      24,
    )
    const bytes = new Uint8Array([...good, ...liar])
    for (const chunk of [bytes.length, 7, 1]) {
      const { frames: out, parser } = parseAll(bytes, chunk)
      expect(out).toHaveLength(1)
      expect(parser.error?.code).toBe('corrupt')
      expect(parser.error?.message).toMatch(
        /claims 2147483647 captured bytes, more than the maximum of 262144/,
      )
      expect(parser.error?.offset).toBe(good.length)
    }
  })

  it('uses the larger Wireshark maximum for USB/D-Bus link types', () => {
    const big = payload(300_000)
    const { frames: out, parser } = parseAll(encodePcap({ linkType: 220 }, [{ tsSec: 1, data: big }]), 65536)
    expect(parser.error).toBeNull()
    expect(out[0]!.capLen).toBe(300_000)
    const eth = parseAll(encodePcap({ linkType: 1 }, [{ tsSec: 1, data: big }]), 65536)
    expect(eth.parser.error?.code).toBe('corrupt')
  })

  it('keeps a sub-second field of 1 s or more raw, as tcpdump and tshark print it', () => {
    const bytes = encodePcap({ linkType: 1 }, [{ tsSec: 10, tsSubRaw: 2_500_000, data: payload(1) }])
    expect(parseAll(bytes).frames[0]).toMatchObject({ tsSec: 10, tsNsec: 2_500_000_000 })
    const ns = encodePcap({ linkType: 1, nano: true }, [
      { tsSec: 10, tsSubRaw: 4_294_967_295, data: payload(1) },
    ])
    expect(parseAll(ns).frames[0]).toMatchObject({ tsSec: 10, tsNsec: 4_294_967_295 })
  })

  it('refuses a link-type field with reserved bits set (as libpcap and Wireshark do)', () => {
    const bytes = encodePcap({ linkType: 0, linkTypeField: 0x00300000 }, [{ tsSec: 1, data: payload(4) }])
    const { parser, frames: out } = parseAll(bytes)
    expect(out).toEqual([])
    expect(parser.info).toBeNull()
    expect(parser.error).toMatchObject({ code: 'unsupported', offset: 20 })
    expect(parser.error?.message).toMatch(/link-type field 0x00300000 has reserved bits set/)
  })

  it('refuses archaic pcap versions (1.x) like libpcap and Wireshark', () => {
    const { parser } = parseAll(
      encodePcap({ linkType: 1, version: { major: 1, minor: 4 } }, [{ tsSec: 1, data: payload(4) }]),
    )
    expect(parser.info).toBeNull()
    expect(parser.error).toMatchObject({ code: 'unsupported', offset: 4 })
    expect(parser.error?.message).toMatch(/archaic pcap format version 1.4/)
  })

  it('accepts FCS bits (26-31) in the link-type field', () => {
    const bytes = encodePcap({ linkType: 1, linkTypeField: 0x14000001 }, [{ tsSec: 1, data: payload(4) }])
    const { parser, frames: out } = parseAll(bytes)
    expect(parser.error).toBeNull()
    expect(out[0]!.linkType).toBe(1)
  })
})

describe('pcap: files that end mid-record', () => {
  const whole = encodePcap({ linkType: 1 }, [
    { tsSec: 1, data: payload(40) },
    { tsSec: 2, data: payload(40) },
  ])
  it('delivers complete frames then describes a tail cut in the record header', () => {
    const cut = whole.subarray(0, 24 + 56 + 7)
    for (const chunk of [cut.length, 5, 1]) {
      const { frames: out, parser } = parseAll(cut, chunk)
      expect(out).toHaveLength(1)
      expect(parser.error).toBeNull()
      expect(parser.incompleteTail).toEqual({ offset: 80, part: 'header', need: 16, have: 7 })
      expect(parser.warnings).toHaveLength(1)
      expect(parser.warnings[0]).toBe(
        'the file ends in the middle of a record header: 7 of its 16 bytes are present (at offset 80); the capture was cut short, the 1 complete packet before it was read',
      )
    }
  })
  it('… and a tail cut in the packet data', () => {
    const cut = whole.subarray(0, whole.length - 1)
    const { frames: out, parser } = parseAll(cut, 3)
    expect(out).toHaveLength(1)
    expect(parser.incompleteTail).toEqual({ offset: 80, part: 'data', need: 40, have: 39 })
    expect(parser.warnings[0]).toMatch(/a packet: 39 of its 40 captured bytes are present \(at offset 80\)/)
  })
  it('a file holding only part of the file header yields no info and a tail', () => {
    const { parser } = parseAll(whole.subarray(0, 10))
    expect(parser.info).toBeNull()
    expect(parser.incompleteTail).toMatchObject({ need: 24, have: 10 })
  })
})

describe('pcap: chunking', () => {
  it('gives identical frames and offsets for every chunk size (records split anywhere)', () => {
    const many: PcapFrameInput[] = []
    for (let i = 0; i < 20; i++)
      many.push({ tsSec: 100 + i, tsNsec: i * 1000, data: payload((i * 37) % 90, i) })
    const bytes = encodePcap({ linkType: 113, bigEndian: true }, many)
    const ref = parseAll(bytes).frames
    expect(ref).toHaveLength(20)
    for (const f of ref) expect(f.viaBuf).toEqual(f.data)
    for (let chunk = 1; chunk <= 130; chunk++) {
      expect(parseAll(bytes, chunk).frames).toEqual(ref)
      // Lazy records (no per-frame view unless asked) describe the same bytes.
      expect(parseAll(bytes, chunk, { lazy: true }).frames).toEqual(ref)
    }
  })

  it('copes with a consumer that pushes several chunks without draining', () => {
    const bytes = encodePcap({ linkType: 1 }, [
      { tsSec: 1, data: payload(10) },
      { tsSec: 2, data: payload(20) },
      { tsSec: 3, data: payload(30) },
    ])
    const p = new CaptureParser()
    p.push(bytes.slice(0, 30))
    p.push(bytes.slice(30, 70))
    p.push(bytes.slice(70))
    p.end()
    const rec = newFrameRecord()
    const caps: number[] = []
    while (p.next(rec)) caps.push(rec.capLen)
    expect(caps).toEqual([10, 20, 30])
  })

  it('stops cleanly after an error even if more chunks are pushed', () => {
    const p = new CaptureParser()
    p.push(new TextEncoder().encode('hello world, not a capture'))
    const rec = newFrameRecord()
    expect(p.next(rec)).toBe(false)
    expect(p.error?.code).toBe('not-capture')
    expect(p.error?.message).toMatch(/looks like text \("hello world, not/)
    p.push(encodePcapHeader({ linkType: 1 }))
    expect(p.next(rec)).toBe(false)
  })

  it('describes unknown binary magics', () => {
    const p = new CaptureParser()
    p.push(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0, 1, 2]))
    p.end()
    expect(p.next(newFrameRecord())).toBe(false)
    expect(p.error?.message).toMatch(/unknown magic 0xdeadbeef/)
  })
})

describe('LazyFrameRecord', () => {
  it('creates the data view on access, once per frame, and honours an explicit assignment', async () => {
    const { LazyFrameRecord } = await import('./lazy-frame-record')
    const bytes = encodePcap({ linkType: 1 }, [
      { tsSec: 1, data: payload(10, 1) },
      { tsSec: 2, data: payload(20, 2) },
    ])
    const p = new CaptureParser({ lazyData: true })
    const rec = new LazyFrameRecord()
    p.push(bytes)
    p.end()
    expect(p.next(rec)).toBe(true)
    const first = rec.data
    expect(rec.data).toBe(first) // cached within the frame
    expect(Array.from(first)).toEqual(Array.from(payload(10, 1)))
    expect(p.next(rec)).toBe(true)
    expect(Array.from(rec.data)).toEqual(Array.from(payload(20, 2)))
    const mine = new Uint8Array([1, 2, 3])
    rec.data = mine
    expect(rec.data).toBe(mine)
  })
})
