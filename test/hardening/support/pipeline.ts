/**
 * The whole wirelite pipeline over one file, as the user meets it: the engine directly (buildIndex →
 * analyzeTcp, with the row invariants checked) and then every CLI command in-process through the real
 * `main(argv, io)`: read, read -v, fields, conv, states, follow for the first streams. Each CLI outcome is
 * judged the way a user would: exit 0, or exit 1/2 with one clean `wirelite: …` line on stderr; an
 * "internal error", a stack trace, another exit code or an exception escaping `main` is a crash.
 */
import { Writable } from 'node:stream'
import { main } from '../../../src/cli/main'
import { buildIndex } from '../../../src/main/engine/index'
import { analyzeTcp } from '../../../src/main/engine/tcp'
import { CaptureOpenError } from '../../../src/main/engine/readers/read-capture-file'

/** Collects everything written; keeps at most `limit` characters so a huge output cannot exhaust memory. */
export class CaptureStream extends Writable {
  text = ''
  total = 0
  constructor(private readonly limit = 1 << 20) {
    super()
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    const s = typeof chunk === 'string' ? chunk : chunk.toString('utf8')
    this.total += s.length
    if (this.text.length < this.limit) this.text += s.slice(0, this.limit - this.text.length)
    cb()
  }
}

export interface CommandOutcome {
  argv: string[]
  code: number
  stderr: string
  stdoutChars: number
  ms: number
}

export interface Problem {
  file: string
  argv: string[]
  what: string
}

/** Why an outcome is not acceptable, or null when it is. */
export function judge(o: CommandOutcome): string | null {
  if (o.code !== 0 && o.code !== 1 && o.code !== 2) return `exit code ${o.code}`
  const lines = o.stderr.split('\n').filter((l) => l.length > 0)
  if (/internal error/i.test(o.stderr)) return `internal error: ${o.stderr.trim()}`
  if (/\n\s+at .+:\d+:\d+/.test(o.stderr) || /^\s+at /m.test(o.stderr)) return `stack trace on stderr`
  for (const l of lines)
    if (!l.startsWith('wirelite:')) return `stderr line not starting with 'wirelite:': ${l}`
  // A failing command says why in one line; warnings (fields) and notes (follow) may add lines on exit 0.
  if (o.code !== 0 && lines.length !== 1) return `exit ${o.code} with ${lines.length} stderr lines`
  return null
}

export async function runCli(argv: string[]): Promise<CommandOutcome> {
  const stdout = new CaptureStream()
  const stderr = new CaptureStream()
  const t0 = performance.now()
  let code: number
  try {
    code = await main(argv, { stdout, stderr })
  } catch (err) {
    const e = err as Error
    stderr.text += `ESCAPED: ${e?.stack ?? String(err)}`
    code = -1
  }
  return { argv, code, stderr: stderr.text, stdoutChars: stdout.total, ms: performance.now() - t0 }
}

export interface EngineFacts {
  /** null when the file could not be opened (CaptureOpenError). */
  frames: number | null
  streams: number
  /** Rows that are neither decoded (a known top protocol) nor flagged with an issue. */
  silentRows: number[]
  openError: string | null
  /** The reader's stop message (corrupt record, cut-short tail), if any. */
  readerStop: string | null
}

/** A user-facing message: one non-empty line with no unfilled placeholders. */
export function badMessage(m: string): string | null {
  if (m.trim() === '') return 'empty message'
  if (m.includes('\n')) return `multi-line message: ${m}`
  if (/undefined|NaN|\[object /.test(m)) return `message with a placeholder leak: ${m}`
  return null
}

/** buildIndex → analyzeTcp; every row must be decoded to some protocol or carry an issue bit. */
export async function runEngine(path: string): Promise<EngineFacts> {
  let index
  try {
    index = await buildIndex(path)
  } catch (err) {
    if (err instanceof CaptureOpenError)
      return { frames: null, streams: 0, silentRows: [], openError: err.message, readerStop: null }
    throw err
  }
  const an = analyzeTcp(index)
  const silentRows: number[] = []
  for (let r = 0; r < index.count; r++) {
    if (index.get('proto', r) === 0 && index.get('issues', r) === 0) silentRows.push(r + 1)
  }
  const s = index.summary
  const readerStop = s?.error?.message ?? (s?.incompleteTail ? (s.warnings[0] ?? '') : null)
  return { frames: index.count, streams: an.conversations.length, silentRows, openError: null, readerStop }
}

export interface PipelineResult {
  engine: EngineFacts | null
  outcomes: CommandOutcome[]
  problems: Problem[]
}

/**
 * Run everything over `path`. `followStreams` caps how many tcp.streams are followed (each follow
 * re-reads the file, as the CLI does).
 */
export async function runPipeline(path: string, followStreams = 3): Promise<PipelineResult> {
  const problems: Problem[] = []
  let engine: EngineFacts | null = null
  try {
    engine = await runEngine(path)
    if (engine.silentRows.length > 0)
      problems.push({
        file: path,
        argv: ['engine'],
        what: `rows neither decoded nor flagged: ${engine.silentRows.slice(0, 10).join(', ')}`,
      })
    for (const m of [engine.openError, engine.readerStop]) {
      const why = m === null ? null : badMessage(m)
      if (why) problems.push({ file: path, argv: ['engine'], what: why })
    }
  } catch (err) {
    problems.push({
      file: path,
      argv: ['engine'],
      what: `exception: ${(err as Error)?.stack ?? String(err)}`,
    })
  }
  const argvs: string[][] = [
    ['read', path],
    ['read', '-v', path],
    ['fields', path],
    ['conv', path],
    ['states', path],
  ]
  // At least stream 0 even without TCP: the "no conversation" and unopenable-file answers are checked too.
  const n = Math.max(1, Math.min(followStreams, engine?.streams ?? 0))
  for (let s = 0; s < n; s++) argvs.push(['follow', path, '--stream', String(s)])
  const outcomes: CommandOutcome[] = []
  for (const argv of argvs) {
    const o = await runCli(argv)
    outcomes.push(o)
    const why = judge(o)
    if (why) problems.push({ file: path, argv, what: why })
  }
  return { engine, outcomes, problems }
}
