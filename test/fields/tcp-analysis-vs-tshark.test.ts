import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main'
import { buildIndex } from '../../src/main/engine/index'
import { analyzeTcp, TCP_ANALYSIS_FLAG_NAMES, tcpFieldValues } from '../../src/main/engine/tcp'
import { corpusFiles, requireShared } from '../support/corpus'
import { toolAvailable } from '../support/oracle'
import { NUMBER_FIELDS, OTHER_FIELDS, tsharkFields } from '../tcp-analysis/tshark-compare'

/**
 * The TCP analysis keys `wirelite fields` prints, checked on the CLI surface (NDJSON parsed back) against
 * `tshark -T fields` on captures/real (the same tshark call as test/tcp-analysis, so its cached output is
 * shared), and against the engine's own tcpFieldValues (the CLI must print exactly what the engine
 * computed: any tshark mismatch then belongs to the engine, whose tests list them).
 */
const NUMBERS = ['tcp.stream', 'tcp.seq', 'tcp.ack', 'tcp.nxtseq'] as const
const VALUES = [
  'tcp.window_size',
  'tcp.analysis.ack_rtt',
  'tcp.analysis.initial_rtt',
  'tcp.analysis.bytes_in_flight',
  'tcp.analysis.acks_frame',
  'tcp.analysis.duplicate_ack_num',
  'tcp.analysis.duplicate_ack_frame',
] as const
const ALL = [...NUMBERS, ...VALUES, 'tcp.analysis.flags'] as const
/** Column of each field in tsharkFields() lines. */
const COLUMN = new Map<string, number>(
  ['frame.number', ...NUMBER_FIELDS, ...OTHER_FIELDS].map((f, i) => [f, i] as [string, number]),
)
const FLAGS_AT = 1 + NUMBER_FIELDS.length + OTHER_FIELDS.length

type Row = Record<string, unknown>

async function cliRows(file: string): Promise<Row[] | null> {
  const parts: string[] = []
  const out = new Writable({
    write(chunk, _e, cb) {
      parts.push(String(chunk))
      cb()
    },
  })
  const err = new Writable({ write: (_c, _e, cb) => cb() })
  const code = await main(['fields', file], { stdout: out, stderr: err })
  if (code !== 0) return null
  return parts
    .join('')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Row)
}

/** A value as tshark prints it, for comparison: numbers compared as numbers (ack_rtt "0.000123000"). */
function same(field: string, ours: unknown, theirs: string): boolean {
  if (theirs === '') return ours === undefined
  if (ours === undefined) return false
  if (field === 'tcp.analysis.flags') return false // compared separately
  return typeof ours === 'number' && ours === Number(theirs)
}

interface Stat {
  same: number
  total: number
  bad: string[]
}

