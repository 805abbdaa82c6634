import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CAPTURES_DIR, PROJECT_FIXTURES_DIR, requireShared } from '../support/corpus'
import { runOracle } from '../support/oracle'
import { EngineService } from '../../src/main/engine/service/engine-service'
import {
  LADDER_COLUMN_TYPES,
  type LadderColumnName,
  type StreamLadderResponse,
} from '../../src/shared/ipc/contract'
import { stateName } from '../../src/shared/explain/tcp-states'
import { explainText, SeqExplainer } from '../../src/shared/explain'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { writeBigStreamPcap } from './big-stream'

/**
 * stream.ladder against tshark (relative and absolute seq/ack, len, window, TSval/TSecr,
 * tcp.analysis.acks_frame) and against the state machine's names, on the seed fixtures and a few real
 * captures with retransmissions, dup ACKs and several streams.
 */

const VIEWS = {
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  f64: Float64Array,
} as const

function col(r: StreamLadderResponse, name: LadderColumnName): ArrayLike<number> {
  return new VIEWS[LADDER_COLUMN_TYPES[name]](r.columns[name])
}

const PINGPONG = join(PROJECT_FIXTURES_DIR, 'loopback-pingpong.pcap')
const seedFixtures = existsSync(PROJECT_FIXTURES_DIR)
  ? readdirSync(PROJECT_FIXTURES_DIR)
      .filter((n) => /^seed-.*\.pcap$/.test(n))
      .map((n) => join(PROJECT_FIXTURES_DIR, n))
  : []
const REAL = [
  'arkime/wireshark-retrans.pcap',
  'arkime/v6.pcap',
  'arkime/wireshark-smb-on-windows10.pcap',
  'dpkt/http.pcap',
].map((p) => join(CAPTURES_DIR, 'real', p))

const service = new EngineService()
afterAll(() => service.dispose())

async function open(path: string): Promise<number> {
  const r = await service.call('file.open', { path })
  if (!r.ok) throw new Error(r.error)
  await service.whenLoaded(r.value.fileId)
  return r.value.fileId
}

async function ladder(
  fileId: number,
  stream: number,
  start = 0,
  count = 5000,
): Promise<StreamLadderResponse> {
  const r = await service.call('stream.ladder', { fileId, stream, start, count })
  if (!r.ok) throw new Error(r.error)
  return r.value
}

interface TsharkRow {
  frame: number
  stream: number
  seq: number
  ack: number
  seqRaw: number
  ackRaw: number
  len: number
  win: number
  tsval: number
  tsecr: number
  acks: number
}

function tshark(path: string): TsharkRow[] {
  const fields = [
    'frame.number',
    'tcp.stream',
    'tcp.seq',
    'tcp.ack',
    'tcp.seq_raw',
    'tcp.ack_raw',
    'tcp.len',
    'tcp.window_size',
    'tcp.options.timestamp.tsval',
    'tcp.options.timestamp.tsecr',
    'tcp.analysis.acks_frame',
  ]
  const out = runOracle(
    'tshark',
    [
      '-n',
      '-r',
      path,
      '-Y',
      'tcp',
      '-T',
      'fields',
      '-E',
      'occurrence=f',
      ...fields.flatMap((f) => ['-e', f]),
    ],
    path,
  )
  const num = (s: string | undefined): number => (s === undefined || s === '' ? -1 : Number(s))
  return out.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const c = l.split('\t')
      return {
        frame: num(c[0]),
        stream: num(c[1]),
        seq: num(c[2]),
        ack: num(c[3]),
        seqRaw: num(c[4]),
        ackRaw: num(c[5]),
        len: num(c[6]),
        win: num(c[7]),
        tsval: num(c[8]),
        tsecr: num(c[9]),
        acks: num(c[10]),
      }
    })
}

