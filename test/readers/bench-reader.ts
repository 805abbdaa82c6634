/**
 * Reader throughput (not a test): npx tsx test/readers/bench-reader.ts FILE [RUNS]
 * Make the standard input with: python3 ../shared/tools/make-bench-pcap.py /tmp/bench.pcap --packets 1000000 --snaplen 128
 * Prints frames/s and MB/s for readCaptureFile (lazy records, reading only capLen and one data byte)
 * and for the bare CaptureParser over an in-memory buffer.
 */
import { readFileSync } from 'node:fs'
import { readCaptureFile } from '../../src/main/engine/readers/read-capture-file'
import { CaptureParser } from '../../src/main/engine/readers/capture-parser'
import { LazyFrameRecord } from '../../src/main/engine/readers/lazy-frame-record'

const path = process.argv[2]
if (!path) throw new Error('usage: bench-reader.ts FILE [RUNS]')
const runs = Number(process.argv[3] ?? 5)

for (let i = 0; i < runs; i++) {
  const t0 = performance.now()
  let sum = 0
  const s = await readCaptureFile(path, (r) => {
    sum += r.capLen + r.buf[r.dataOffset]!
  })
  const dt = (performance.now() - t0) / 1000
  console.log(
    `readCaptureFile: ${s.frames} frames in ${dt.toFixed(3)} s = ${(s.frames / dt / 1e6).toFixed(2)} M frames/s, ${(s.bytes / dt / 1e6).toFixed(0)} MB/s (${sum})`,
  )
}

const buf = readFileSync(path)
for (let i = 0; i < runs; i++) {
  const t0 = performance.now()
  const p = new CaptureParser({ lazyData: true })
  const rec = new LazyFrameRecord()
  let n = 0
  for (let o = 0; o < buf.length; o += 1 << 20) {
    p.push(buf.subarray(o, o + (1 << 20)))
    while (p.next(rec)) n++
  }
  p.end()
  while (p.next(rec)) n++
  const dt = (performance.now() - t0) / 1000
  console.log(
    `CaptureParser (in memory): ${n} frames in ${dt.toFixed(3)} s = ${(n / dt / 1e6).toFixed(2)} M frames/s`,
  )
}