describe('wirelite fields: TCP analysis keys vs tshark (captures/real)', () => {
  it(
    'prints the values tshark shows, and exactly what the engine computed',
    { timeout: 600_000 },
    async () => {
      requireShared()
      expect(toolAvailable('tshark'), 'tshark must be installed').toBe(true)
      const files = corpusFiles({ includeFixtures: true }).filter((f) => !f.includes('/tcpdump-tests/'))
      const vsTshark = new Map<string, Stat>(ALL.map((f) => [f, { same: 0, total: 0, bad: [] }]))
      const vsEngine: string[] = []
      let framesCompared = 0
      let filesWithTcp = 0
      const renumbered: string[] = []
      for (const file of files) {
        const name = file.replace(/.*\/(captures|fixtures)\//, '')
        const rows = await cliRows(file)
        if (rows === null || !rows.some((r) => r['tcp.stream'] !== undefined)) continue
        filesWithTcp++

        // 1. CLI = engine, key by key, on every row.
        const index = await buildIndex(file, { verifyChecksums: false })
        const an = analyzeTcp(index)
        expect(rows.length, name).toBe(index.count)
        for (let row = 0; row < rows.length; row++) {
          const ch = index.chunks[Math.floor(row / 65536)]!
          const v = tcpFieldValues(index, an, row, ch.payloadLen[row - ch.firstRow]!) as Record<
            string,
            unknown
          >
          const r = rows[row]!
          for (const f of ALL) {
            let want = v[f]
            if (f === 'tcp.analysis.flags') want = an.stream[row]! >= 0 ? (want ?? []) : undefined
            else if (typeof want === 'string') want = Number(want) // ack_rtt / initial_rtt text
            if (JSON.stringify(r[f]) !== JSON.stringify(want))
              vsEngine.push(
                `${name} #${row + 1} ${f}: engine=${JSON.stringify(want)} cli=${JSON.stringify(r[f])}`,
              )
          }
        }

        // 2. CLI = tshark on frames where both see TCP.
        const lines = tsharkFields(file)
        if (lines.length > rows.length) continue // tshark numbers non-packet blocks: frames misaligned
        const isOurs = (row: number): boolean => rows[row]?.['tcp.stream'] !== undefined
        // tshark also opens streams for TCP we do not decode (tunnels, ICMP errors): then compare the
        // stream ids densely renumbered over the frames both see as TCP (as test/tcp-analysis does).
        const tsOnly = lines.some((c) => (c[1] ?? '') !== '' && !isOurs(Number(c[0]) - 1))
        const tsMap = new Map<string, number>()
        const ourMap = new Map<unknown, number>()
        if (tsOnly) renumbered.push(name)
        for (const c of lines) {
          const row = Number(c[0]) - 1
          if ((c[1] ?? '') === '' || !isOurs(row)) continue
          framesCompared++
          const r = rows[row]!
          if (tsOnly) {
            if (!tsMap.has(c[1]!)) tsMap.set(c[1]!, tsMap.size)
            if (!ourMap.has(r['tcp.stream'])) ourMap.set(r['tcp.stream'], ourMap.size)
          }
          for (const f of [...NUMBERS, ...VALUES]) {
            const st = vsTshark.get(f)!
            st.total++
            let theirs = c[COLUMN.get(f)!] ?? ''
            let ours = r[f]
            if (f === 'tcp.stream' && tsOnly) {
              theirs = String(tsMap.get(theirs))
              ours = ourMap.get(ours)
            }
            if (same(f, ours, theirs)) st.same++
            else st.bad.push(`${name} #${row + 1} ${f}: tshark=${theirs || '∅'} ours=${JSON.stringify(ours)}`)
          }
          const tf = TCP_ANALYSIS_FLAG_NAMES.filter((_, i) => (c[FLAGS_AT + i] ?? '') !== '').join(',')
          const of = ((r['tcp.analysis.flags'] as string[] | undefined) ?? []).join(',')
          const st = vsTshark.get('tcp.analysis.flags')!
          st.total++
          if (tf === of) st.same++
          else st.bad.push(`${name} #${row + 1} flags: tshark=[${tf}] ours=[${of}]`)
        }
      }
      const report = [
        `== fields TCP keys vs tshark: ${filesWithTcp} files with TCP, ${framesCompared} frames`,
      ]
      if (renumbered.length) report.push(`   tcp.stream renumbered densely in: ${renumbered.join(', ')}`)
      for (const [f, st] of vsTshark) {
        report.push(
          `${f.padEnd(34)} ${st.same} identical of ${st.total} (${((100 * st.same) / st.total).toFixed(3)} %)`,
        )
        for (const b of st.bad.slice(0, 20)) report.push('    ' + b)
        if (st.bad.length > 20) report.push(`    … ${st.bad.length - 20} more`)
      }
      report.push(
        `CLI vs engine: ${vsEngine.length} differences`,
        ...vsEngine.slice(0, 20).map((s) => '    ' + s),
      )
      console.log(report.join('\n'))

      expect(framesCompared).toBeGreaterThan(1000)
      expect(vsEngine, 'the CLI prints what the engine computed').toEqual([])
      for (const f of NUMBERS) {
        const st = vsTshark.get(f)!
        expect(st.bad, f).toEqual([])
      }
      for (const f of VALUES) {
        const st = vsTshark.get(f)!
        expect(st.same / st.total, `${f}: ${st.bad.slice(0, 5).join('; ')}`).toBeGreaterThanOrEqual(
          THRESHOLD[f],
        )
      }
      const fl = vsTshark.get('tcp.analysis.flags')!
      expect(fl.same / fl.total).toBeGreaterThanOrEqual(0.99)
    },
  )
})

/**
 * Floors just under the engine's measured ratios on this corpus (19:33 UTC, 129935 frames). The engine's
 * known differences are its own (CLI = engine is required to be exact above): one row of
 * real/suricata-verify/tcp-empty-sack__tcp-opt.pcap (#24: acks_frame / ack_rtt / initial_rtt shown by us,
 * not by tshark).
 */
const THRESHOLD: Record<(typeof VALUES)[number], number> = {
  'tcp.window_size': 1, // exact since the index keeps window-scale options of non-SYN segments (nmap probes)
  'tcp.analysis.ack_rtt': 0.99999,
  'tcp.analysis.initial_rtt': 0.99999,
  'tcp.analysis.bytes_in_flight': 1,
  'tcp.analysis.acks_frame': 0.99999,
  'tcp.analysis.duplicate_ack_num': 1,
  'tcp.analysis.duplicate_ack_frame': 1,
}
