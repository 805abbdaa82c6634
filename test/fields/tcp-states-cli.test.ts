import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main'
import { readCaptureFile } from '../../src/main/engine/readers/read-capture-file'
import { encodePcap } from '../../src/main/engine/writers/pcap-encode'
import { PROJECT_FIXTURES_DIR } from '../support/corpus'
import { runOracle, toolAvailable } from '../support/oracle'

type Row = Record<string, unknown>

async function fields(args: string[]): Promise<{ code: number; rows: Row[]; err: string }> {
  const parts: string[] = []
  const errs: string[] = []
  const sink = (into: string[]): Writable =>
    new Writable({
      write(chunk, _e, cb) {
        into.push(String(chunk))
        cb()
      },
    })
  const code = await main(['fields', ...args], { stdout: sink(parts), stderr: sink(errs) })
  const rows = parts
    .join('')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Row)
  return { code, rows, err: errs.join('') }
}

/**
 * The capture of seed 003 (php ping/pong over loopback): 3-way handshake, "ping" (client → server),
 * "pong" (server → client), then the client closes first and four segments tear the connection down.
 */
const PINGPONG = join(PROJECT_FIXTURES_DIR, 'loopback-pingpong.pcap')

/**
 * Expected endpoint states after each of the 11 packets, from RFC 9293 §3.3.2 with the model documented
 * in src/main/engine/tcp/state/README.md (a captured segment is sent by its source and received by its
 * destination at that moment, so both ends may move on one row):
 *   1 SYN        c→s  client sends SYN: SYN_SENT;     server (LISTEN) receives it: SYN_RECEIVED
 *   2 SYN/ACK    s→c  client receives it (and ACKs): ESTABLISHED
 *   3 ACK        c→s  server's SYN is acknowledged: ESTABLISHED
 *   4-7 ping / ACK / pong / ACK: no change
 *   8 FIN        c→s  client closes: FIN_WAIT_1;     server receives the FIN: CLOSE_WAIT
 *   9 ACK        s→c  the client's FIN is acknowledged: FIN_WAIT_2
 *  10 FIN        s→c  server closes: LAST_ACK;        client receives the FIN (and ACKs): TIME_WAIT
 *  11 ACK        c→s  the server's FIN is acknowledged: CLOSED
 */
const EXPECTED: [string, string][] = [
  ['SYN_SENT', 'SYN_RECEIVED'],
  ['ESTABLISHED', 'SYN_RECEIVED'],
  ['ESTABLISHED', 'ESTABLISHED'],
  ['ESTABLISHED', 'ESTABLISHED'],
  ['ESTABLISHED', 'ESTABLISHED'],
  ['ESTABLISHED', 'ESTABLISHED'],
  ['ESTABLISHED', 'ESTABLISHED'],
  ['FIN_WAIT_1', 'CLOSE_WAIT'],
  ['FIN_WAIT_2', 'CLOSE_WAIT'],
  ['TIME_WAIT', 'LAST_ACK'],
  ['TIME_WAIT', 'CLOSED'],
]

/** Consecutive distinct values. */
function lane(xs: string[]): string[] {
  return xs.filter((x, i) => i === 0 || xs[i - 1] !== x)
}

