import { describe, expect, it } from 'vitest'
import { requireShared } from '../support/corpus'
import { toolAvailable } from '../support/oracle'
import { reportMismatches, runConformance, type Mode } from './conformance-lib'

/** The other time stamp formats (-t, -tt, -ttt deltas incl. negative ones, -ttttt) over the whole corpus. */
const MODES: Mode[] = [
  { name: 't', flags: ['-t'], opts: { tsMode: 1, verbose: 0, absoluteSeq: false } },
  { name: 'tt', flags: ['-tt'], opts: { tsMode: 2, verbose: 0, absoluteSeq: false } },
  { name: 'ttt', flags: ['-ttt'], opts: { tsMode: 3, verbose: 0, absoluteSeq: false } },
  { name: 'ttttt', flags: ['-ttttt'], opts: { tsMode: 5, verbose: 0, absoluteSeq: false } },
]

describe('tcpdump conformance: time stamp variants', () => {
  process.env.TZ = 'UTC'
  for (const mode of MODES) {
    it(`tcpdump -nn ${mode.flags.join(' ')}: ≥ 99.5 % identical`, { timeout: 300_000 }, async () => {
      requireShared()
      expect(toolAvailable('tcpdump'), 'tcpdump must be installed').toBe(true)
      const r = await runConformance(mode)
      const summary = reportMismatches(mode, r)
      console.log(summary.split('\n')[0])
      expect(r.compared).toBeGreaterThan(40_000)
      expect(r.identical / r.compared, summary).toBeGreaterThanOrEqual(0.995)
    })
  }
})
