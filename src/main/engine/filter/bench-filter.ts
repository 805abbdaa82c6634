/**
 * Measure display-filter speed over a real index: `npx tsx src/main/engine/filter/bench-filter.ts FILE ["filter" …]`.
 * Builds the index and the TCP analysis once, precomputes the per-chunk layer bits (WARM=0 to skip), then times each filter with both back ends (generated
 * code and closures), best of 5 runs after one warm-up (firstRunMs: the cold first run, which also
 * compiles the filter and computes the per-chunk layer bits once). Prints one JSON line per filter.
 */
import { analyzeTcp } from '../tcp'
import { buildIndex } from '../index'
import { compileFilter, filterRows, runFilter, warmChunk } from '../../../shared/filter'
import { frameReaderFor, filterDataOf } from './index-filter'

const DEFAULT_FILTERS = [
  'tcp',
  'tcp.port == 443',
  'ip.addr == 10.0.0.0/8',
  'tcp.flags.syn == 1 && tcp.flags.ack == 0',
  'tcp.analysis.retransmission || tcp.analysis.duplicate_ack',
  'tcp.stream in {1, 5, 7..20} and tcp.len > 0',
  '!(udp.port == 53) && frame.len >= 100 && frame.time_relative < 30',
  'tcp contains "HTTP"',
]

async function main(): Promise<void> {
  const path = process.argv[2]
  if (!path) throw new Error('usage: bench-filter.ts FILE ["filter" …]')
  const filters = process.argv.length > 3 ? process.argv.slice(3) : DEFAULT_FILTERS
  let t = performance.now()
  const index = await buildIndex(path)
  const indexMs = performance.now() - t
  t = performance.now()
  const tcp = analyzeTcp(index)
  const tcpMs = performance.now() - t
  console.log(
    JSON.stringify({
      file: path,
      rows: index.count,
      indexMs: Math.round(indexMs),
      analyzeTcpMs: Math.round(tcpMs),
    }),
  )
  const data = filterDataOf(index, tcp)
  if (process.env.WARM !== '0') {
    t = performance.now()
    for (const c of index.chunks) warmChunk(c, data)
    console.log(JSON.stringify({ warmChunksMs: +(performance.now() - t).toFixed(1) }))
  }
  for (const text of filters) {
    const c = compileFilter(text)
    if (!c.ok) {
      console.log(JSON.stringify({ filter: text, error: c.error }))
      continue
    }
    const res: Record<string, unknown> = { filter: text }
    for (const backend of ['codegen', 'closures'] as const) {
      let best = Infinity
      let matches = 0
      for (let k = 0; k < 6; k++) {
        const t0 = performance.now()
        if (c.value.needsBytes) {
          const readFrame = frameReaderFor(path, index)
          const r = await runFilter(c.value, data, { backend, readFrame })
          await readFrame.close()
          matches = r.ok ? r.value.length : -1
        } else {
          const r = filterRows(c.value, data, backend)
          matches = r.ok ? r.value.length : -1
        }
        const ms = performance.now() - t0
        if (k === 0 && backend === 'codegen') res.firstRunMs = +ms.toFixed(1)
        if (k > 0) best = Math.min(best, ms)
        if (c.value.needsBytes && k >= 1) break // byte reads: one timed run is enough
      }
      res[`${backend}Ms`] = +best.toFixed(1)
      res.matches = matches
    }
    console.log(JSON.stringify(res))
  }
}

void main()