async function compareWithTshark(
  path: string,
): Promise<{ rows: number; acksChecked: number; acksSame: number; differ: string[] }> {
  const fileId = await open(path)
  const convs = await service.call('conv.list', { fileId })
  if (!convs.ok) throw new Error(convs.error)
  const byFrame = new Map(tshark(path).map((r) => [r.frame, r]))
  let rows = 0
  let acksChecked = 0
  let acksSame = 0
  const differ: string[] = []
  for (const conv of convs.value) {
    const l = await ladder(fileId, conv.stream)
    expect(l.total).toBe(conv.packets)
    const frame = col(l, 'frame')
    const cols = {
      seq: col(l, 'seq'),
      ack: col(l, 'ack'),
      seqRaw: col(l, 'seqRaw'),
      ackRaw: col(l, 'ackRaw'),
      len: col(l, 'len'),
      window: col(l, 'window'),
      tsVal: col(l, 'tsVal'),
      tsEcr: col(l, 'tsEcr'),
      acked: col(l, 'ackedFrame'),
      flags: col(l, 'flags'),
    }
    for (let i = 0; i < l.count; i++) {
      const t = byFrame.get(frame[i]!)
      expect(t, `frame ${frame[i]} in tshark's output`).toBeDefined()
      const at = `${path} frame ${frame[i]}`
      expect(t!.stream, at).toBe(conv.stream)
      expect(cols.seq[i], at).toBe(t!.seq)
      expect(cols.seqRaw[i], at).toBe(t!.seqRaw)
      expect(cols.ackRaw[i], at).toBe(t!.ackRaw)
      if (cols.flags[i]! & 0x10) expect(cols.ack[i], at).toBe(t!.ack)
      expect(cols.len[i], at).toBe(t!.len)
      expect(cols.window[i], at).toBe(t!.win)
      expect(cols.tsVal[i], at).toBe(t!.tsval)
      expect(cols.tsEcr[i], at).toBe(t!.tsecr)
      // Where tshark names the acknowledged frame, the ladder's line should go to the same segment
      // (tshark forgets its unacked list on some events, e.g. an out-of-order SYN: counted, not exact).
      if (t!.acks > 0) {
        acksChecked++
        if (cols.acked[i] === t!.acks) acksSame++
        else differ.push(`${at}: ${cols.acked[i]} vs tshark ${t!.acks}`)
      }
      rows++
    }
  }
  await service.call('file.close', { fileId })
  return { rows, acksChecked, acksSame, differ }
}

