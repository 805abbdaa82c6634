import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  buildCase,
  containerArb,
  HOSTILE_FRAMES,
  hostileCaseArb,
  mutationArb,
  applyMutation,
} from './support/hostile'
import { runPipeline } from './support/pipeline'
import { corpusFiles, requireShared } from '../support/corpus'

/**
 * Hostile variations of valid captures through the whole pipeline (engine + every CLI command).
 * The seed is fixed so CI is reproducible; FUZZ_SEED=<n> explores others. fast-check prints the seed and
 * the shrunk counterexample (container, hostile frame names, file mutations) when a property fails.
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 0x5eed_0007
const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 150

let dir = ''
let n = 0
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wirelite-hardening-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function check(bytes: Uint8Array): Promise<void> {
  const path = join(dir, `case-${n++}.cap`)
  writeFileSync(path, bytes)
  const r = await runPipeline(path, 3)
  rmSync(path)
  expect(r.problems).toEqual([])
}

describe('hostile frames, one at a time, in every container', () => {
  for (const name of Object.keys(HOSTILE_FRAMES)) {
    it(name, async () => {
      for (const container of ['pcap', 'pcapng'] as const)
        await check(buildCase({ container, hostile: [name], mutations: [] }))
    })
  }
})

describe('mutated captures (property)', () => {
  it('never crash, every row decoded or flagged, CLI errors are one clean line', async () => {
    await fc.assert(
      fc.asyncProperty(hostileCaseArb, async (c) => check(buildCase(c))),
      { seed: SEED, numRuns: RUNS, endOnFailure: false },
    )
  }, 120_000)

  it('mutated real corpus files (truncate, flip, length fields at extremes)', async () => {
    requireShared()
    // Small files with TCP keep each case fast; both formats are represented.
    const pool = corpusFiles({ includeFixtures: true }).filter((f) => {
      const size = readFileSync(f).length
      return size > 200 && size < 40_000 && !f.endsWith('.gz')
    })
    expect(pool.length).toBeGreaterThan(50)
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: pool.length - 1 }),
        containerArb,
        fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        async (i, container, muts) => {
          let b: Uint8Array = readFileSync(pool[i]!)
          // The container only tells applyMutation which layout to walk; on a mismatched file the
          // length-field edits land at other offsets, which is just more fuzz.
          for (const m of muts) b = applyMutation(container, b, m)
          await check(b)
        },
      ),
      { seed: SEED + 1, numRuns: Math.round(RUNS / 2) },
    )
  }, 120_000)
})

describe('the mutator itself', () => {
  it('never throws, whatever bytes it is given (short, empty, not our layout)', () => {
    fc.assert(
      fc.property(containerArb, fc.uint8Array({ maxLength: 80 }), mutationArb, (c, b, m) => {
        applyMutation(c, b, m)
      }),
      { seed: SEED, numRuns: 5000 },
    )
  })
})