describe('wirelite fields: tcp.state.* and tcp.explain', () => {
  it('follows the seed-003 connection through every state of both endpoints', async () => {
    const { code, rows } = await fields([PINGPONG])
    expect(code).toBe(0)
    expect(rows).toHaveLength(11)
    expect(rows.map((r) => [r['tcp.state.client'], r['tcp.state.server']])).toEqual(EXPECTED)
    // The lanes the seed draws (before the first packet: client CLOSED, server LISTEN).
    expect(lane(['CLOSED', ...rows.map((r) => r['tcp.state.client'] as string)])).toEqual([
      'CLOSED',
      'SYN_SENT',
      'ESTABLISHED',
      'FIN_WAIT_1',
      'FIN_WAIT_2',
      'TIME_WAIT',
    ])
    expect(lane(['LISTEN', ...rows.map((r) => r['tcp.state.server'] as string)])).toEqual([
      'LISTEN',
      'SYN_RECEIVED',
      'ESTABLISHED',
      'CLOSE_WAIT',
      'LAST_ACK',
      'CLOSED',
    ])
    for (const r of rows) {
      expect(r['tcp.state.assumed']).toBe(false) // the SYN was captured: nothing is assumed
      expect(r['tcp.stream']).toBe(0)
      expect(r['tcp.analysis.flags']).toEqual([])
    }
  })

  it('explains the seq/ack arithmetic per packet, in English or Chinese', async () => {
    const en = (await fields([PINGPONG])).rows
    const zh = (await fields(['--lang', 'zh', PINGPONG])).rows
    const isn = String(en[0]!['tcp.seq_raw'])
    const serverIsn = String(en[1]!['tcp.seq_raw'])
    // SYN: the client's ISN, and the next number the peer will acknowledge (ISN + 1).
    expect(en[0]!['tcp.explain']).toContain(isn)
    expect(en[0]!['tcp.explain']).toContain(String(Number(isn) + 1))
    // SYN/ACK: acknowledges client ISN + 1, announces the server ISN.
    expect(en[1]!['tcp.explain']).toContain(String(Number(isn) + 1))
    expect(en[1]!['tcp.explain']).toContain(serverIsn)
    // "ping": relative 1:5, 4 bytes; its ACK acknowledges 5.
    expect(en[3]!['tcp.explain']).toMatch(/\b1:5\b/)
    expect(en[3]!['tcp.explain']).toContain('4 bytes')
    expect(en[4]!['tcp.explain']).toMatch(/\back 5\b/)
    // Both FINs: "FIN uses one sequence number", so the ACK after it is FIN seq + 1 = 6.
    expect(en[7]!['tcp.explain']).toMatch(/FIN/)
    expect(en[8]!['tcp.explain']).toMatch(/\back 6\b/)
    for (let i = 0; i < en.length; i++) {
      expect(typeof en[i]!['tcp.explain']).toBe('string')
      expect((en[i]!['tcp.explain'] as string).length).toBeGreaterThan(10)
      expect(zh[i]!['tcp.explain']).toMatch(/[\u4e00-\u9fff]/)
      expect(zh[i]!['tcp.explain']).not.toBe(en[i]!['tcp.explain'])
      // Everything but the explanation is the same in both languages.
      expect({ ...zh[i], 'tcp.explain': '' }).toEqual({ ...en[i], 'tcp.explain': '' })
    }
    expect(zh[0]!['tcp.explain']).toContain(isn)
  })

  it('marks states assumed when the capture starts mid-connection', async () => {
    // The same connection without its handshake (frames 4-11).
    const frames: { tsSec: number; tsNsec: number; data: Uint8Array }[] = []
    await readCaptureFile(PINGPONG, (rec) => {
      if (rec.number >= 4) frames.push({ tsSec: rec.tsSec, tsNsec: rec.tsNsec, data: rec.data.slice() })
    })
    const dir = mkdtempSync(join(tmpdir(), 'wirelite-fields-states-'))
    const cut = join(dir, 'mid.pcap')
    writeFileSync(cut, encodePcap({ linkType: 1, nano: true }, frames))
    const { code, rows } = await fields([cut])
    expect(code).toBe(0)
    expect(rows).toHaveLength(8)
    expect(rows[0]).toMatchObject({
      'tcp.state.client': 'ESTABLISHED',
      'tcp.state.server': 'ESTABLISHED',
      'tcp.state.assumed': true,
    })
    // Relative numbers restart at 1 without a SYN (as tshark): "ping" is 1:5 again.
    expect(rows[0]!['tcp.seq']).toBe(1)
    expect(rows[0]!['tcp.nxtseq']).toBe(5)
  })

  it('-c COUNT analyses only those frames, as tshark -c does', async () => {
    const all = (await fields([PINGPONG])).rows
    const first = (await fields(['-c', '9', PINGPONG])).rows
    expect(first).toEqual(all.slice(0, 9))
    if (!toolAvailable('tshark')) throw new Error('tshark is not installed')
    const t = runOracle(
      'tshark',
      [
        '-n',
        '-r',
        PINGPONG,
        '-c',
        '9',
        '-T',
        'fields',
        '-e',
        'tcp.seq',
        '-e',
        'tcp.ack',
        '-e',
        'tcp.nxtseq',
        '-e',
        'tcp.analysis.bytes_in_flight',
      ],
      PINGPONG,
    )
    const theirs = t.stdout.split('\n').filter((l) => l.length > 0)
    expect(theirs).toHaveLength(9)
    const ours = first.map((r) =>
      [r['tcp.seq'], r['tcp.ack'], r['tcp.nxtseq'], r['tcp.analysis.bytes_in_flight'] ?? ''].join('\t'),
    )
    expect(ours).toEqual(theirs)
  })

  it('rejects an unknown --lang', async () => {
    expect((await fields(['--lang', 'fr', PINGPONG])).code).toBe(2)
  })

  it('reads standard input (copied to a temporary file for the two passes)', () => {
    const root = resolve(__dirname, '../..')
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/entry.ts', 'fields', '-'], {
      cwd: root,
      input: readFileSync(PINGPONG),
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(r.status).toBe(0)
    const rows = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Row)
    expect(rows.map((x) => [x['tcp.state.client'], x['tcp.state.server']])).toEqual(EXPECTED)
  })
})