describe('stream.ladder on the seed-003 ping/pong fixture', () => {
  it('gives the 11 packets, their states, phases, acked segments, TS echoes and explanations', async () => {
    const fileId = await open(PINGPONG)
    const l = await ladder(fileId, 0)
    expect(l.total).toBe(11)
    expect(l.count).toBe(11)
    const states = await service.call('stream.states', { fileId, stream: 0 })
    if (!states.ok) throw new Error(states.error)
    const client = Array.from(col(l, 'client'), (c) => stateName(c))
    const server = Array.from(col(l, 'server'), (c) => stateName(c))
    expect(client).toEqual(states.value.client)
    expect(server).toEqual(states.value.server)
    expect(client[0]).toBe('SYN_SENT')
    expect(client.at(-1)).toBe('TIME_WAIT')
    expect(server.at(-1)).toBe('CLOSED')
    expect(stateName(l.summary.initialClient)).toBe('CLOSED')
    expect(stateName(l.summary.initialServer)).toBe('LISTEN')
    expect(l.phases).toEqual([
      { phase: 'handshake', first: 0, last: 2 },
      { phase: 'data', first: 3, last: 6 },
      { phase: 'teardown', first: 7, last: 10 },
    ])
    expect(Array.from(col(l, 'phase'))).toEqual([0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
    expect(l.summary.closedBy).toBe('client')
    expect(l.summary.closeKind).toBe('fin')
    expect(l.summary.simultaneousClose).toBe(false)
    expect(l.summary.client.port).toBe(42216)
    expect(l.summary.server.port).toBe(1234)
    // Frame 10 (server FIN, ack 6) covers the client's FIN in frame 8 too, though tshark names no frame.
    expect(Array.from(col(l, 'ackedFrame'))).toEqual([0, 1, 2, 2, 4, 4, 6, 6, 8, 8, 10])
    // Each TSecr points back at the peer's packet that first carried that TSval.
    expect(Array.from(col(l, 'tsEchoFrame'))).toEqual([0, 1, 2, 2, 4, 4, 6, 6, 8, 8, 10])
    expect(explainText(l.explain[1]!, 'en')).toContain('ack 2288064557 = client ISN 2288064556 + 1')
    expect(explainText(l.explain[1]!, 'zh-CN')).toContain('ack 2288064557 = 客户端 ISN 2288064556 + 1')
    const time = col(l, 'time')
    expect(time[0]).toBe(0)
    expect(time[10]).toBeCloseTo(2.047198, 6)
    await service.call('file.close', { fileId })
  })

  it('pages: a window equals the same rows of the whole stream, TS echoes found before the window', async () => {
    const fileId = await open(PINGPONG)
    const whole = await ladder(fileId, 0)
    const part = await ladder(fileId, 0, 4, 3)
    expect(part.start).toBe(4)
    expect(part.count).toBe(3)
    for (const name of Object.keys(LADDER_COLUMN_TYPES) as LadderColumnName[])
      expect(Array.from(col(part, name)), name).toEqual(Array.from(col(whole, name)).slice(4, 7))
    expect(part.explain).toEqual(whole.explain.slice(4, 7))
    const past = await ladder(fileId, 0, 50, 10)
    expect(past.count).toBe(0)
    const ov = await service.call('stream.ladder', { fileId, stream: 0, count: 1, overview: true })
    if (!ov.ok) throw new Error(ov.error)
    expect(Array.from(new Uint32Array(ov.value.overview!.frame))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(ov.value.overview!.time).toBeUndefined()
    const withTimes = await service.call('stream.ladder', {
      fileId,
      stream: 0,
      count: 0,
      overview: true,
      times: true,
    })
    if (!withTimes.ok) throw new Error(withTimes.error)
    expect(withTimes.value.count).toBe(0)
    expect(Array.from(new Float64Array(withTimes.value.overview!.time!))).toEqual(
      Array.from(col(whole, 'time')),
    )
    await service.call('file.close', { fileId })
  })

  it('refuses a stream that does not exist and bad arguments', async () => {
    const fileId = await open(PINGPONG)
    const r = await service.call('stream.ladder', { fileId, stream: 1 })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.detail?.code).toBe('out-of-range')
    const bad = await service.handle('stream.ladder', { fileId, stream: 0, count: 1e9 })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.detail?.code).toBe('bad-request')
    await service.call('file.close', { fileId })
  })
})

describe('stream.ladder summaries of the seed fixtures (B1): who closed, how', () => {
  const cases: Array<[string, Partial<StreamLadderResponse['summary']>, string[]]> = [
    [
      'rst-close.pcap',
      { closedBy: 'client', closeKind: 'rst', simultaneousClose: false },
      ['handshake', 'data', 'teardown'],
    ],
    [
      'simultaneous-close.pcap',
      { closedBy: 'client', closeKind: 'fin', simultaneousClose: true },
      ['handshake', 'data', 'teardown'],
    ],
    [
      'half-close.pcap',
      { closedBy: 'client', closeKind: 'fin', simultaneousClose: false },
      ['handshake', 'data', 'teardown'],
    ],
    [
      'seed-002-teardown.pcap',
      { closedBy: 'client', closeKind: 'fin', simultaneousClose: false },
      ['handshake', 'data', 'teardown'],
    ],
  ]
  for (const [name, want, phases] of cases) {
    it(name, async () => {
      const path = join(PROJECT_FIXTURES_DIR, name)
      if (!existsSync(path))
        throw new Error(`${path} is missing (scripts/fixtures/make-seed-fixtures.ts writes it)`)
      const fileId = await open(path)
      const l = await ladder(fileId, 0)
      expect(l.summary).toMatchObject(want)
      expect(l.phases.map((p) => p.phase)).toEqual(phases)
      // Phases tile the stream: contiguous, from the first packet to the last.
      expect(l.phases[0]!.first).toBe(0)
      expect(l.phases.at(-1)!.last).toBe(l.total - 1)
      for (let k = 1; k < l.phases.length; k++) expect(l.phases[k]!.first).toBe(l.phases[k - 1]!.last + 1)
      await service.call('file.close', { fileId })
    })
  }
})

describe('stream.ladder against tshark', () => {
  it('the seed-003 fixture and the seed fixtures', async () => {
    for (const path of [PINGPONG, ...seedFixtures]) {
      const { rows, differ } = await compareWithTshark(path)
      expect(rows, path).toBeGreaterThan(0)
      expect(differ, path).toEqual([])
    }
  })

  it('real captures with retransmissions, dup ACKs, RSTs and several streams', async () => {
    requireShared()
    let rows = 0
    let acks = 0
    let same = 0
    const differ: string[] = []
    for (const path of REAL) {
      const r = await compareWithTshark(path)
      rows += r.rows
      acks += r.acksChecked
      same += r.acksSame
      differ.push(...r.differ)
    }
    console.log(`acked segment = tcp.analysis.acks_frame: ${same}/${acks}\n${differ.join('\n')}`)
    expect(rows).toBeGreaterThan(250)
    expect(acks).toBeGreaterThan(50)
    // Measured: see the log line; the floor keeps it from getting worse.
    expect(same / acks).toBeGreaterThanOrEqual(0.95)
  })
})

describe('stream.ladder on a long stream', () => {
  it('windows deep in the stream (explainer resumed from snapshots, in any order) equal a fresh pass', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wirelite-ladder-')), 'long.pcap')
    writeBigStreamPcap(path, 20_000)
    const fileId = await open(path)
    const t0 = performance.now()
    const first = await ladder(fileId, 0, 0, 500)
    const openMs = performance.now() - t0
    expect(first.total).toBe(20_000)
    const windows = [17_000, 9_000, 4_100, 12_290]
    const got = new Map<number, StreamLadderResponse>()
    for (const w of windows) got.set(w, await ladder(fileId, 0, w, 20))
    // A fresh explainer over the raw columns of the whole stream.
    const all = await ladder(fileId, 0, 0, 5000)
    expect(all.count).toBe(5000)
    const raw = {
      dir: [] as number[],
      flags: [] as number[],
      seq: [] as number[],
      ack: [] as number[],
      len: [] as number[],
    }
    for (let s = 0; s < 20_000; s += 5000) {
      const l = await ladder(fileId, 0, s, 5000)
      raw.dir.push(...Array.from(col(l, 'dir')))
      raw.flags.push(...Array.from(col(l, 'flags')))
      raw.seq.push(...Array.from(col(l, 'seqRaw')))
      raw.ack.push(...Array.from(col(l, 'ackRaw')))
      raw.len.push(...Array.from(col(l, 'len')))
    }
    const x = new SeqExplainer()
    const fresh = raw.dir.map((d, i) => x.explain(d, raw.flags[i]!, raw.seq[i]!, raw.ack[i]!, raw.len[i]!))
    for (const w of windows) expect(got.get(w)!.explain, `window ${w}`).toEqual(fresh.slice(w, w + 20))
    const client = col(all, 'client')
    expect(stateName(client[4999]!)).toBe('ESTABLISHED')
    console.log(`20k-packet stream: first window ${openMs.toFixed(1)} ms`)
    await service.call('file.close', { fileId })
  })
})
