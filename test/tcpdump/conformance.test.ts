import { describe, expect, it } from 'vitest'
import { requireShared } from '../support/corpus'
import { toolAvailable } from '../support/oracle'
import { reportMismatches, runConformance, type Mode } from './conformance-lib'

/**
 * `wirelite read` vs the installed tcpdump 4.99.3 over every capture of the shared corpus and the
 * project fixtures, for the packets tcpdump prints as IPv4/IPv6 TCP lines. Our side calls the printer
 * in-process (one read of each file per mode); tcpdump's output comes from the oracle cache.
 * TZ must be UTC for both sides (the oracle sets it for tcpdump; vitest runs us with the env below).
 */
const MIN_RATIO = 0.995

const MODES: Mode[] = [
  { name: 'default', flags: [], opts: { tsMode: 0, verbose: 0, absoluteSeq: false } },
  { name: 'S', flags: ['-S'], opts: { tsMode: 0, verbose: 0, absoluteSeq: true } },
  { name: 'v', flags: ['-v'], opts: { tsMode: 0, verbose: 1, absoluteSeq: false } },
  { name: 'tttt', flags: ['-tttt'], opts: { tsMode: 4, verbose: 0, absoluteSeq: false } },
  { name: 'vv', flags: ['-vv'], opts: { tsMode: 0, verbose: 2, absoluteSeq: false } },
]

describe('tcpdump conformance (TCP lines)', () => {
  process.env.TZ = 'UTC'
  for (const mode of MODES) {
    it(
      `tcpdump -nn ${mode.flags.join(' ') || '(default)'}: ≥ ${MIN_RATIO * 100} % identical`,
      { timeout: 300_000 },
      async () => {
        requireShared()
        expect(toolAvailable('tcpdump'), 'tcpdump must be installed').toBe(true)
        const r = await runConformance(mode)
        const summary = reportMismatches(mode, r)
        console.log(summary.split('\n')[0])
        // A corpus that suddenly has no TCP packets means the harness broke, not that we pass.
        expect(r.compared).toBeGreaterThan(40_000)
        expect(r.identical / r.compared, summary).toBeGreaterThanOrEqual(MIN_RATIO)
      },
    )
  }
})
