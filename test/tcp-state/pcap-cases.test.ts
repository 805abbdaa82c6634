import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main'
import { buildIndex } from '../../src/main/engine/index'
import { analyzeTcp } from '../../src/main/engine/tcp'
import { captureExplanations, computeCaptureStates } from '../../src/main/engine/tcp/state'
import { stateName, STATE_NONE } from '../../src/shared/explain'
import { buildPcap, type FrameSpec } from './tcp-frames'

/*
 * The rare cases (simultaneous open / close, RST in every state, refused, retransmitted SYN/FIN,
 * mid-connection start) as pcaps written by this test, read back through the whole engine:
 * reader → decoder → index → analyzeTcp (streams) → state machine → `wirelite states`.
 */

const dir = mkdtempSync(join(tmpdir(), 'wl-tcp-state-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function writeCase(name: string, frames: FrameSpec[]): string {
  const p = join(dir, `${name}.pcap`)
  writeFileSync(p, buildPcap(frames))
  return p
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const sink = (f: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        f(chunk.toString())
        cb()
      },
    })
  const code = await main(args, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) })
  return { code, out, err }
}

interface JsonRow {
  frame: number
  stream: number
  client: string
  server: string
  clientAssumed: boolean
  serverAssumed: boolean
  reason: string | null
  reasons: { client: string | null; server: string | null }
  transitions: { side: string; from: string; to: string; reason: string }[]
  explain: string
  seq: number
  ack: number | null
  flags: string
}

async function statesJson(file: string, extra: string[] = []): Promise<JsonRow[]> {
  const r = await cli(['states', file, '--json', ...extra])
  expect(r.err).toBe('')
  expect(r.code).toBe(0)
  return JSON.parse(r.out) as JsonRow[]
}

const pair = (r: JsonRow): string =>
  `${r.client}${r.clientAssumed ? '?' : ''}/${r.server}${r.serverAssumed ? '?' : ''}`

const C = 1000
const V = 5000

