import { basename } from 'node:path'
import { describe, expect, it } from 'vitest'
import { corpusFiles, requireShared } from '../support/corpus'
import { toolAvailable } from '../support/oracle'
import { compareFile, newResult, NUMBER_FIELDS, report } from './tshark-compare'

// tcp.stream / seq / ack / len / nxtseq and tcp.analysis.* against tshark 4.0 on captures/tcpdump-tests
// whose names start with m–z (the corpus is split in two files to keep each under a few minutes cold).
describe('TCP analysis vs tshark: tcpdump-tests m–z', () => {
  it('matches tshark frame by frame', { timeout: 900_000 }, async () => {
    requireShared()
    expect(toolAvailable('tshark'), 'tshark must be installed').toBe(true)
    const only = process.env.TCP_COMPARE_FILTER
    const files = corpusFiles({ includeFixtures: false }).filter(
      (f) => f.includes('/tcpdump-tests/') && /^[^0-9a-l]/i.test(basename(f)) && (!only || f.includes(only)),
    )
    const res = newResult()
    for (const f of files) await compareFile(f, res, f.replace(/.*\/captures\//, ''))
    console.log(report(res, 'tcpdump-tests m–z'))
    for (const f of NUMBER_FIELDS) {
      const st = res.fields.get(f)!
      expect(st.same, `${f}: ${st.mismatches.slice(0, 5).join('; ')}`).toBe(st.total)
    }
    const fl = res.fields.get('tcp.analysis.flags')!
    expect(fl.same / Math.max(1, fl.total)).toBeGreaterThanOrEqual(0.99)
  })
})
