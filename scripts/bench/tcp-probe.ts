// Bundled by scripts/bench.mjs into out/bench/tcp-probe.mjs: the full TCP analysis of one file as the
// app runs it (index → streams + relative numbers + analysis flags → endpoint states of every packet),
// then following the largest stream, with the time of each step as JSON on stdout. Never part of the app.
// The endpoint states are computed inside the analysis pass (analyzeTcp's `states` option), so
// `analyzeS` includes them and `statesS` is only computeCaptureStates handing them over.
import { buildIndex } from '../../src/main/engine/index'
import { analyzeTcp } from '../../src/main/engine/tcp'
import { computeCaptureStates } from '../../src/main/engine/tcp/state'
import { followTcpStream } from '../../src/main/engine/tcp/reassembly/follow-stream'

async function main(): Promise<void> {
  const path = process.argv[2]
  if (!path) throw new Error('usage: tcp-probe FILE')
  const t0 = performance.now()
  const index = await buildIndex(path, { verifyChecksums: false })
  const t1 = performance.now()
  const analysis = analyzeTcp(index, { states: true })
  const t2 = performance.now()
  const states = computeCaptureStates(index, analysis)
  const t3 = performance.now()
  let largest = -1
  let largestRows = 0
  for (const c of analysis.conversations) {
    if (c.rows.length > largestRows) {
      largestRows = c.rows.length
      largest = c.stream
    }
  }
  const t4 = performance.now()
  const followed = largest >= 0 ? await followTcpStream(path, index, analysis, largest) : null
  const t5 = performance.now()
  let bytes = 0
  for (const ch of followed?.chunks ?? []) bytes += ch.data.length
  process.stdout.write(
    JSON.stringify({
      rows: index.count,
      streams: analysis.conversations.length,
      transitions: states.transitions.reduce((n, t) => n + t.length, 0),
      indexS: (t1 - t0) / 1000,
      analyzeS: (t2 - t1) / 1000,
      statesS: (t3 - t2) / 1000,
      statesFused: true,
      largestStream: largest,
      largestStreamRows: largestRows,
      followMs: t5 - t4,
      followBytes: bytes,
    }) + '\n',
  )
}

main().catch((err: unknown) => {
  process.stderr.write(`tcp-probe: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exitCode = 1
})
