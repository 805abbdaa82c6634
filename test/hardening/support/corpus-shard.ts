import { expect, it } from 'vitest'
import { corpusFiles, requireShared } from '../../support/corpus'
import { runPipeline, type Problem } from './pipeline'

/** Per-command time limit: one command taking longer than this on one file counts as a hang. */
export const COMMAND_LIMIT_MS = 20_000

/**
 * Every corpus file with index % shards === shard through the engine and read, read -v, fields, conv,
 * states and follow (first 3 streams), in-process. One test per shard: a per-file `it` would add
 * ~950 entries to the report for no extra information; problems are listed together instead.
 */
export function corpusShard(shard: number, shards: number): void {
  it(`corpus shard ${shard + 1}/${shards}: every command exits 0 or with one clean line, no hang`, async () => {
    requireShared()
    const files = corpusFiles().filter((_, i) => i % shards === shard)
    expect(files.length).toBeGreaterThan(300 / shards)
    const problems: Problem[] = []
    const t0 = performance.now()
    for (const f of files) {
      const r = await runPipeline(f, 3)
      problems.push(...r.problems)
      for (const o of r.outcomes)
        if (o.ms > COMMAND_LIMIT_MS)
          problems.push({ file: f, argv: o.argv, what: `took ${Math.round(o.ms)} ms` })
    }
    console.log(
      `corpus shard ${shard + 1}/${shards}: ${files.length} files in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    )
    expect(problems).toEqual([])
  }, 240_000)
}
