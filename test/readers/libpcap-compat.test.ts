import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { corpusFiles, requireShared } from '../support/corpus'
import { readCaptureFile, CaptureOpenError } from '../../src/main/engine/readers/read-capture-file'
import { libpcapCapLen } from '../../src/main/engine/readers/libpcap-compat'

/**
 * libpcapCapLen must predict what tcpdump sees. Oracle: let tcpdump copy the file (`tcpdump -r IN -w OUT`
 * writes every record exactly as libpcap handed it over) and read the copy back. Only the corpus files
 * where the prediction differs from the record's own captured length are run (about 35 files).
 */
describe('libpcapCapLen vs tcpdump', () => {
  it('predicts libpcap snapshot truncation / refusal on every corpus file where it applies', async () => {
    requireShared()
    const dir = mkdtempSync(join(tmpdir(), 'wirelite-libpcap-'))
    try {
      const candidates: Array<{ file: string; predicted: number[] }> = []
      for (const file of corpusFiles()) {
        const predicted: number[] = []
        let differs = false
        try {
          await readCaptureFile(file, (rec, info) => {
            const n = libpcapCapLen(info, rec)
            if (n !== rec.capLen) differs = true
            predicted.push(n)
          })
        } catch (err) {
          if (err instanceof CaptureOpenError) continue
          throw err
        }
        if (differs) candidates.push({ file, predicted })
      }
      expect(candidates.length).toBeGreaterThan(20)
      const bad: string[] = []
      for (const [i, c] of candidates.entries()) {
        const out = join(dir, `${i}.pcap`)
        spawnSync('tcpdump', ['-r', c.file, '-w', out], { stdio: 'ignore' })
        const got: number[] = []
        try {
          await readCaptureFile(out, (rec) => {
            got.push(rec.capLen)
          })
        } catch {
          // tcpdump wrote nothing (stopped at the first record): no frames
        }
        // libpcap stops at the first refused record.
        const stop = c.predicted.indexOf(-1)
        const want = stop >= 0 ? c.predicted.slice(0, stop) : c.predicted
        if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`${c.file}: tcpdump ${JSON.stringify(got)} predicted ${JSON.stringify(want)}`)
      }
      console.log(`libpcapCapLen: ${candidates.length - bad.length} of ${candidates.length} files where libpcap differs from the records agree with tcpdump`)
      expect(bad).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 300_000)
})
