import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { newFrameRecord } from '../model/frame'
import { TcpdumpPrinter } from './tcpdump-printer'

const LINK_TYPES = [0, 1, 9, 12, 101, 108, 113, 129, 228, 229, 239, 242, 276, 147]

/** An IPv4/TCP-looking prefix makes random tails reach the option and MPTCP walkers. */
const TCP_PREFIX = [
  0x45, 0, 0, 60, 0, 0, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 0x1f, 0x90, 0xc3, 0x50, 0, 0, 0, 1, 0,
  0, 0, 1, 0xf0, 0x12,
]

describe('TcpdumpPrinter on arbitrary bytes', () => {
  it('never throws and always returns one text per frame', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LINK_TYPES),
        fc.boolean(),
        fc.uint8Array({ maxLength: 120 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 3 }),
        (lt, tcpish, tail, extra, verbose) => {
          const data = tcpish && (lt === 228 || lt === 101) ? new Uint8Array([...TCP_PREFIX, ...tail]) : tail
          const rec = newFrameRecord()
          rec.linkType = lt
          rec.data = data
          rec.capLen = data.length
          rec.origLen = data.length + extra
          rec.tsSec = 1_700_000_000
          for (const absoluteSeq of [false, true]) {
            const p = new TcpdumpPrinter({ tsMode: 0, verbose, absoluteSeq })
            expect(typeof p.format(rec)).toBe('string')
          }
        },
      ),
      { numRuns: 3000 },
    )
  })
})
