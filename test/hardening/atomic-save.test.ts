import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IpcResult, ExportSaveResponse } from '../../src/shared/ipc/contract'
import { EngineService } from '../../src/main/engine/service/engine-service'
import { conversationFrames, encodeFrames } from './support/hostile'

/*
 * Issue 7, "Saving": every save is atomic, a failed save leaves the old file intact, and what is written
 * reads back in the reference tools. The engine's export.save (also behind capture.save) is driven in a
 * child process so the failure is real: a file-size limit (RLIMIT_FSIZE, the write fails with EFBIG half
 * way, as on a full disk) or another user (a directory it may not write to).
 */
const ROOT = resolve(__dirname, '../..')
const CHILD = join(__dirname, 'support/save-child.ts')
const asRoot = process.getuid?.() === 0

let dir = ''
let source = ''
let oldTarget: Uint8Array
let sourcePackets = 0

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wirelite-save-'))
  chmodSync(dir, 0o755)
  // ~4 MB of a valid conversation, so a save is several 1 MiB writes; the old target is a small capture.
  const frames = conversationFrames()
  const many: Uint8Array[] = []
  while (many.reduce((n, f) => n + f.length + 16, 0) < 4 << 20) many.push(...frames.map(widen))
  sourcePackets = many.length
  source = join(dir, 'source.pcap')
  writeFileSync(source, encodeFrames('pcap', many))
  oldTarget = encodeFrames('pcapng', frames)
})
afterAll(() => {
  chmodSync(dir, 0o755)
  rmSync(dir, { recursive: true, force: true })
})

/** The same frame with 1400 bytes of payload appended (larger records, same decode up to the payload). */
function widen(f: Uint8Array): Uint8Array {
  const out = new Uint8Array(f.length + 1400)
  out.set(f)
  return out
}

/** Runs the export in a child: `limitKiB` caps the size of any file it writes; `user` runs it as that user. */
function saveInChild(
  target: string,
  format: 'pcap' | 'pcapng',
  opts: { limitKiB?: number; user?: string } = {},
): IpcResult<ExportSaveResponse> {
  const node = [process.execPath, '--import', 'tsx', CHILD, JSON.stringify({ source, target, format })]
  const quoted = node.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  // Node ignores SIGXFSZ itself, so the write past the limit fails with EFBIG instead of killing it.
  const script = `${opts.limitKiB ? `ulimit -f ${opts.limitKiB * 2} && ` : ''}exec ${quoted}`
  const cmd = opts.user
    ? ['runuser', '-u', opts.user, '--', '/bin/sh', '-c', script]
    : ['/bin/sh', '-c', script]
  const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd: ROOT, encoding: 'utf8', timeout: 90_000 })
  const line = r.stdout.trim().split('\n').at(-1) ?? ''
  try {
    return JSON.parse(line) as IpcResult<ExportSaveResponse>
  } catch {
    throw new Error(`child failed (status ${r.status}, signal ${r.signal}): ${r.stderr.slice(0, 2000)}`)
  }
}

function tempLeftovers(d: string): string[] {
  return readdirSync(d).filter((n) => n.endsWith('.tmp'))
}

function capinfosCount(path: string): number {
  const r = spawnSync('capinfos', ['-M', '-c', path], { encoding: 'utf8' })
  if (r.error) throw new Error('capinfos is required for this test (apt-get install tshark)')
  expect(r.status, r.stderr).toBe(0)
  return Number(/Number of packets:\s+(\d+)/.exec(r.stdout)?.[1])
}

function tsharkReads(path: string): number {
  const r = spawnSync('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' })
  expect(r.status, r.stderr).toBe(0)
  return r.stdout.trim().split('\n').length
}

