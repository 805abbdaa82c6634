import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  buildSeedFixtures,
  SEED000_CLIENT,
  SEED000_SERVER,
  SEED002_CLIENT,
  seed002Server,
} from '../../scripts/fixtures/seed-fixtures'
import { requireShared } from '../support/corpus'
import { runOracle } from '../support/oracle'
import { FIXTURES, seedPackets, splitPackets, stripTs, wirelite } from './seed-text'

// Every time below is printed in UTC (tcpdump runs with TZ=UTC in the oracle; Node reads TZ at each use).
process.env.TZ = 'UTC'

const fixture = (name: string): string => join(FIXTURES, name)

describe('seed fixtures (scripts/fixtures/seed-fixtures.ts)', () => {
  it('the committed files are exactly what the builders produce', () => {
    for (const [name, bytes] of buildSeedFixtures())
      expect(Buffer.from(readFileSync(fixture(name))).equals(Buffer.from(bytes)), name).toBe(true)
  })

  it('seed 003: wirelite read -S -nn -vvv prints the seed lines (times aside; checksums see below)', async () => {
    requireShared()
    const seed = seedPackets('003_eab473a57d695121.txt')
    expect(seed).toHaveLength(11)
    const r = await wirelite(['read', '-S', '-nn', '-vvv', fixture('seed-003-pingpong.pcap')])
    expect(r.status).toBe(0)
    const ours = splitPackets(r.stdout).map(stripTs)
    const mask = (s: string): string => s.replace(/cksum 0x[0-9a-f]{4}/, 'cksum 0x----')
    expect(ours.map(mask)).toEqual(seed.map(mask))
  })

  it('seed 003: every checksum differs from the seed by one constant (the seed edited its addresses)', async () => {
    requireShared()
    // The TCP checksum covers the addresses (pseudo-header), the header and the payload. A difference
    // that is the same for all 11 segments, both directions, data included, can only come from the
    // addresses: every other byte of each segment is the seed's.
    const seed = seedPackets('003_eab473a57d695121.txt')
    const r = await wirelite(['read', '-S', '-nn', '-v', fixture('seed-003-pingpong.pcap')])
    const ours = splitPackets(r.stdout)
    const ck = (s: string): number => parseInt(/cksum 0x([0-9a-f]{4}) \(correct\)/.exec(s)![1]!, 16)
    const deltas = new Set(
      ours.map((p, i) => ((~ck(seed[i]!) & 0xffff) - (~ck(p) & 0xffff) + 0xffff) % 0xffff),
    )
    expect([...deltas]).toEqual([0x442f])
  })

  it('seed 002: wirelite read -nn -v prints the seed lines, checksums equal on every header-only segment', async () => {
    requireShared()
    const seed = seedPackets('002_833b3bea5979c0fe.txt')
    // The first code block is the handshake; the data and teardown blocks follow.
    const all = seedPackets('002_833b3bea5979c0fe.txt', { allBlocks: true })
    expect(seed).toHaveLength(3)
    expect(all).toHaveLength(24)
    const server = seed002Server().join('.')
    const named = all.map((p) =>
      p
        .replaceAll('client-ip', SEED002_CLIENT.join('.'))
        .replaceAll('server-ip', server)
        .replaceAll('ddi-tcp-1', '8888'),
    )
    const r = await wirelite(['read', '-nn', '-v', fixture('seed-002-teardown.pcap')])
    const ours = splitPackets(r.stdout).map(stripTs)
    expect(ours).toHaveLength(24)
    let exact = 0
    for (let i = 0; i < 24; i++) {
      if (/length 0$/.test(named[i]!)) {
        expect(ours[i], `packet ${i + 1}`).toBe(named[i])
        exact++
      } else {
        // The seed does not show the payloads, so a data segment's checksum cannot be the seed's.
        const mask = (s: string): string => s.replace(/cksum 0x[0-9a-f]{4}/, 'cksum 0x----')
        expect(mask(ours[i]!), `packet ${i + 1}`).toBe(mask(named[i]!))
      }
    }
    expect(exact).toBe(17)
  })

  it('seed 000: wirelite read -nn prints the seed lines (relative numbers, names as addresses)', async () => {
    requireShared()
    const seed = seedPackets('000_ca911a5c643974d3.txt').map((p) =>
      p.replaceAll('localhost', SEED000_CLIENT.join('.')).replaceAll('bogon', SEED000_SERVER.join('.')),
    )
    expect(seed).toHaveLength(11)
    const r = await wirelite(['read', '-nn', fixture('seed-000-http.pcap')])
    expect(splitPackets(r.stdout).map(stripTs)).toEqual(seed)
  })

  const NEW = buildSeedFixtures().map(([name]) => name)
  for (const flags of [[], ['-S'], ['-v'], ['-vv', '-S']]) {
    it(`tcpdump -nn ${flags.join(' ')} -r FILE equals wirelite read on every seed fixture`, async () => {
      for (const name of NEW) {
        const file = fixture(name)
        const td = runOracle('tcpdump', ['-nn', ...flags, '-r', file], file)
        expect(td.status, `${name}: ${td.stderr}`).toBe(0)
        const ours = await wirelite(['read', '-nn', ...flags, file])
        expect(ours.stdout, name).toBe(td.stdout)
      }
    })
  }
})

