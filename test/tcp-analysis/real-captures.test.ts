import { describe, expect, it } from 'vitest'
import { corpusFiles, requireShared } from '../support/corpus'
import { toolAvailable } from '../support/oracle'
import { compareFile, newResult, NUMBER_FIELDS, report } from './tshark-compare'

// tcp.stream / seq / ack / len / nxtseq and tcp.analysis.* against tshark 4.0 on captures/real + fixtures.
describe('TCP analysis vs tshark: captures/real and project fixtures', () => {
  it('matches tshark frame by frame', { timeout: 600_000 }, async () => {
    requireShared()
    expect(toolAvailable('tshark'), 'tshark must be installed').toBe(true)
    const only = process.env.TCP_COMPARE_FILTER
    const files = corpusFiles().filter((f) => !f.includes('/tcpdump-tests/') && (!only || f.includes(only)))
    const res = newResult()
    for (const f of files) await compareFile(f, res, f.replace(/.*\/(captures|fixtures)\//, ''))
    console.log(report(res, 'real + fixtures'))
    if (!only) expect(res.framesCompared).toBeGreaterThan(1000)
    for (const f of NUMBER_FIELDS) {
      const st = res.fields.get(f)!
      expect(st.same, `${f}: ${st.mismatches.slice(0, 5).join('; ')}`).toBe(st.total)
    }
    const fl = res.fields.get('tcp.analysis.flags')!
    expect(fl.same / fl.total).toBeGreaterThanOrEqual(0.99)
  })
})
