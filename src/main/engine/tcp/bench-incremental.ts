/**
 * Measure IncrementalTcpAnalysis as a live capture uses it:
 * `npx tsx src/main/engine/tcp/bench-incremental.ts FILE [--step 1000] [--steps 20]`.
 * Analyses all but the last step×steps rows (the capture so far), then advances `step` rows at a time,
 * timing advance() and analysis() of each step apart, next to a full analyzeTcp over the same rows (what
 * the engine re-ran before). Prints one JSON object.
 */
import { buildIndex } from '../index/build-index'
import { analyzeTcp } from './analyze-tcp'
import { IncrementalTcpAnalysis } from './incremental-tcp'
import type { PacketIndex } from '../index'
import type { TcpIndexView } from './types'

function arg(name: string, dflt: number): number {
  const k = process.argv.indexOf(name)
  return k > 0 ? Number(process.argv[k + 1]) : dflt
}

/**
 * The index as a live capture holds it at n rows: the same chunk objects with the counts they had then
 * (set here; restoreCounts undoes it), the side tables as they are (entries past n are not reached).
 */
function grownTo(index: PacketIndex, n: number, counts: number[]): TcpIndexView {
  const chunks = index.chunks.filter((c) => c.firstRow < n)
  chunks.forEach((c, k) => (c.count = Math.min(counts[k]!, n - c.firstRow)))
  return {
    chunks,
    count: n,
    synOptions: index.synOptions,
    sackBlocks: index.sackBlocks,
    nonSynWindowScale: index.nonSynWindowScale,
  }
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!
}

async function main(): Promise<void> {
  const path = process.argv[2]
  if (!path) throw new Error('usage: bench-incremental FILE [--step N] [--steps N]')
  const step = arg('--step', 1000)
  const steps = arg('--steps', 20)
  const index = await buildIndex(path, { verifyChecksums: false })
  const counts = index.chunks.map((c) => c.count)
  const start = Math.max(0, index.count - step * steps)
  const inc = new IncrementalTcpAnalysis()
  let t = performance.now()
  inc.advance(grownTo(index, start, counts))
  const catchUpAdvanceMs = performance.now() - t
  t = performance.now()
  inc.analysis()
  const catchUpAnalysisMs = performance.now() - t
  const adv: number[] = []
  const ana: number[] = []
  for (let n = start + step; n <= index.count; n += step) {
    const view = grownTo(index, n, counts)
    t = performance.now()
    inc.advance(view)
    adv.push(performance.now() - t)
    t = performance.now()
    inc.analysis()
    ana.push(performance.now() - t)
  }
  grownTo(index, index.count, counts)
  t = performance.now()
  const full = analyzeTcp(index)
  const fullMs = performance.now() - t
  const r = (x: number): number => Math.round(x * 1000) / 1000
  process.stdout.write(
    JSON.stringify({
      rows: index.count,
      streams: full.conversations.length,
      startRows: start,
      step,
      catchUpAdvanceMs: r(catchUpAdvanceMs),
      catchUpAnalysisMs: r(catchUpAnalysisMs),
      advanceMsMedian: r(pct(adv, 0.5)),
      advanceMsMax: r(Math.max(...adv)),
      analysisMsMedian: r(pct(ana, 0.5)),
      analysisMsMax: r(Math.max(...ana)),
      fullAnalyzeTcpMs: r(fullMs),
    }) + '\n',
  )
}

main().catch((err: unknown) => {
  process.stderr.write(`bench-incremental: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exitCode = 1
})
