import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main'
import { PROJECT_FIXTURES_DIR, SHARED_DIR, requireShared } from '../support/corpus'
import { EngineService } from '../../src/main/engine/service/engine-service'
import type { StreamLadderResponse } from '../../src/shared/ipc/contract'
import {
  displayWidth,
  formatStreamTable,
  type StreamTableColumns,
} from '../../src/shared/explain/stream-table'

/**
 * The seed-style table printed from the seed-003 fixture equals the tables the seed itself draws under
 * "过程简化如下" (one per phase: handshake, data, teardown), read from the seed file.
 */

const service = new EngineService()
afterAll(() => service.dispose())

async function ladderOf(path: string): Promise<StreamLadderResponse> {
  const o = await service.call('file.open', { path })
  if (!o.ok) throw new Error(o.error)
  await service.whenLoaded(o.value.fileId)
  const r = await service.call('stream.ladder', { fileId: o.value.fileId, stream: 0, count: 5000 })
  if (!r.ok) throw new Error(r.error)
  return r.value
}

function columns(l: StreamLadderResponse, from = 0, to = l.count): StreamTableColumns {
  const u = (
    name: keyof StreamLadderResponse['columns'],
    T: Uint8ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor,
  ) => new T(l.columns[name]).subarray(from, to)
  return {
    count: to - from,
    dir: u('dir', Uint8Array),
    flags: u('flags', Uint16Array),
    // The seeds copy tcpdump -S: absolute numbers.
    seq: u('seqRaw', Uint32Array),
    ack: u('ackRaw', Uint32Array),
    len: u('len', Uint32Array),
    client: u('client', Uint8Array),
    server: u('server', Uint8Array),
    phase: u('phase', Uint8Array),
  }
}

/** The seed's "Client … Server" code blocks, trailing spaces trimmed. */
function seedTables(name: string): string[] {
  const text = readFileSync(join(SHARED_DIR, 'seeds', name), 'utf8')
  return [...text.matchAll(/```sh\n(Client +Server\n[\s\S]*?)```/g)].map(
    (m) =>
      m[1]!
        .split('\n')
        .map((l) => l.trimEnd())
        .join('\n')
        .trimEnd() + '\n',
  )
}

describe('seed-style stream table', () => {
  it("prints seed 003's three tables from the seed-003 fixture, phase by phase", async () => {
    requireShared()
    const tables = seedTables('003_eab473a57d695121.txt')
    expect(tables).toHaveLength(3)
    const l = await ladderOf(join(PROJECT_FIXTURES_DIR, 'seed-003-pingpong.pcap'))
    expect(l.phases.map((p) => p.phase)).toEqual(['handshake', 'data', 'teardown'])
    l.phases.forEach((p, k) => {
      expect(formatStreamTable(columns(l, p.first, p.last + 1)), p.phase).toBe(tables[k])
    })
  })

  it('with flags, states and phase headings (en and zh-CN): columns stay aligned', async () => {
    const l = await ladderOf(join(PROJECT_FIXTURES_DIR, 'seed-003-pingpong.pcap'))
    for (const lang of ['en', 'zh-CN'] as const) {
      const text = formatStreamTable(columns(l), {
        lang,
        flags: true,
        states: true,
        phases: true,
        initialClient: l.summary.initialClient,
        initialServer: l.summary.initialServer,
      })
      const lines = text.trimEnd().split('\n')
      const packetLines = lines.filter((s) => /seq = /.test(s))
      expect(packetLines).toHaveLength(11)
      // Server packets start at the server column; the states column starts at one place on every line.
      const serverCol = displayWidth(lines[0]!.slice(0, lines[0]!.search(/Server|服务器/)))
      const stateCol = (s: string): number =>
        displayWidth(s.slice(0, s.search(/[A-Z][A-Z_0-9]{5,}\??(\s|$)/)))
      const cols = new Set(packetLines.map(stateCol))
      expect(cols.size).toBe(1)
      for (const s of packetLines.filter((x) => x.startsWith(' ')))
        expect(displayWidth(s.slice(0, s.search(/\S/)))).toBe(serverCol)
      expect(lines[1]!.trim()).toMatch(/^CLOSED\s+LISTEN$/)
      expect(packetLines[0]).toMatch(/^\[S\] seq = 2099912037\s+SYN_SENT\s+SYN_RECEIVED$/)
      expect(packetLines[10]).toMatch(/TIME_WAIT\s+CLOSED$/)
      const headings = lines.filter((s) => s.startsWith('-- '))
      expect(headings).toEqual(
        lang === 'en'
          ? ['-- three-way handshake --', '-- data transfer --', '-- teardown (four-way wave) --']
          : ['-- 三次握手 --', '-- 数据传输 --', '-- 四次挥手 --'],
      )
    }
  })
})

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const sink = (f: (s: string) => void): Writable =>
    new Writable({
      write(chunk, _enc, cb) {
        f(String(chunk))
        cb()
      },
    })
  const code = await main(args, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) })
  return { code, out, err }
}

describe('wirelite states --table', () => {
  it('prints the same table as the stream view export, and every packet of the seed fixtures', async () => {
    const path = join(PROJECT_FIXTURES_DIR, 'seed-003-pingpong.pcap')
    const r = await cli(['states', path, '--table'])
    expect(r.code).toBe(0)
    const l = await ladderOf(path)
    const expected = formatStreamTable(columns(l), {
      flags: true,
      states: true,
      phases: true,
      initialClient: l.summary.initialClient,
      initialServer: l.summary.initialServer,
    })
    expect(r.out).toBe(`stream 0: client 117.25.25.144:12896 ⇄ server 172.17.0.9:1234\n${expected}`)
    const teardown = await cli([
      'states',
      join(PROJECT_FIXTURES_DIR, 'seed-002-teardown.pcap'),
      '--table',
      '--lang',
      'zh',
    ])
    expect(teardown.code).toBe(0)
    expect(teardown.out).toContain('-- 四次挥手 --')
    expect(teardown.out.trimEnd().split('\n').at(-1)).toMatch(
      /^\[\.\] seq = 2518143453 ack = 2606895025\s+TIME_WAIT\s+CLOSED$/,
    )
    expect((await cli(['states', path, '--table', '--json'])).code).toBe(2)
  })
})