describe('hand-built pcaps through the engine', () => {
  it('simultaneous open then simultaneous close', async () => {
    const file = writeCase('simultaneous', [
      { dir: 'c>s', flags: 'S', seq: C },
      { dir: 's>c', flags: 'S', seq: V },
      { dir: 'c>s', flags: 'S.', seq: C, ack: V + 1 },
      { dir: 's>c', flags: 'S.', seq: V, ack: C + 1 },
      { dir: 'c>s', flags: 'P.', seq: C + 1, ack: V + 1, len: 10 },
      { dir: 's>c', flags: '.', seq: V + 1, ack: C + 11 },
      { dir: 'c>s', flags: 'F.', seq: C + 11, ack: V + 1 },
      { dir: 's>c', flags: 'F.', seq: V + 1, ack: C + 11 },
      { dir: 'c>s', flags: '.', seq: C + 12, ack: V + 2 },
      { dir: 's>c', flags: '.', seq: V + 2, ack: C + 12 },
    ])
    const rows = await statesJson(file)
    expect(rows.map((r) => r.frame)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(rows.every((r) => r.stream === 0)).toBe(true)
    expect(rows.map(pair)).toEqual([
      'SYN_SENT/SYN_RECEIVED',
      'SYN_RECEIVED/SYN_RECEIVED',
      'SYN_RECEIVED/ESTABLISHED',
      'ESTABLISHED/ESTABLISHED',
      'ESTABLISHED/ESTABLISHED',
      'ESTABLISHED/ESTABLISHED',
      'FIN_WAIT_1/CLOSE_WAIT',
      'CLOSING/CLOSING',
      'CLOSING/TIME_WAIT',
      'TIME_WAIT/TIME_WAIT',
    ])
    expect(rows[1]!.reasons).toEqual({ client: 'sim_open', server: 'sim_open' })
    expect(rows[7]!.transitions).toEqual([
      { side: 'server', from: 'CLOSE_WAIT', to: 'CLOSING', reason: 'sim_close_send' },
      { side: 'client', from: 'FIN_WAIT_1', to: 'CLOSING', reason: 'sim_close_rcv' },
    ])
    expect(rows[7]!.reason).toContain('simultaneous close')
    // The per-row capture columns used by `fields` agree with the CLI.
    const index = await buildIndex(file)
    const an = analyzeTcp(index)
    const cs = computeCaptureStates(index, an)
    expect(Array.from(cs.client, stateName)).toEqual(rows.map((r) => r.client))
    expect(Array.from(cs.server, stateName)).toEqual(rows.map((r) => r.server))
    expect(captureExplanations(index, an)).toEqual(rows.map((r) => r.explain))
  })

  // Prefixes that put the connection in a given state (client/server), continued by an RST.
  const established: FrameSpec[] = [
    { dir: 'c>s', flags: 'S', seq: C },
    { dir: 's>c', flags: 'S.', seq: V, ack: C + 1 },
    { dir: 'c>s', flags: '.', seq: C + 1, ack: V + 1 },
    { dir: 'c>s', flags: 'P.', seq: C + 1, ack: V + 1, len: 20 },
    { dir: 's>c', flags: 'P.', seq: V + 1, ack: C + 21, len: 30 },
    { dir: 'c>s', flags: '.', seq: C + 21, ack: V + 31 },
  ]
  const cF = C + 21
  const vF = V + 31
  const prefixes: { state: string; frames: FrameSpec[]; nextC: number; nextV: number }[] = [
    { state: 'SYN_SENT/SYN_RECEIVED', frames: established.slice(0, 1), nextC: C + 1, nextV: V + 1 },
    { state: 'ESTABLISHED/SYN_RECEIVED', frames: established.slice(0, 2), nextC: C + 1, nextV: V + 1 },
    { state: 'ESTABLISHED/ESTABLISHED', frames: established, nextC: cF, nextV: vF },
    {
      state: 'FIN_WAIT_1/CLOSE_WAIT',
      frames: [...established, { dir: 'c>s', flags: 'F.', seq: cF, ack: vF }],
      nextC: cF + 1,
      nextV: vF,
    },
    {
      state: 'FIN_WAIT_2/CLOSE_WAIT',
      frames: [
        ...established,
        { dir: 'c>s', flags: 'F.', seq: cF, ack: vF },
        { dir: 's>c', flags: '.', seq: vF, ack: cF + 1 },
      ],
      nextC: cF + 1,
      nextV: vF,
    },
    {
      state: 'CLOSING/CLOSING',
      frames: [
        ...established,
        { dir: 'c>s', flags: 'F.', seq: cF, ack: vF },
        { dir: 's>c', flags: 'F.', seq: vF, ack: cF },
      ],
      nextC: cF + 1,
      nextV: vF + 1,
    },
    {
      state: 'TIME_WAIT/LAST_ACK',
      frames: [
        ...established,
        { dir: 'c>s', flags: 'F.', seq: cF, ack: vF },
        { dir: 's>c', flags: 'F.', seq: vF, ack: cF + 1 },
      ],
      nextC: cF + 1,
      nextV: vF + 1,
    },
    {
      state: 'LAST_ACK/TIME_WAIT',
      frames: [
        ...established,
        { dir: 's>c', flags: 'F.', seq: vF, ack: cF },
        { dir: 'c>s', flags: 'F.', seq: cF, ack: vF + 1 },
      ],
      nextC: cF + 1,
      nextV: vF + 1,
    },
  ]

  it('RST in every state, from either side (one pcap, one stream per case)', async () => {
    const frames: FrameSpec[] = []
    const cases: { state: string; from: 'client' | 'server'; lastFrame: number; expected: string }[] = []
    let port = 41000
    for (const p of prefixes) {
      for (const from of ['client', 'server'] as const) {
        port++
        for (const f of p.frames) frames.push({ ...f, port })
        frames.push(
          from === 'client'
            ? { dir: 'c>s', flags: 'R', seq: p.nextC, port }
            : { dir: 's>c', flags: 'R.', seq: p.nextV, ack: p.nextC, port },
        )
        // A passive SYN_RECEIVED server that receives an RST returns to LISTEN (RFC 9293 3.10.7.4).
        const serverBefore = p.state.split('/')[1]
        const expected =
          from === 'client' && serverBefore === 'SYN_RECEIVED' ? 'CLOSED/LISTEN' : 'CLOSED/CLOSED'
        cases.push({ state: p.state, from, lastFrame: frames.length, expected })
      }
    }
    const file = writeCase('rst-every-state', frames)
    const rows = await statesJson(file)
    expect(new Set(rows.map((r) => r.stream)).size).toBe(cases.length)
    const byFrame = new Map(rows.map((r) => [r.frame, r]))
    const seen: string[] = []
    const want: string[] = []
    for (const c of cases) {
      const before = byFrame.get(c.lastFrame - 1)!
      const after = byFrame.get(c.lastFrame)!
      seen.push(`${c.state} RST from ${c.from}: ${pair(before)} -> ${pair(after)}`)
      want.push(`${c.state} RST from ${c.from}: ${c.state} -> ${c.expected}`)
      expect(after.stream).toBe(before.stream)
    }
    expect(seen).toEqual(want)
  })

  it('refused connection with a retried SYN, retransmitted FIN, 3-packet close, mid-stream start', async () => {
    const frames: FrameSpec[] = [
      // stream 0: refused twice
      { dir: 'c>s', flags: 'S', seq: C, port: 42001 },
      { dir: 's>c', flags: 'R.', seq: 0, ack: C + 1, port: 42001 },
      // stream 1: retransmitted SYN, 3-packet close with a retransmitted FIN
      { dir: 'c>s', flags: 'S', seq: C, port: 42002 },
      { dir: 'c>s', flags: 'S', seq: C, port: 42002, ms: 1000 },
      { dir: 's>c', flags: 'S.', seq: V, ack: C + 1, port: 42002, ms: 1001 },
      { dir: 'c>s', flags: '.', seq: C + 1, ack: V + 1, port: 42002, ms: 1002 },
      { dir: 'c>s', flags: 'F.', seq: C + 1, ack: V + 1, port: 42002, ms: 1003 },
      { dir: 'c>s', flags: 'F.', seq: C + 1, ack: V + 1, port: 42002, ms: 1210 },
      { dir: 's>c', flags: 'F.', seq: V + 1, ack: C + 2, port: 42002, ms: 1211 },
      { dir: 'c>s', flags: '.', seq: C + 2, ack: V + 2, port: 42002, ms: 1212 },
      // stream 2: the capture starts mid-connection
      { dir: 'c>s', flags: 'P.', seq: 77_000, ack: 99_000, len: 5, port: 42003, ms: 2000 },
      { dir: 's>c', flags: '.', seq: 99_000, ack: 77_005, port: 42003, ms: 2001 },
    ]
    const file = writeCase('misc', frames)
    const rows = await statesJson(file)
    expect(
      rows.map((r) => `${r.stream} ${pair(r)} ${r.reasons.client ?? '-'} ${r.reasons.server ?? '-'}`),
    ).toEqual([
      '0 SYN_SENT/SYN_RECEIVED send_syn rcv_syn',
      '0 CLOSED/CLOSED refused_rcv refused_send',
      '1 SYN_SENT/SYN_RECEIVED send_syn rcv_syn',
      '1 SYN_SENT/SYN_RECEIVED retrans_syn -',
      '1 ESTABLISHED/SYN_RECEIVED rcv_synack -',
      '1 ESTABLISHED/ESTABLISHED - rcv_ack_of_syn',
      '1 FIN_WAIT_1/CLOSE_WAIT send_fin rcv_fin',
      '1 FIN_WAIT_1/CLOSE_WAIT retrans_fin retrans_fin',
      '1 TIME_WAIT/LAST_ACK rcv_fin_ack send_fin_passive',
      '1 TIME_WAIT/CLOSED - last_ack_acked',
      '2 ESTABLISHED?/ESTABLISHED? midstream midstream',
      '2 ESTABLISHED?/ESTABLISHED? - -',
    ])
    expect(rows[1]!.explain).toContain('connection refused')
    expect(rows[7]!.explain).toBe('FIN retransmitted (seq 1): the earlier FIN was not acknowledged')
    expect(rows[10]!.explain).toBe(
      'seq 1:6 carries 5 bytes; the server will ack 6; ack 1: every server byte before 1 has been received',
    )

    // --stream selects one stream; --lang zh translates reasons and explanations.
    const zh = await statesJson(file, ['--stream', '1', '--lang', 'zh'])
    expect(zh).toHaveLength(8)
    expect(zh[0]!.reason).toBe('客户端：发送 SYN（主动打开）；服务器：收到 SYN，并回复 SYN/ACK（被动打开）')
    expect(zh[6]!.explain).toContain('FIN 占用一个序号')
  })

  it('text table and ladder', async () => {
    const file = writeCase('ladder', [
      { dir: 'c>s', flags: 'S', seq: C },
      { dir: 's>c', flags: 'S.', seq: V, ack: C + 1 },
      { dir: 'c>s', flags: '.', seq: C + 1, ack: V + 1 },
      { dir: 'c>s', flags: 'P.', seq: C + 1, ack: V + 1, len: 6 },
      { dir: 's>c', flags: '.', seq: V + 1, ack: C + 7 },
      { dir: 'c>s', flags: 'F.', seq: C + 7, ack: V + 1 },
      { dir: 's>c', flags: 'F.', seq: V + 1, ack: C + 8 },
      { dir: 'c>s', flags: '.', seq: C + 8, ack: V + 2 },
    ])
    const table = await cli(['states', file])
    expect(table.code).toBe(0)
    const lines = table.out.split('\n')
    expect(lines[0]).toBe('stream 0: client 10.0.0.1:40000 ⇄ server 10.0.0.2:80')
    expect(lines[1]).toMatch(/^frame\s+time\s+dir\s+flags\s+seq\s+ack\s+len\s+client\s+server\s+explanation$/)
    expect(lines[5]).toMatch(
      /^\s+4\s+0\.003000\s+->\s+\[P\.\]\s+1:7\s+1\s+6\s+ESTABLISHED\s+ESTABLISHED\s+seq 1:7 carries 6 bytes; the server will ack 7$/,
    )
    expect(lines[8]).toMatch(
      /<-\s+\[F\.\]\s+1\s+8\s+0\s+TIME_WAIT\s+LAST_ACK\s+FIN uses one sequence number \(seq 1\): the reply acks 2; ack 8 = client FIN seq 7 \+ 1/,
    )

    const ladder = await cli(['states', file, '--stream', '0', '--ladder'])
    expect(ladder.code).toBe(0)
    const l = ladder.out.split('\n')
    expect(l[1]).toMatch(/^\s+client 10\.0\.0\.1:40000\s+server 10\.0\.0\.2:80$/)
    expect(l[2]).toMatch(/^\s+CLOSED\s+LISTEN$/)
    expect(l[3]).toMatch(/^#1\s+0\.000000 SYN_SENT\s+-- \[S\] seq 0 \(ISN 1000\) -+>\s+SYN_RECEIVED$/)
    expect(l[5]).toMatch(
      /^#2\s+0\.001000 ESTABLISHED\s+<-+ \[S\.\] seq 0 \(ISN 5000\) ack 1 --\s+SYN_RECEIVED$/,
    )
    expect(ladder.out).toContain('client: received FIN+ACK that also acknowledges its FIN (3-packet close)')
    expect(ladder.out).toMatch(/#8\s+0\.007000 TIME_WAIT\s+-- \[\.\] seq 8 ack 2 -+>\s+CLOSED/)
  })

  it('errors: missing stream, bad options, unreadable file', async () => {
    const file = writeCase('one', [{ dir: 'c>s', flags: 'S', seq: C }])
    const r = await cli(['states', file, '--stream', '3'])
    expect(r.code).toBe(1)
    expect(r.err).toBe('wirelite: no TCP stream 3 in this capture (1 streams: 0..0)\n')
    expect((await cli(['states', file, '--lang', 'fr'])).code).toBe(2)
    expect((await cli(['states'])).code).toBe(2)
    const missing = await cli(['states', join(dir, 'nope.pcap')])
    expect(missing.code).toBe(1)
    expect(missing.err).toMatch(/^wirelite: .*nope\.pcap/)
    expect(missing.err).not.toContain('internal error')
    // Non-TCP rows get STATE_NONE in the capture columns.
    const index = await buildIndex(file)
    expect(computeCaptureStates(index, analyzeTcp(index)).client[0]).not.toBe(STATE_NONE)
  })
})
