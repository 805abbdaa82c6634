import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main'
import { corpusFiles, requireShared } from '../support/corpus'

const STATES = new Set([
  'CLOSED',
  'LISTEN',
  'SYN_SENT',
  'SYN_RECEIVED',
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
])

/**
 * Bad bytes are data: `wirelite fields` over every capture of the corpus (the tcpdump test suite is
 * mostly malformed / fuzzed) either prints valid NDJSON or fails with a one-line message, and the TCP
 * keys obey the documented shape on every TCP row (all present together, of the documented types).
 */
describe('wirelite fields: TCP keys on the whole corpus', () => {
  it('never throws and always prints the documented TCP key shapes', { timeout: 600_000 }, async () => {
    requireShared()
    const files = corpusFiles()
    let tcpRows = 0
    let failed = 0
    const problems: string[] = []
    for (const file of files) {
      const parts: string[] = []
      const errs: string[] = []
      const sink = (into: string[]): Writable =>
        new Writable({
          write(chunk, _e, cb) {
            into.push(String(chunk))
            cb()
          },
        })
      const code = await main(['fields', file], { stdout: sink(parts), stderr: sink(errs) })
      if (code !== 0) {
        failed++
        if (code !== 1 || errs.join('').trimEnd().split('\n').length !== 1)
          problems.push(`${file}: exit ${code}`)
        continue
      }
      for (const line of parts.join('').split('\n')) {
        if (line === '') continue
        const r = JSON.parse(line) as Record<string, unknown>
        if (r['tcp.stream'] === undefined) {
          if (r['tcp.state.client'] !== undefined || r['tcp.explain'] !== undefined)
            problems.push(`${file} #${r['frame.number']}: TCP keys without tcp.stream`)
          continue
        }
        tcpRows++
        const ok =
          Number.isInteger(r['tcp.stream']) &&
          Number.isInteger(r['tcp.seq']) &&
          Number.isInteger(r['tcp.ack']) &&
          Number.isInteger(r['tcp.window_size']) &&
          (r['tcp.nxtseq'] === undefined || Number.isInteger(r['tcp.nxtseq'])) &&
          Array.isArray(r['tcp.analysis.flags']) &&
          (r['tcp.analysis.ack_rtt'] === undefined || typeof r['tcp.analysis.ack_rtt'] === 'number') &&
          (r['tcp.analysis.bytes_in_flight'] === undefined ||
            Number.isInteger(r['tcp.analysis.bytes_in_flight'])) &&
          STATES.has(r['tcp.state.client'] as string) &&
          STATES.has(r['tcp.state.server'] as string) &&
          typeof r['tcp.state.assumed'] === 'boolean' &&
          typeof r['tcp.explain'] === 'string' &&
          (r['tcp.explain'] as string).length > 0 &&
          !(r['tcp.explain'] as string).includes('{')
        if (!ok) problems.push(`${file} #${r['frame.number']}: ${line.slice(0, 300)}`)
      }
    }
    console.log(`${files.length} files, ${failed} unreadable, ${tcpRows} TCP rows checked`)
    expect(problems.slice(0, 20)).toEqual([])
    expect(tcpRows).toBeGreaterThan(100_000)
    expect(failed).toBeLessThan(files.length * 0.1)
  })
})
