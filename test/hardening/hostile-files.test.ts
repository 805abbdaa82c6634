import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { encodeFrames, conversationFrames, recordOffsets, type Container } from './support/hostile'
import { runCli, judge } from './support/pipeline'

/**
 * Files a user may open by mistake or while they are still being written. Every command must answer with
 * what it can show and one clean `wirelite: …` line, never a crash.
 */
let dir = ''
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wirelite-hostile-'))
  chmodSync(dir, 0o755) // user nobody must reach the files in the permission test
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const ROOT = resolve(__dirname, '../..')
const CLI = join(ROOT, 'out/cli/wirelite.mjs')
const lines = (s: string): string[] => s.split('\n').filter((l) => l !== '')

async function readOut(path: string): Promise<{ code: number; out: string[]; err: string[] }> {
  const { CaptureStream } = await import('./support/pipeline')
  const { main } = await import('../../src/cli/main')
  const stdout = new CaptureStream()
  const stderr = new CaptureStream()
  const code = await main(['read', '-tt', path], { stdout, stderr })
  return { code, out: lines(stdout.text), err: lines(stderr.text) }
}

describe('a capture still being written (ends mid-record)', () => {
  for (const container of ['pcap', 'pcapng'] as Container[]) {
    it(`${container}: every complete packet is printed, the tail is reported, re-reading picks up the rest`, async () => {
      const full = encodeFrames(container, conversationFrames())
      const path = join(dir, `growing.${container}`)
      writeFileSync(path, full)
      const whole = await readOut(path)
      expect(whole.code).toBe(0)
      const recs = recordOffsets(container, full)
      // pcap: records are packets. pcapng: SHB and 2 IDBs come first.
      const firstPacket = container === 'pcap' ? 0 : 3
      expect(whole.out.length).toBe(recs.length - firstPacket)
      const starts = recs.slice(firstPacket)
      // Cut inside the last three records at every byte, and on each record boundary.
      const from = starts[starts.length - 3]!
      for (let cut = from; cut < full.length; cut += 1) {
        writeFileSync(path, full.subarray(0, cut))
        const complete = starts.filter((_, i) => (starts[i + 1] ?? full.length) <= cut).length
        const r = await readOut(path)
        expect(r.out, `cut at ${cut}`).toEqual(whole.out.slice(0, complete))
        if (starts.includes(cut)) {
          expect(r.code, `cut at boundary ${cut}`).toBe(0)
          expect(r.err).toEqual([])
        } else {
          expect(r.code, `cut at ${cut}`).toBe(1)
          expect(r.err.length).toBe(1)
          expect(r.err[0]).toMatch(/^wirelite: .*(cut short|truncated|ends in the middle|incomplete)/i)
        }
        // The other commands show what is complete and never fail on the tail.
        for (const argv of [
          ['conv', path],
          ['states', path],
          ['fields', path],
        ]) {
          const o = await runCli(argv)
          expect(judge(o), `${argv[0]} cut at ${cut}`).toBeNull()
          expect(o.code).toBe(0)
        }
      }
      // The writer appends the rest: opening again shows every packet.
      writeFileSync(path, full.subarray(0, from + 5))
      appendFileSync(path, full.subarray(from + 5))
      expect((await readOut(path)).out).toEqual(whole.out)
    }, 120_000)
  }
})

describe('not a capture at all', () => {
  const cases: Array<[string, (p: string) => void, RegExp]> = [
    ['empty file', (p) => writeFileSync(p, ''), /empty/],
    ['directory', (p) => mkdirSync(p), /directory/],
    ['text file', (p) => writeFileSync(p, 'hello, this is not a capture\n'), /not a pcap or pcapng/],
    [
      'an ELF binary',
      (p) => writeFileSync(p, Buffer.from('7f454c4602010100000000000000000003003e00', 'hex')),
      /not a pcap or pcapng/,
    ],
    [
      'a PNG',
      (p) => writeFileSync(p, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')),
      /not a pcap or pcapng/,
    ],
    ['3 bytes', (p) => writeFileSync(p, Buffer.from('d4c3b2', 'hex')), /./],
    ['missing file', () => {}, /no such file/],
  ]
  for (const [name, make, msg] of cases) {
    it(`${name}: read, read -v, fields, conv, states say so in one line`, async () => {
      const path = join(dir, name.replace(/\W+/g, '-'))
      make(path)
      for (const cmd of [['read'], ['read', '-v'], ['fields'], ['conv'], ['conv', '--json'], ['states']]) {
        const o = await runCli([...cmd, path])
        expect(judge(o), `${cmd.join(' ')} on ${name}: ${o.stderr}`).toBeNull()
        if (name === '3 bytes' && o.code === 0) continue // a 3-byte file may count as a cut-short header
        expect(o.code, `${cmd.join(' ')} on ${name}`).toBe(1)
        expect(o.stderr).toMatch(msg)
        expect(o.stderr.startsWith(`wirelite: ${path}`) || o.stderr.startsWith('wirelite: ')).toBe(true)
      }
    })
  }

  // Was a bug (follow let CaptureOpenError escape as "internal error", exit 70); the dispatcher now maps
  // it for every command.
  it('follow on an empty file: one clean line, exit 1', async () => {
    const path = join(dir, 'empty-for-follow.pcap')
    writeFileSync(path, '')
    const o = await runCli(['follow', path, '--stream', '0'])
    expect(judge(o)).toBeNull()
    expect(o.code).toBe(1)
  })
})

describe('no permission to read', () => {
  it('mode 000: permission denied in one line (as user nobody when the tests run as root)', async () => {
    const path = join(dir, 'no-permission.pcap')
    writeFileSync(path, encodeFrames('pcap', conversationFrames()))
    chmodSync(path, 0o000)
    if (process.getuid?.() !== 0) {
      const o = await runCli(['read', path])
      expect(o.code).toBe(1)
      expect(o.stderr).toMatch(/^wirelite: .*permission denied.*\n$/)
      return
    }
    // root reads any file regardless of mode, so the check runs the built CLI as nobody.
    expect(existsSync(CLI), `${CLI} missing: run node scripts/build-node.mjs`).toBe(true)
    for (const cmd of ['read', 'fields', 'conv', 'states']) {
      const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, CLI, cmd, path], {
        encoding: 'utf8',
      })
      expect(r.error).toBeUndefined()
      expect(r.status, `${cmd}: ${r.stderr}`).toBe(1)
      expect(r.stderr).toMatch(/^wirelite: .*permission denied.*\n$/)
    }
  })
})

describe('input that cannot be read twice', () => {
  it('follow on a FIFO finishes with a message instead of waiting for a second writer', async () => {
    const fifo = join(dir, 'capture.fifo')
    spawnSync('mkfifo', [fifo])
    const bytes = encodeFrames('pcap', conversationFrames())
    // A writer that feeds the FIFO once, as `tcpdump -w fifo` would; the read side is wirelite.
    const writer = spawn('sh', ['-c', `cat > '${fifo}'`], { stdio: ['pipe', 'ignore', 'ignore'] })
    writer.stdin.end(Buffer.from(bytes))
    const o = await runCli(['follow', fifo, '--stream', '0'])
    expect(o.stderr).toMatch(/not a regular file/)
    expect(o.stderr.split('\n').filter(Boolean)).toHaveLength(1)
    expect(o.code).not.toBe(0)
  }, 30_000)
})
