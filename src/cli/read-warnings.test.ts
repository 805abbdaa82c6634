import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from './main'

// A real capture (the seed-003 ping/pong on loopback) cut in the middle of its last record: the tables
// still cover the complete packets, and each command says on stderr that the file ended early.
const fixture = resolve(__dirname, '../../test/fixtures/loopback-pingpong.pcap')
const dir = mkdtempSync(join(tmpdir(), 'wirelite-partial-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough()
  const err = new PassThrough()
  const chunks: [Buffer[], Buffer[]] = [[], []]
  out.on('data', (b: Buffer) => chunks[0].push(b))
  err.on('data', (b: Buffer) => chunks[1].push(b))
  const code = await main(argv, { stdout: out, stderr: err })
  return { code, stdout: Buffer.concat(chunks[0]).toString(), stderr: Buffer.concat(chunks[1]).toString() }
}

describe('tables from a capture that ends mid-record', () => {
  const bytes = readFileSync(fixture)
  const cut = join(dir, 'cut.pcap')
  writeFileSync(cut, bytes.subarray(0, bytes.length - 10))

  for (const argv of [['conv'], ['states'], ['follow', '--stream', '0'], ['fields']]) {
    it(`${argv[0]} prints what was read and warns once on stderr`, async () => {
      const whole = await run([...argv, fixture])
      expect(whole.stderr).toBe('')
      const r = await run([...argv, cut])
      expect(r.code).toBe(0)
      expect(r.stdout.length).toBeGreaterThan(0)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(/^wirelite: warning: .*cut short/)
    })
  }
})
