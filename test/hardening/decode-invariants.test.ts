import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { decodeFrame } from '../../src/shared/decode/decode-frame'
import { DEFAULT_FIELD_WRITERS, fieldsJson } from '../../src/shared/decode/wireshark-fields'
import { DecodedFrame, MAX_ISSUES, MAX_VLANS } from '../../src/shared/model/decoded-frame'
import { newFrameRecord, type CaptureFileInfo } from '../../src/shared/model/frame'
import { IssueBit } from '../../src/shared/model/issues'
import { TcpdumpPrinter } from '../../src/shared/print'
import { conversationFrames, HOSTILE_FRAMES } from './support/hostile'

/**
 * One frame at a time, many more cases than the whole-pipeline properties: valid and hostile frames with
 * bytes overwritten and tails cut, decoded as Ethernet (and re-read as other link types), then printed
 * and turned into fields. What must hold whatever the bytes say:
 *  - nothing throws; the row is decoded to some protocol or carries an issue;
 *  - every offset the decoder reports lies inside the captured bytes (consumers index with them);
 *  - the fields line is valid JSON, and neither output contains "undefined" or "NaN"; without -v a
 *    packet prints as one line.
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 0x5eed_0007
const FRAMES = [...conversationFrames(), ...Object.values(HOSTILE_FRAMES).map((g) => g())]
const LINK_TYPES = [1, 1, 1, 1, 0, 101, 113, 276, 108, 9, 104]

const INFO: CaptureFileInfo = {
  format: 'pcapng',
  bigEndian: false,
  gzip: false,
  interfaces: [],
  sectionComments: [],
  nameRecords: [],
}

const frameArb = fc
  .tuple(
    fc.nat({ max: FRAMES.length - 1 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    fc.option(fc.nat(), { nil: undefined }),
    fc.constantFrom(...LINK_TYPES),
    fc.integer({ min: 0, max: 70_000 }),
  )
  .map(([i, edits, cut, linkType, extra]) => {
    const b = FRAMES[i]!.slice()
    if (b.length) for (const [at, v] of edits) b[at % b.length] = v
    const data = cut === undefined ? b : b.subarray(0, cut % (b.length + 1))
    return { data, linkType, origLen: data.length + (extra % 3 === 0 ? 0 : extra) }
  })

function within(f: DecodedFrame, cap: number): string[] {
  const bad: string[] = []
  const at = (name: string, off: number, len = 0): void => {
    if (off === -1) return
    if (off < 0 || len < 0 || off + len > cap) bad.push(`${name} ${off}+${len} > ${cap}`)
  }
  at('link', f.linkOffset, 0)
  at('macSrc', f.macSrcOffset, 0)
  at('macDst', f.macDstOffset, 0)
  at('l3', f.l3Offset)
  at('l4', f.l4Offset)
  // A frame cut by the snaplen, or whose header lies, keeps the lengths its headers claim (options cut
  // short, a payload starting past the captured bytes with payloadCapLen 0): the truncated/malformed
  // issue says so, and consumers bound their reads by capLen.
  if (!(f.issueMask & (IssueBit.truncated | IssueBit.malformed))) {
    at('ipSrc', f.ipSrcOffset)
    at('ipDst', f.ipDstOffset)
    at('ipOptions', f.ipOptionsOffset, f.ipOptionsLen)
    at('tcpOptions', f.tcpOptionsOffset, f.tcpOptionsLen)
    at('payload', f.payloadOffset, f.payloadCapLen)
  } else if (f.payloadCapLen > 0) at('payload', f.payloadOffset, f.payloadCapLen)
  if (f.issueCount > MAX_ISSUES) bad.push(`issueCount ${f.issueCount}`)
  if (f.vlanCount > MAX_VLANS) bad.push(`vlanCount ${f.vlanCount}`)
  if (f.ipv6ExtCount > 8) bad.push(`ipv6ExtCount ${f.ipv6ExtCount}`)
  if (f.payloadCapLen < 0 || f.payloadLen < 0) bad.push(`payload lengths ${f.payloadLen}/${f.payloadCapLen}`)
  if (f.proto === 0 && f.issueMask === 0) bad.push('neither decoded nor flagged')
  return bad
}

describe('decoder, printer and fields on mutated frames', () => {
  it('offsets stay inside the frame, outputs are well-formed', () => {
    const f = new DecodedFrame()
    const rec = newFrameRecord()
    const printers = [0, 1, 2].map(
      (verbose) => new TcpdumpPrinter({ tsMode: 0, verbose, absoluteSeq: false }),
    )
    fc.assert(
      fc.property(frameArb, ({ data, linkType, origLen }) => {
        rec.number = 1
        rec.linkType = linkType
        rec.data = data
        rec.buf = data
        rec.dataOffset = 0
        rec.capLen = data.length
        rec.origLen = origLen
        rec.tsSec = 1_700_000_000
        for (const verify of [true, false]) {
          f.reset()
          decodeFrame(linkType, data, origLen, f, verify)
          expect(within(f, data.length)).toEqual([])
        }
        const json = fieldsJson({ rec, f, info: INFO, row: 0 }, DEFAULT_FIELD_WRITERS)
        expect(() => JSON.parse(json), json).not.toThrow()
        expect(json).not.toMatch(/undefined|NaN/)
        printers.forEach((p, verbose) => {
          const text = p.format(rec)
          expect(text).not.toMatch(/undefined|NaN/)
          // -v prints the IP header on its own line, as tcpdump does; without -v one line per packet
          if (verbose === 0) expect(text).not.toContain('\n')
        })
      }),
      { seed: SEED, numRuns: 20_000 },
    )
  }, 120_000)
})
