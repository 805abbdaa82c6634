/**
 * Child process of `npm run fuzz`: index one (huge) capture and report memory as JSON on stdout.
 * Run it alone: node --import tsx scripts/fuzz/measure-index.ts FILE [--tcp]
 * The peak RSS is sampled from buildIndex's progress callback (every 65536 rows) and at the end, after a
 * forced GC when node runs with --expose-gc, so it measures what the index keeps, not garbage.
 */
import { statSync } from 'node:fs'
import { buildIndex } from '../../src/main/engine/index'
import { analyzeTcp } from '../../src/main/engine/tcp'

async function run(): Promise<void> {
  const file = process.argv[2]
  if (!file) throw new Error('usage: measure-index FILE [--tcp]')
  const withTcp = process.argv.includes('--tcp')
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  const base = process.memoryUsage().rss
  let peak = base
  const t0 = performance.now()
  const index = await buildIndex(file, {
    onProgress: () => {
      peak = Math.max(peak, process.memoryUsage().rss)
    },
  })
  const indexMs = performance.now() - t0
  gc?.()
  const afterIndex = process.memoryUsage().rss
  peak = Math.max(peak, afterIndex)
  let tcpMs = 0
  let streams = 0
  let afterTcp = afterIndex
  if (withTcp) {
    const t1 = performance.now()
    const an = analyzeTcp(index)
    tcpMs = performance.now() - t1
    streams = an.conversations.length
    gc?.()
    afterTcp = process.memoryUsage().rss
    peak = Math.max(peak, afterTcp)
  }
  const rows = index.count
  process.stdout.write(
    JSON.stringify({
      file,
      fileBytes: statSync(file).size,
      rows,
      streams,
      indexMs: Math.round(indexMs),
      tcpMs: Math.round(tcpMs),
      baseRss: base,
      peakRss: peak,
      indexByteSize: index.byteSize,
      indexBytesPerPacket: rows ? index.byteSize / rows : 0,
      rssBytesPerPacketAfterIndex: rows ? (afterIndex - base) / rows : 0,
      rssBytesPerPacketAfterTcp: rows ? (afterTcp - base) / rows : 0,
      peakRssBytesPerPacket: rows ? (peak - base) / rows : 0,
      readerError: index.summary?.error?.message ?? null,
    }) + '\n',
  )
}

run().catch((err) => {
  process.stderr.write(`measure-index: ${(err as Error)?.stack ?? String(err)}\n`)
  process.exit(1)
})
