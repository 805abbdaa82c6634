/**
 * Measure the TCP analysis: `npx tsx src/main/engine/tcp/bench-tcp.ts FILE [--runs N] [--no-tshark]`.
 * Builds the index once (the cost of opening the file, reported apart), then times analyzeTcp (streams,
 * relative numbers, flags, RTT, bytes in flight, conversations) best of N runs, and
 * `tshark -r FILE -q -z conv,tcp` once, in the same process run. Prints one JSON object.
 */
import { spawnSync } from 'node:child_process'
import { buildIndex } from '../index/build-index'
import { analyzeTcp } from './analyze-tcp'

export interface TcpBenchResult {
  file: string
  rows: number
  streams: number
  indexMs: number
  analyzeMs: number
  tsharkConvMs: number | null
  ratio: number | null
}

export async function runTcpBench(path: string, runs = 3, withTshark = true): Promise<TcpBenchResult> {
  let t = performance.now()
  const index = await buildIndex(path, { verifyChecksums: false })
  const indexMs = performance.now() - t
  let analyzeMs = Infinity
  let streams = 0
  for (let i = 0; i < runs; i++) {
    t = performance.now()
    const an = analyzeTcp(index)
    analyzeMs = Math.min(analyzeMs, performance.now() - t)
    streams = an.conversations.length
  }
  let tsharkConvMs: number | null = null
  if (withTshark) {
    t = performance.now()
    const r = spawnSync('tshark', ['-n', '-r', path, '-q', '-z', 'conv,tcp'], { stdio: 'ignore' })
    if (r.status === 0) tsharkConvMs = performance.now() - t
  }
  return {
    file: path,
    rows: index.count,
    streams,
    indexMs: Math.round(indexMs),
    analyzeMs: Math.round(analyzeMs),
    tsharkConvMs: tsharkConvMs === null ? null : Math.round(tsharkConvMs),
    ratio: tsharkConvMs === null ? null : Math.round((analyzeMs / tsharkConvMs) * 1000) / 1000,
  }
}

const argv = process.argv.slice(2)
if (argv[0] && import.meta.url === `file://${process.argv[1]}`) {
  const i = argv.indexOf('--runs')
  runTcpBench(argv[0], i >= 0 ? Number(argv[i + 1]) : 3, !argv.includes('--no-tshark')).then((r) =>
    console.log(JSON.stringify(r)),
  )
}
