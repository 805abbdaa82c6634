import { spawnSync, execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * Runs the reference tools (tcpdump, tshark) and caches their output under .cache/oracle, keyed by the
 * tool's version, the arguments and the input file's size+mtime. The expected output is always produced
 * by the installed tool: nothing here is hand-written.
 */
const CACHE_DIR = resolve(__dirname, '../../.cache/oracle')
const versions = new Map<string, string | null>()

export function toolVersion(tool: 'tcpdump' | 'tshark'): string | null {
  if (!versions.has(tool)) {
    try {
      const out = execFileSync(tool, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      versions.set(tool, out.split('\n')[0]!.trim())
    } catch {
      versions.set(tool, null)
    }
  }
  return versions.get(tool)!
}

export function toolAvailable(tool: 'tcpdump' | 'tshark'): boolean {
  return toolVersion(tool) !== null
}

export interface OracleResult {
  stdout: string
  stderr: string
  status: number | null
}

/** Run `tool args...` (args may mention `file`), with TZ=UTC, caching the result. */
export function runOracle(
  tool: 'tcpdump' | 'tshark',
  args: string[],
  file: string,
  timeoutMs = 120_000,
): OracleResult {
  const version = toolVersion(tool)
  if (!version) throw new Error(`${tool} is not installed (apt-get install ${tool})`)
  const st = statSync(file)
  const key = createHash('sha256')
    .update(JSON.stringify([version, args, resolve(file), st.size, st.mtimeMs]))
    .digest('hex')
    .slice(0, 32)
  const path = join(CACHE_DIR, tool, key + '.json')
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as OracleResult
  const r = spawnSync(tool, args, {
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' },
    maxBuffer: 1 << 30,
    timeout: timeoutMs,
  })
  const result: OracleResult = { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status }
  mkdirSync(join(CACHE_DIR, tool), { recursive: true })
  writeFileSync(path, JSON.stringify(result))
  return result
}
