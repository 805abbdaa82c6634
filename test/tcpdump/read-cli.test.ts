import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CAPTURES_DIR, requireShared } from '../support/corpus'
import { sameTcpText } from './conformance-lib'
import { isTcpPacketText, runTcpdumpPackets, splitNumbered } from './tcpdump-oracle'

/** The real `wirelite read` process (from source via tsx) against tcpdump on a few files. */
const ROOT = resolve(__dirname, '../..')
const TSX = join(ROOT, 'node_modules/.bin/tsx')

function wirelite(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(TSX, ['src/cli/entry.ts', 'read', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC' },
    maxBuffer: 1 << 28,
    timeout: 60_000,
  })
  return { stdout: r.stdout, stderr: r.stderr, status: r.status }
}

const FILES = [
  'real/arkime/mysql-deny.pcap',
  'real/filesamples/simple_http_sll2.pcap',
  'real/arkime/v6.pcap',
  'tcpdump-tests/mptcp-v1.pcap',
]

describe('wirelite read (spawned CLI)', () => {
  for (const [rel, flags] of [
    [FILES[0], ['-S', '-ttt']],
    [FILES[1], ['-v']],
    [FILES[2], []],
    [FILES[3], ['-tttt']],
  ] as Array<[string, string[]]>) {
    it(`${rel} ${flags.join(' ')}: TCP packets identical to tcpdump`, { timeout: 90_000 }, () => {
      requireShared()
      const file = join(CAPTURES_DIR, rel)
      const td = runTcpdumpPackets(file, flags)
      const ours = wirelite([...flags, file])
      expect(ours.status).toBe(0)
      // Our output numbered the same way as the oracle's, so -v continuation lines group the same.
      const lines = ours.stdout.split('\n').filter((l) => l !== '')
      let n = 0
      const numbered = lines
        .map((l) => (/^ {4}\S/.test(l) && flags.includes('-v') ? l : `${String(++n).padStart(5)}  ${l}`))
        .join('\n')
      const packets = splitNumbered(numbered)
      expect(packets.length).toBe(td.packets.length)
      let tcp = 0
      td.packets.forEach((p, i) => {
        if (!isTcpPacketText(p, flags.includes('-v'))) return
        tcp++
        expect(sameTcpText(p, packets[i]!), `frame ${i + 1}\n tcpdump: ${p}\n ours:    ${packets[i]}`).toBe(
          true,
        )
      })
      expect(tcp).toBeGreaterThan(5)
    })
  }

  it('-c COUNT stops early and --count prints the packet count', { timeout: 60_000 }, () => {
    requireShared()
    const file = join(CAPTURES_DIR, FILES[2]!)
    const five = wirelite(['-c', '5', file])
    expect(five.status).toBe(0)
    expect(five.stdout.trimEnd().split('\n')).toHaveLength(5)
    const count = wirelite(['--count', file])
    expect(count.status).toBe(0)
    expect(count.stdout).toBe(`${runTcpdumpPackets(file, []).packets.length}\n`)
  })

  it('unreadable input: one-line message and a non-zero exit', { timeout: 60_000 }, () => {
    requireShared()
    const missing = wirelite([join(CAPTURES_DIR, 'no-such-file.pcap')])
    expect(missing.status).not.toBe(0)
    expect(missing.stdout).toBe('')
    expect(
      missing.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('wirelite:')),
    ).toHaveLength(1)
    const text = wirelite([join(CAPTURES_DIR, 'real/INDEX.tsv')])
    expect(text.status).not.toBe(0)
    expect(text.stderr).toMatch(/^wirelite: .*not a pcap or pcapng/m)
    const usage = wirelite(['-x', join(CAPTURES_DIR, FILES[0]!)])
    expect(usage.status).toBe(2)
  })
})
