/**
 * `wirelite follow` end to end: every format is identical to tshark's for a few streams with both
 * directions, out-of-order data and gaps; `--out` writes exactly the bytes of one direction; bad
 * arguments give one-line errors.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main'
import { CAPTURES_DIR, requireShared } from '../support/corpus'
import { runOracle } from '../support/oracle'

class Sink extends Writable {
  text = ''
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString('latin1')
    cb()
  }
}

async function wirelite(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Sink()
  const stderr = new Sink()
  const code = await main(args, { stdout, stderr })
  return { code, stdout: stdout.text, stderr: stderr.text }
}

function tshark(file: string, z: string): string {
  return runOracle('tshark', ['-r', file, '-q', '-z', z], file).stdout
}

/** One direction's bytes from tshark's raw output (node 1 lines start with a tab). */
function rawDirection(raw: string, server: boolean): Buffer {
  const lines = raw.split('\n')
  const start = lines.findIndex((l) => l.startsWith('Node 1: ')) + 1
  const parts: Buffer[] = []
  for (const l of lines.slice(start)) {
    if (l.startsWith('=====')) break
    if (l.startsWith('\t') === server) parts.push(Buffer.from(l.replace('\t', ''), 'hex'))
  }
  return Buffer.concat(parts)
}

const CASES: Array<[string, number]> = [
  ['real/arkime/mysql-deny.pcap', 0], // both directions
  ['real/filesamples/200722_tcp_anon.pcapng', 1], // many segments, long text
]

describe('wirelite follow', () => {
  requireShared()
  for (const [rel, stream] of CASES) {
    const file = join(CAPTURES_DIR, rel)
    for (const format of ['ascii', 'hex', 'raw'] as const) {
      it(`${rel} stream ${stream} --format ${format} equals tshark -z follow,tcp,${format}`, async () => {
        const r = await wirelite(['follow', file, '--stream', String(stream), '--format', format])
        expect(r.code).toBe(0)
        expect(r.stdout).toBe(tshark(file, `follow,tcp,${format},${stream}`))
      })
    }
    it(`${rel} stream ${stream} --out with --dir client/server writes each side's exact bytes`, async () => {
      const raw = tshark(file, `follow,tcp,raw,${stream}`)
      const dir = mkdtempSync(join(tmpdir(), 'wirelite-follow-cli-'))
      for (const side of ['client', 'server'] as const) {
        const out = join(dir, `${side}.bin`)
        const r = await wirelite(['follow', file, '--stream', String(stream), '--dir', side, '--out', out])
        expect(r.code).toBe(0)
        expect(r.stdout).toBe('')
        expect(readFileSync(out).equals(rawDirection(raw, side === 'server'))).toBe(true)
      }
    })
  }

  it('--dir server prints only the server chunks', async () => {
    const file = join(CAPTURES_DIR, 'real/arkime/mysql-deny.pcap')
    const r = await wirelite(['follow', file, '--stream', '0', '--format', 'raw', '--dir', 'server'])
    const body = r.stdout.split('Node 1: ')[1]!.split('\n').slice(1, -2)
    expect(body.length).toBeGreaterThan(0)
    expect(body.every((l) => l.startsWith('\t'))).toBe(true)
  })

  it('--json lists chunks with direction, frames, seq range and flags', async () => {
    const file = join(CAPTURES_DIR, 'real/arkime/mysql-deny.pcap')
    const r = await wirelite(['follow', file, '--stream', '0', '--json'])
    const j = JSON.parse(r.stdout) as {
      chunks: Array<{
        dir: string
        firstFrame: number
        seq: number
        endSeq: number
        length: number
        flags: string[]
      }>
    }
    expect(j.chunks.map((c) => c.dir)).toEqual(['server', 'client', 'server'])
    for (const c of j.chunks) expect((c.endSeq - c.seq) >>> 0).toBe(c.length)
    expect(j.chunks[0]!.seq).toBe(1)
  })

  it('explains bad arguments in one line', async () => {
    const file = join(CAPTURES_DIR, 'real/arkime/mysql-deny.pcap')
    expect(await wirelite(['follow', file])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--stream N is required/),
    })
    expect(await wirelite(['follow', file, '--stream', '7'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/no stream 7/),
    })
    expect(await wirelite(['follow', file, '--stream', '0', '--format', 'ebcdic'])).toMatchObject({ code: 2 })
    expect(await wirelite(['follow', file, '--stream', 'x'])).toMatchObject({ code: 2 })
  })
})
