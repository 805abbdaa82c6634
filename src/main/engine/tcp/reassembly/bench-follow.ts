/**
 * Measure following the largest TCP stream: `npx tsx src/main/engine/tcp/reassembly/bench-follow.ts FILE [--stream N]`.
 * Builds the index and the TCP analysis once (reported separately: that is the cost of opening the file),
 * then times followTcpStream (payload fetch + reassembly) and the raw formatting, best of 5 runs.
 * Prints one JSON object (the bench section can import runFollowBench instead).
 */
import { buildIndex } from '../../index/build-index'
import { analyzeTcp } from '../analyze-tcp'
import { followTcpStream } from './follow-stream'
import { formatFollow } from './follow-format'

export interface FollowBenchResult {
  file: string
  stream: number
  streamRows: number
  chunks: number
  bytes: number
  indexMs: number
  analyzeMs: number
  followMs: number
  formatRawMs: number
}

export async function runFollowBench(path: string, stream?: number): Promise<FollowBenchResult> {
  let t = performance.now()
  const index = await buildIndex(path)
  const indexMs = performance.now() - t
  t = performance.now()
  const analysis = analyzeTcp(index)
  const analyzeMs = performance.now() - t
  let target = stream ?? -1
  if (target < 0) {
    let most = -1
    for (const c of analysis.conversations) {
      if (c.rows.length > most) {
        most = c.rows.length
        target = c.stream
      }
    }
  }
  let followMs = Infinity
  let formatRawMs = Infinity
  let chunks = 0
  let bytes = 0
  for (let i = 0; i < 5; i++) {
    t = performance.now()
    const r = await followTcpStream(path, index, analysis, target)
    followMs = Math.min(followMs, performance.now() - t)
    t = performance.now()
    formatFollow(r, r.header, 'raw')
    formatRawMs = Math.min(formatRawMs, performance.now() - t)
    chunks = r.chunks.length
    bytes = r.stats[0].bytes + r.stats[1].bytes
  }
  const conv = analysis.conversations.find((c) => c.stream === target)
  const round = (x: number): number => +x.toFixed(2)
  return {
    file: path,
    stream: target,
    streamRows: conv ? conv.rows.length : 0,
    chunks,
    bytes,
    indexMs: round(indexMs),
    analyzeMs: round(analyzeMs),
    followMs: round(followMs),
    formatRawMs: round(formatRawMs),
  }
}

if (process.argv[1] && /bench-follow\.[tj]s$/.test(process.argv[1])) {
  const path = process.argv[2]
  if (!path) throw new Error('usage: bench-follow.ts FILE [--stream N]')
  const si = process.argv.indexOf('--stream')
  runFollowBench(path, si > 0 ? Number(process.argv[si + 1]) : undefined).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e: unknown) => {
      console.error(e)
      process.exitCode = 1
    },
  )
}
