// Runs one command and measures its wall time, CPU time (user + sys) and peak resident memory.
// CPU time matters on a shared machine: wall time then includes waiting for a core, CPU time does not.
// Peak RSS comes from GNU time (`/usr/bin/time -f %M`, exact) when installed, else from polling the
// child's VmHWM in /proc (a high-water mark, so polling misses at most the last few milliseconds).
import { spawn } from 'node:child_process'
import { existsSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const GNU_TIME = '/usr/bin/time'

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ stdout?: 'ignore' | 'capture' | string, cwd?: string, env?: NodeJS.ProcessEnv }} [opts]
 *   stdout: 'ignore' sends it to /dev/null (like `> /dev/null`), 'capture' returns it, a path writes it there.
 * @returns {Promise<{ wallS: number, cpuS: number | null, peakRssKB: number | null, code: number | null, stdout: string, stderr: string }>}
 */
export function measure(cmd, args, opts = {}) {
  const useTime = existsSync(GNU_TIME)
  const timeOut = join(tmpdir(), `wirelite-bench-time-${process.pid}-${Date.now()}.txt`)
  const argv = useTime ? [GNU_TIME, '-f', '%M %U %S', '-o', timeOut, cmd, ...args] : [cmd, ...args]
  const mode = opts.stdout ?? 'ignore'
  const fd = mode !== 'ignore' && mode !== 'capture' ? openSync(mode, 'w') : null
  const stdio = ['ignore', mode === 'ignore' ? 'ignore' : mode === 'capture' ? 'pipe' : fd, 'pipe']

  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint()
    const child = spawn(argv[0], argv.slice(1), { stdio, cwd: opts.cwd, env: opts.env ?? process.env })
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    let polledKB = 0
    const poll = useTime
      ? null
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
            if (m) polledKB = Math.max(polledKB, Number(m[1]))
          } catch {
            /* exited between polls */
          }
        }, 20)
    child.on('close', (code) => {
      const wallS = Number(process.hrtime.bigint() - t0) / 1e9
      if (poll) clearInterval(poll)
      if (fd !== null) closeSync(fd)
      let peakRssKB = polledKB || null
      let cpuS = null
      if (useTime) {
        try {
          // GNU time writes "Command exited with non-zero status N" before the values on failure.
          const lines = readFileSync(timeOut, 'utf8').trim().split('\n')
          const [rss, user, sys] = lines[lines.length - 1].split(' ').map(Number)
          peakRssKB = rss || null
          cpuS = Number.isFinite(user + sys) ? user + sys : null
        } catch {
          peakRssKB = null
        }
        rmSync(timeOut, { force: true })
      }
      resolve({ wallS, cpuS, peakRssKB, code, stdout, stderr })
    })
  })
}

/** Median of the given runs' wall times (and the max RSS), for `--repeat`. */
export async function measureRepeated(n, cmd, args, opts) {
  const runs = []
  for (let i = 0; i < n; i++) runs.push(await measure(cmd, args, opts))
  const sorted = [...runs].sort((a, b) => a.wallS - b.wallS)
  const median = sorted[Math.floor((sorted.length - 1) / 2)]
  return { ...median, peakRssKB: Math.max(...runs.map((r) => r.peakRssKB ?? 0)) || null, runs: runs.length }
}
