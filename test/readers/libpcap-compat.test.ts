import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { corpusFiles, requireShared } from '../support/corpus'
import { readCaptureFile, CaptureOpenError } from '../../src/main/engine/readers/read-capture-file'
import {
  libpcapCapLen,
  libpcapEndMessage,
  libpcapStopMessage,
} from '../../src/main/engine/readers/libpcap-compat'
import type { ReadSummary } from '../../src/main/engine/readers/capture-types'

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
      const candidates: Array<{ file: string; predicted: number[]; stop: string | null }> = []
      const ended: Array<{ file: string; message: string | null }> = []
      for (const file of corpusFiles()) {
        const predicted: number[] = []
        let differs = false
        let stop: string | null = null
        let summary: ReadSummary
        try {
          summary = await readCaptureFile(file, (rec, info) => {
            const n = libpcapCapLen(info, rec)
            if (n !== rec.capLen) differs = true
            if (n === -1 && stop === null) stop = libpcapStopMessage(info, rec)
            predicted.push(n)
          })
        } catch (err) {
          if (err instanceof CaptureOpenError) continue
          throw err
        }
        if (differs) candidates.push({ file, predicted, stop })
        else if (summary.error || summary.incompleteTail)
          ended.push({ file, message: libpcapEndMessage(summary) })
      }
      expect(candidates.length).toBeGreaterThan(20)
      const bad: string[] = []
      for (const [i, c] of candidates.entries()) {
        const out = join(dir, `${i}.pcap`)
        const td = spawnSync('tcpdump', ['-r', c.file, '-w', out], { encoding: 'utf8' })
        const tdStop = /pcap_loop: (.*)/.exec(td.stderr)?.[1] ?? null
        if (c.stop !== tdStop)
          bad.push(
            `${c.file}: tcpdump stopped with ${JSON.stringify(tdStop)}, predicted ${JSON.stringify(c.stop)}`,
          )
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
        if (JSON.stringify(got) !== JSON.stringify(want))
          bad.push(`${c.file}: tcpdump ${JSON.stringify(got)} predicted ${JSON.stringify(want)}`)
      }
      // Files that end early (cut short / corrupt record): libpcapEndMessage must be tcpdump's message.
      expect(ended.length).toBeGreaterThan(3)
      for (const e of ended) {
        const td = spawnSync('tcpdump', ['-nn', '-q', '-r', e.file], { encoding: 'utf8' })
        const tdEnd = /pcap_loop: (.*)/.exec(td.stderr)?.[1] ?? null
        if (e.message !== null && e.message !== tdEnd)
          bad.push(
            `${e.file}: tcpdump ended with ${JSON.stringify(tdEnd)}, predicted ${JSON.stringify(e.message)}`,
          )
      }
      console.log(
        `libpcap compat: ${candidates.length} files where libpcap's view differs from the records, ` +
          `${ended.length} files ending early (${ended.filter((e) => e.message !== null).length} with a libpcap message); ${bad.length} disagreements with tcpdump`,
      )
      expect(bad).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 300_000)
})