describe.each(['pcap', 'pcapng'] as const)('export.save as %s', (format) => {
  it('over an existing file: capinfos and tshark read back every packet, no temp file left', () => {
    const target = join(dir, `ok.${format}`)
    writeFileSync(target, oldTarget)
    const r = saveInChild(target, format)
    expect(r).toMatchObject({ ok: true, value: { packets: sourcePackets, verifiedPackets: sourcePackets } })
    expect(capinfosCount(target)).toBe(sourcePackets)
    expect(tsharkReads(target)).toBe(sourcePackets)
    expect(tempLeftovers(dir)).toEqual([])
  }, 120_000)

  it('the disk fills up half way (file size limit 1 MiB): an io error, the old file intact, no temp file', () => {
    const target = join(dir, `full.${format}`)
    writeFileSync(target, oldTarget)
    const r = saveInChild(target, format, { limitKiB: 1024 })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.detail?.code).toBe('io')
    expect(r.error).toContain(target)
    expect(r.error).toMatch(/EFBIG|too large/i)
    expect(readFileSync(target)).toEqual(Buffer.from(oldTarget))
    expect(tempLeftovers(dir)).toEqual([])
  }, 120_000)
})

describe('a directory the user may not write to', () => {
  it('an io error naming the target; the old file there is intact, nothing created', () => {
    const ro = join(dir, 'read-only')
    mkdirSync(ro)
    const target = join(ro, 'old.pcapng')
    writeFileSync(target, oldTarget)
    chmodSync(target, 0o644)
    chmodSync(ro, 0o555)
    // root writes anywhere regardless of mode: run the save as `nobody` then (hostile-files does the same).
    const r = saveInChild(target, 'pcap', asRoot ? { user: 'nobody' } : {})
    chmodSync(ro, 0o755)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.detail?.code).toBe('io')
    expect(r.error).toContain(target)
    expect(r.error).toMatch(/EACCES|permission/i)
    expect(readFileSync(target)).toEqual(Buffer.from(oldTarget))
    expect(readdirSync(ro)).toEqual(['old.pcapng'])
  }, 120_000)
})

describe('targets that cannot be replaced (in-process)', () => {
  let engine: EngineService
  let fileId = 0
  beforeAll(async () => {
    engine = new EngineService()
    const small = join(dir, 'small.pcap')
    writeFileSync(small, encodeFrames('pcap', conversationFrames()))
    const r = await engine.call('file.open', { path: small })
    if (!r.ok) throw new Error(r.error)
    fileId = r.value.fileId
    await engine.whenLoaded(fileId)
  })
  afterAll(() => engine.dispose())

  it('an existing directory as the target: refused with a clear error, nothing left behind', async () => {
    const parent = join(dir, 'parent-of-dir')
    mkdirSync(join(parent, 'a-directory.pcap'), { recursive: true })
    const r = await engine.call('export.save', {
      fileId,
      path: join(parent, 'a-directory.pcap'),
      format: 'pcap',
      which: 'all',
    })
    expect(r).toMatchObject({ ok: false, detail: { code: 'io' } })
    if (!r.ok) expect(r.error).toContain(join(parent, 'a-directory.pcap'))
    // Was a bug: the temp file stayed next to the directory when the final rename failed.
    expect(readdirSync(parent)).toEqual(['a-directory.pcap'])
    expect(readdirSync(join(parent, 'a-directory.pcap'))).toEqual([])
  })

  it('a missing directory: an io error, nothing created', async () => {
    const r = await engine.call('export.save', {
      fileId,
      path: join(dir, 'no', 'such', 'dir', 'x.pcap'),
      format: 'pcapng',
      which: 'all',
    })
    expect(r).toMatchObject({ ok: false, detail: { code: 'io' } })
    expect(readdirSync(dir)).not.toContain('no')
  })

  it('saving over a private file (0600) keeps it private', async () => {
    const target = join(dir, 'private.pcapng')
    writeFileSync(target, oldTarget)
    chmodSync(target, 0o600)
    const r = await engine.call('export.save', { fileId, path: target, format: 'pcapng', which: 'all' })
    expect(r.ok).toBe(true)
    // Was a bug: the temp file was created with the default mode, so the saved capture became 0644.
    expect(statSync(target).mode & 0o777).toBe(0o600)
  })

  it('a copy of the source under another name is fine; the source itself is refused', async () => {
    const copy = join(dir, 'copy-of-small.pcap')
    copyFileSync(join(dir, 'small.pcap'), copy)
    const over = await engine.call('export.save', { fileId, path: copy, format: 'pcap', which: 'all' })
    expect(over.ok).toBe(true)
    const same = await engine.call('export.save', {
      fileId,
      path: join(dir, 'small.pcap'),
      format: 'pcap',
      which: 'all',
    })
    expect(same).toMatchObject({ ok: false, detail: { code: 'same-file' } })
  })
})
