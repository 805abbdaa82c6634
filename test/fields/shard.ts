import { expect, it } from 'vitest'
import { corpusFiles, requireShared } from '../support/corpus'
import { toolAvailable } from '../support/oracle'
import {
  ALL_THRESHOLD,
  compareFile,
  newResult,
  ratio,
  report,
  TCPIP_FIELDS,
  TCPIP_THRESHOLD,
} from './conformance'

/**
 * One conformance shard: the corpus files `pick` selects. The corpus is split over several test files so
 * that each stays under ~3 minutes with a cold oracle cache (one tshark start per file dominates).
 */
export function fieldsVsTsharkShard(label: string, pick: (file: string, i: number) => boolean): void {
  it(`wirelite fields matches tshark on ${label}`, { timeout: 600_000 }, async () => {
    requireShared()
    if (!toolAvailable('tshark')) throw new Error('tshark is not installed (apt-get install tshark)')
    const files = corpusFiles({ includeFixtures: false }).filter((f, i) => pick(f, i))
    expect(files.length).toBeGreaterThan(0)
    const r = newResult()
    for (const f of files) await compareFile(f, r)
    console.log(report(label, r))
    const tcpip = ratio(TCPIP_FIELDS.map((f) => r.stats.get(f)!))
    const all = ratio(r.stats.values())
    expect(r.framesCompared).toBeGreaterThan(0)
    // Fuzzed files may be unreadable, but a reader regression must not silently shrink the comparison.
    expect(r.filesRejected.length).toBeLessThan(files.length * 0.1)
    expect(tcpip.ratio).toBeGreaterThanOrEqual(TCPIP_THRESHOLD)
    expect(all.ratio).toBeGreaterThanOrEqual(ALL_THRESHOLD)
  })
}
