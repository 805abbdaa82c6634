import { describe, expect, it } from 'vitest'
import { corpusFiles, requireShared } from '../support/corpus'
import { tcpCaptures } from '../support/tcp-captures'
import { analyzeTcp } from '../../src/main/engine/tcp'
import { ROW_OUTPUT_NAMES } from '../../src/main/engine/tcp/analyze-tcp'
import { computeCaptureStates } from '../../src/main/engine/tcp/state'

/*
 * analyzeTcp(index, { states: true }) runs the endpoint state machine inside the analysis pass, feeding
 * each stream's tracker from endpoint A's point of view and swapping sides at the end where the client
 * turns out to be B. It must give exactly what the separate walk (computeCaptureStates on a plain
 * analysis) gives, and leave every analysis output unchanged, on every capture of the corpus.
 */
const ROW_ARRAYS = ROW_OUTPUT_NAMES

describe('endpoint states computed in the analysis pass', () => {
  it('equal the separate states walk on every corpus capture, analysis unchanged', async () => {
    requireShared()
    let files = 0
    let streams = 0
    let swapped = 0
    for await (const { file, index, analysis: plain } of tcpCaptures(
      corpusFiles({ includeFixtures: true }),
    )) {
      const fused = analyzeTcp(index, { states: true })
      expect(fused.captureStates, file).toBeDefined()
      expect(computeCaptureStates(index, fused), file).toBe(fused.captureStates)
      expect(fused.captureStates, file).toEqual(computeCaptureStates(index, plain))
      for (const k of ROW_ARRAYS) expect(fused[k], `${file} ${k}`).toEqual(plain[k])
      expect(fused.conversations, file).toEqual(plain.conversations)
      expect(fused.initialRttText, file).toEqual(plain.initialRttText)
      files++
      streams += plain.conversations.length
      for (const c of plain.conversations) {
        const first = c.rows[0]!
        const ch = index.chunkOf(first)
        if (
          ch.srcAddr[first - ch.firstRow] !== c.clientAddr ||
          ch.srcPort[first - ch.firstRow] !== c.clientPort
        )
          swapped++
      }
    }
    // The corpus must exercise the swap (streams whose first packet is the server's).
    expect(files).toBeGreaterThan(100)
    expect(swapped).toBeGreaterThan(0)
    console.log(`fused states: ${files} files, ${streams} streams, ${swapped} with the server first`)
  }, 300_000)
})
