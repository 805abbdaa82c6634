import { beforeAll, describe, expect, it } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { corpusFiles, requireShared } from '../support/corpus'

/**
 * End to end: the built CLI (out/cli/wirelite.mjs, what users run) as a real process on a sample of the
 * corpus, so exit codes, stdout/stderr plumbing and the process entry's own error handling are covered.
 * The in-process corpus tests (corpus-cli-*.test.ts) cover every file through main().
 */
const ROOT = resolve(__dirname, '../..')
const CLI = join(ROOT, 'out/cli/wirelite.mjs')
const LIMIT_MS = 20_000

beforeAll(() => {
  if (!existsSync(CLI)) {
    const b = spawnSync(process.execPath, [join(ROOT, 'scripts/build-node.mjs')], {
      cwd: ROOT,
      encoding: 'utf8',
    })
    if (b.status !== 0) throw new Error(`building the CLI failed: ${b.stderr}`)
  }
})

function run(
  args: string[],
): Promise<{ code: number | null; signal: string | null; stderr: string; ms: number }> {
  return new Promise((res) => {
    const t0 = Date.now()
    const c = spawn(process.execPath, [CLI, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: LIMIT_MS,
      killSignal: 'SIGKILL',
    })
    let stderr = ''
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    c.on('close', (code, signal) => res({ code, signal, stderr, ms: Date.now() - t0 }))
  })
}

describe('built CLI on a corpus sample', () => {
  it('exit 0, or 1 with one clean line; never a signal, a stack or an internal error', async () => {
    requireShared()
    const all = corpusFiles()
    // ~20 files spread over the sorted corpus (tcpdump-tests incl. CVE files, and real captures)
    const sample = all.filter((_, i) => i % Math.ceil(all.length / 20) === 0)
    expect(sample.length).toBeGreaterThanOrEqual(18)
    const bad: string[] = []
    for (const f of sample) {
      for (const args of [
        ['read', '-v', f],
        ['conv', f],
        ['states', f],
        ['follow', f, '--stream', '0'],
      ]) {
        const r = await run(args)
        const errLines = r.stderr.split('\n').filter(Boolean)
        const ok =
          r.signal === null &&
          (r.code === 0 || (r.code === 1 && errLines.length === 1)) &&
          errLines.every((l) => l.startsWith('wirelite:')) &&
          !/internal error|\n\s+at /.test(r.stderr)
        // follow on a file without TCP: "has no TCP conversation to follow" (exit 1) is the clean answer
        if (!ok)
          bad.push(
            `${args.join(' ')} -> code ${r.code} signal ${r.signal} ${r.ms} ms: ${r.stderr.slice(0, 300)}`,
          )
      }
    }
    expect(bad).toEqual([])
  }, 240_000)
})