interface StateJsonRow {
  frame: number
  client: string
  server: string
}

async function states(name: string): Promise<StateJsonRow[]> {
  const r = await wirelite(['states', '--json', fixture(name)])
  expect(r.status, r.stderr).toBe(0)
  return JSON.parse(r.stdout) as StateJsonRow[]
}

/** The states of one side after each packet, consecutive repeats collapsed. */
function path(rows: StateJsonRow[], side: 'client' | 'server'): string[] {
  const out: string[] = []
  for (const r of rows) if (out[out.length - 1] !== r[side]) out.push(r[side])
  return out
}

describe('engine states on the seed fixtures (wirelite states --json)', () => {
  it('seed 003 (client closes first): client … FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT; server … CLOSE_WAIT, LAST_ACK, CLOSED', async () => {
    const rows = await states('seed-003-pingpong.pcap')
    expect(rows).toHaveLength(11)
    expect(path(rows, 'client')).toEqual(['SYN_SENT', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'TIME_WAIT'])
    expect(path(rows, 'server')).toEqual(['SYN_RECEIVED', 'ESTABLISHED', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSED'])
    expect(rows.map((r) => r.client)[7]).toBe('FIN_WAIT_1') // frame 8, the client's FIN
  })

  it('seed 002 (3-packet teardown F. / F. / .): client TIME_WAIT straight from FIN_WAIT_1, server CLOSED', async () => {
    const rows = await states('seed-002-teardown.pcap')
    expect(rows).toHaveLength(24)
    const last3 = rows.slice(-3).map((r) => [r.frame, r.client, r.server])
    expect(last3).toEqual([
      [22, 'FIN_WAIT_1', 'CLOSE_WAIT'],
      [23, 'TIME_WAIT', 'LAST_ACK'],
      [24, 'TIME_WAIT', 'CLOSED'],
    ])
  })

  it('seed 000 (the server closes first with FP.): server TIME_WAIT, client CLOSED', async () => {
    const rows = await states('seed-000-http.pcap')
    expect(path(rows, 'server')).toEqual([
      'SYN_RECEIVED',
      'ESTABLISHED',
      'FIN_WAIT_1',
      'FIN_WAIT_2',
      'TIME_WAIT',
    ])
    expect(path(rows, 'client')).toEqual(['SYN_SENT', 'ESTABLISHED', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSED'])
  })

  it('simultaneous close: both sides FIN_WAIT_1 → CLOSING → TIME_WAIT', async () => {
    const rows = await states('simultaneous-close.pcap')
    expect(path(rows, 'client').slice(-3)).toEqual(['FIN_WAIT_1', 'CLOSING', 'TIME_WAIT'])
    // The server "receives" the client's FIN first (capture-point model), then its own FIN shows it had
    // not seen it (its ack does not cover it): reconciled to CLOSING, then TIME_WAIT.
    expect(path(rows, 'server').slice(-2)).toEqual(['CLOSING', 'TIME_WAIT'])
    expect(rows[rows.length - 1]).toMatchObject({ client: 'TIME_WAIT', server: 'TIME_WAIT' })
  })

  it('RST: both sides CLOSED on the reset', async () => {
    const rows = await states('rst-close.pcap')
    expect(rows[rows.length - 1]).toMatchObject({ frame: 7, client: 'CLOSED', server: 'CLOSED' })
    expect(rows[rows.length - 2]).toMatchObject({ client: 'ESTABLISHED', server: 'ESTABLISHED' })
  })

  it('half-close: data flows to the client in FIN_WAIT_2 / server CLOSE_WAIT, then TIME_WAIT / CLOSED', async () => {
    const rows = await states('half-close.pcap')
    const during = rows.filter((r) => r.frame >= 6 && r.frame <= 12)
    expect(during.every((r) => r.client === 'FIN_WAIT_2' && r.server === 'CLOSE_WAIT')).toBe(true)
    expect(rows[rows.length - 1]).toMatchObject({ client: 'TIME_WAIT', server: 'CLOSED' })
  })
})
