import { describe, expect, it } from 'vitest'
import type { ReadSummary } from '../readers/capture-types'
import { loadWarning } from './load-warning'

function summary(over: Partial<ReadSummary> & { gzip?: boolean }): ReadSummary {
  const { gzip = false, ...rest } = over
  return {
    frames: 3,
    bytes: 500,
    warnings: [],
    info: { gzip } as ReadSummary['info'],
    error: null,
    incompleteTail: null,
    stoppedEarly: false,
    ...rest,
  }
}

describe('loadWarning (final file.onProgress warning)', () => {
  it('says nothing for a file read to its end', () => {
    expect(loadWarning(summary({}), 500)).toBeNull()
  })

  it('a cut tail: how many bytes were not read, where, and to open the file again', () => {
    const tail = { offset: 500, part: 'data' as const, need: 60, have: 20 }
    expect(loadWarning(summary({ incompleteTail: tail, frames: 1 }), 536)).toBe(
      'The capture ends in the middle of a packet (36 bytes at offset 500 were not read): it may still be ' +
        'being written, or it was cut short. The 1 complete packet before it is shown; open the file again ' +
        'to see packets written since.',
    )
    // .gz: offsets are in the decompressed stream, the size on disk says nothing about them.
    expect(loadWarning(summary({ incompleteTail: tail, gzip: true }), 100)).toMatch(
      /^The capture ends in the middle of a packet \(the data from offset 500 of the uncompressed stream was not read\)/,
    )
  })

  it('a corrupt record stops reading: where and why, the rows before it stay', () => {
    const error = {
      code: 'corrupt' as never,
      message: 'pcap record claims 4294967295 captured bytes',
      offset: 88,
    }
    expect(loadWarning(summary({ error }), 1000)).toBe(
      'Reading stopped at offset 88: pcap record claims 4294967295 captured bytes. The 3 complete packets ' +
        'before it are shown; the rest of the file could not be read (it may be damaged).',
    )
  })

  it('a .gz that ends early', () => {
    const w = 'the gzip-compressed data ends early (the .gz file was cut short)'
    expect(loadWarning(summary({ gzip: true, warnings: [w] }), 1000)).toBe(
      `The compressed file could not be read to its end: ${w}. The 3 complete packets before it are shown.`,
    )
  })
})
