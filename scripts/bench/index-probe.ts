// Bundled by scripts/bench.mjs into out/bench/index-probe.mjs: builds the packet index of one file the
// way the app does and prints what it costs, as JSON on stdout. Never part of the app.
import { buildIndex } from '../../src/main/engine/index'

async function main(): Promise<void> {
  const path = process.argv[2]
  if (!path) throw new Error('usage: index-probe FILE')
  const t0 = performance.now()
  const idx = await buildIndex(path)
  const seconds = (performance.now() - t0) / 1000
  // Column bytes actually allocated for the chunks (unused tail of the last chunk included).
  let columnBytes = 0
  for (const chunk of idx.chunks) {
    for (const v of Object.values(chunk)) if (ArrayBuffer.isView(v)) columnBytes += v.byteLength
  }
  const indexBytes = typeof idx.byteSize === 'number' ? idx.byteSize : columnBytes
  process.stdout.write(
    JSON.stringify({
      rows: idx.count,
      seconds,
      columnBytes,
      indexBytes,
      bytesPerPacket: indexBytes / idx.count,
    }) + '\n',
  )
}

main().catch((err: unknown) => {
  process.stderr.write(`index-probe: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exitCode = 1
})
