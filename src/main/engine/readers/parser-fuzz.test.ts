import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { encodePcap } from '../writers/pcap-encode'
import { encodePcapng, BlockType } from '../writers/pcapng-encode'
import { parseAll, payload } from './test-helpers'

/**
 * Bad bytes are data: the parser must never throw, whatever it is fed, and how the stream is cut into
 * chunks must never change what it reports (frames, info, error, tail).
 */
const seeds: Uint8Array[] = [
  encodePcap({ linkType: 1 }, [
    { tsSec: 1, data: payload(30) },
    { tsSec: 2, data: payload(7), origLen: 100 },
    { tsSec: 3, data: payload(0) },
  ]),
  encodePcap({ linkType: 113, nano: true, bigEndian: true }, [
    { tsSec: 1, data: payload(12) },
    { tsSec: 2, data: payload(50) },
  ]),
  encodePcapng({
    sections: [
      {
        comments: ['c'],
        interfaces: [
          { linkType: 1, snapLen: 64, tsresol: 9, name: 'x' },
          { linkType: 101, tsresol: 0x80 | 20 },
        ],
        nrb: [{ address: new Uint8Array([1, 2, 3, 4]), names: ['a'] }],
        packets: [
          { interfaceId: 0, tsSec: 5, data: payload(20), comment: 'p' },
          { interfaceId: 1, tsSec: 6, data: payload(9), flags: 1 },
          { kind: 'spb', data: payload(16) },
          { kind: 'pb', interfaceId: 1, data: payload(3) },
          { kind: 'block', type: BlockType.CUSTOM, body: payload(8) },
        ],
        isb: [{ interfaceId: 0, ifRecv: 3n }],
      },
      { bigEndian: true, interfaces: [{ linkType: 1 }], packets: [{ tsSec: 1, data: payload(5) }] },
    ],
  }),
]

const mutated = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
    fc.option(fc.nat(), { nil: undefined }),
  )
  .map(([seed, edits, cut]) => {
    const b = seed.slice()
    for (const [at, v] of edits) b[at % b.length] = v
    return cut === undefined ? b : b.subarray(0, cut % (b.length + 1))
  })

function outcome(bytes: Uint8Array, chunk?: number) {
  const { frames, parser } = parseAll(bytes, chunk)
  return {
    frames,
    info: parser.info,
    error: parser.error,
    tail: parser.incompleteTail,
    warnings: parser.warnings,
  }
}

describe('CaptureParser on mutated input', () => {
  it('never throws and reports the same result for any chunking', () => {
    fc.assert(
      fc.property(mutated, fc.integer({ min: 1, max: 64 }), (bytes, chunk) => {
        const whole = outcome(bytes)
        expect(outcome(bytes, chunk)).toEqual(whole)
        for (const f of whole.frames) {
          expect(f.capLen).toBe(f.data.length)
          expect(f.fileOffset + f.capLen).toBeLessThanOrEqual(bytes.length)
        }
      }),
      { numRuns: 1500 },
    )
  })
})
