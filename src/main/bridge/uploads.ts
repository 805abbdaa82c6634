import { lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { open, rm, statfs, unlink, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import type { FileUploadRequest, FileUploadResponse } from '../../shared/ipc/contract'
import { RequestError } from '../engine/service/validate'

/*
 * Browser mode's drag and drop: the page cannot tell the server a path, so the dropped file's bytes are
 * streamed in (file.upload begin / chunk… / end) into a private directory under the OS temp dir, then
 * opened like any file. The directory is 0700 and each file 0600, created exclusively; chunks must arrive
 * in order and never exceed the size announced at `begin`, which must fit in the free disk space. Files
 * are removed when the capture is closed, when an unfinished upload's socket goes away, and at exit.
 */

interface Upload {
  id: number
  path: string
  size: number
  received: number
  fh: FileHandle | null
  owner: unknown
  /** Operations on one upload run one after another in arrival order (a client may pipeline chunks). */
  queue: Promise<unknown>
}

/** Space left free on the temp file system after an upload (other programs need the disk too). */
const DISK_HEADROOM = 256 * 1024 * 1024
/** Unfinished uploads at a time (each holds a file handle). */
const MAX_ACTIVE = 8

function safeName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? ''
  const clean = last
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '')
    .slice(-100)
  return clean || 'capture'
}

export class UploadStore {
  readonly dir: string
  private nextId = 1
  private readonly active = new Map<number, Upload>()
  /** Finished uploads' paths (removed on release or dispose). */
  private readonly done = new Set<string>()
  private readonly onExit = (): void => this.disposeSync()
  /** The temp dir was checked to be ours: only then is it removed at the end. */
  private verified = false

  constructor(
    dir = join(tmpdir(), `wirelite-uploads-${process.pid}`),
    private readonly freeBytes: (dir: string) => Promise<number> = async (d) => {
      const s = await statfs(d)
      return s.bavail * s.bsize
    },
  ) {
    this.dir = dir
    process.once('exit', this.onExit)
  }

  /** Whether `path` is a finished upload of this store (its temp file is ours to remove). */
  owns(path: string): boolean {
    return this.done.has(path)
  }

  handle(req: FileUploadRequest, owner: unknown): Promise<FileUploadResponse> {
    if (req.op === 'begin') return this.run(req, owner)
    const u = this.active.get(req.uploadId)
    if (!u) return this.run(req, owner)
    const next = u.queue.then(
      () => this.run(req, owner),
      () => this.run(req, owner),
    )
    u.queue = next.catch(() => undefined)
    return next
  }

  private async run(req: FileUploadRequest, owner: unknown): Promise<FileUploadResponse> {
    switch (req.op) {
      case 'begin':
        return this.begin(req.name, req.size, owner)
      case 'chunk': {
        const u = this.get(req.uploadId, owner)
        if (req.offset !== u.received)
          throw new RequestError(
            `upload ${u.id}: chunk at offset ${req.offset}, expected ${u.received} (send chunks in order)`,
            'bad-request',
          )
        if (u.received + req.data.byteLength > u.size) {
          await this.abort(u)
          throw new RequestError(
            `upload ${u.id}: more bytes than the ${u.size} announced; the upload was cancelled`,
            'bad-request',
          )
        }
        try {
          await u.fh!.write(req.data, 0, req.data.byteLength, u.received)
        } catch (err) {
          await this.abort(u)
          throw new RequestError(
            `Could not store the dropped file (${(err as Error).message}); free some disk space and drop it again.`,
            'io',
          )
        }
        u.received += req.data.byteLength
        return { uploadId: u.id, received: u.received, path: null }
      }
      case 'end': {
        const u = this.get(req.uploadId, owner)
        if (u.received !== u.size) {
          await this.abort(u)
          throw new RequestError(
            `upload ${u.id}: ended after ${u.received} of ${u.size} bytes; the upload was cancelled`,
            'bad-request',
          )
        }
        await u.fh!.close()
        u.fh = null
        this.active.delete(u.id)
        this.done.add(u.path)
        return { uploadId: u.id, received: u.received, path: u.path }
      }
      case 'abort': {
        const u = this.active.get(req.uploadId)
        if (u && u.owner === owner) await this.abort(u)
        return { uploadId: req.uploadId, received: 0, path: null }
      }
    }
  }

  /** The capture made from an upload was closed: its temp file goes. */
  async release(path: string): Promise<void> {
    if (!this.done.delete(path)) return
    await unlink(path).catch(() => undefined)
  }

  /** A client went away: its unfinished uploads go (finished ones may still be open in the engine). */
  async dropOwner(owner: unknown): Promise<void> {
    for (const u of [...this.active.values()]) if (u.owner === owner) await this.abort(u)
  }

  async dispose(): Promise<void> {
    process.off('exit', this.onExit)
    for (const u of [...this.active.values()]) await u.fh?.close().catch(() => undefined)
    this.active.clear()
    this.done.clear()
    if (this.verified) await rm(this.dir, { recursive: true, force: true })
  }

  private disposeSync(): void {
    if (!this.verified) return
    try {
      rmSync(this.dir, { recursive: true, force: true })
    } catch {
      // exiting anyway: nothing better to do than leave the temp dir to the OS
    }
  }

  /**
   * The temp dir must be ours alone: /tmp is shared, so a directory (or a symlink) another user created
   * at the same name beforehand is refused rather than written into.
   */
  private ensurePrivateDir(): void {
    if (!this.verified) sweepStaleUploadDirs(dirname(this.dir), basename(this.dir))
    mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    const st = lstatSync(this.dir)
    const uid = process.getuid?.()
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o077) !== 0)
      throw new RequestError(
        `The upload folder ${this.dir} is not private to wirelite (another user's, or a link); remove it and drop the file again.`,
        'io',
        { reason: 'unsafe-temp-dir' },
      )
    this.verified = true
  }

  private get(id: number, owner: unknown): Upload {
    const u = this.active.get(id)
    if (!u || u.owner !== owner)
      throw new RequestError(
        `upload ${id} is not in progress (finished, cancelled or never begun)`,
        'bad-request',
      )
    return u
  }

  private async begin(name: string, size: number, owner: unknown): Promise<FileUploadResponse> {
    if (this.active.size >= MAX_ACTIVE)
      throw new RequestError('Too many uploads at once; wait for the others to finish.', 'bad-request')
    this.ensurePrivateDir()
    let free: number
    try {
      free = await this.freeBytes(this.dir)
    } catch {
      free = Number.POSITIVE_INFINITY // cannot tell: the write itself will fail if the disk is full
    }
    if (size + DISK_HEADROOM > free) {
      const mb = (n: number): string => `${Math.ceil(n / 1024 / 1024)} MB`
      throw new RequestError(
        `The dropped file (${mb(size)}) does not fit in the free space of ${this.dir} (${mb(Math.max(0, free))}); open it with File ▸ Open instead.`,
        'io',
        { reason: 'disk-full' },
      )
    }
    const id = this.nextId++
    const path = join(this.dir, `${id}-${safeName(name)}`)
    const fh = await open(path, 'wx', 0o600)
    this.active.set(id, { id, path, size, received: 0, fh, owner, queue: Promise.resolve() })
    return { uploadId: id, received: 0, path: null }
  }

  private async abort(u: Upload): Promise<void> {
    this.active.delete(u.id)
    await u.fh?.close().catch(() => undefined)
    u.fh = null
    await unlink(u.path).catch(() => undefined)
  }
}

/** Whether a process id is running (signal 0 checks without signalling; EPERM = alive, not ours). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * A server killed outright (SIGKILL, a crash) cannot clean up: the next one removes the upload folders
 * of dead wirelite processes that belong to this user. Best effort; never throws.
 */
export function sweepStaleUploadDirs(parent: string, keep: string): void {
  let names: string[]
  try {
    names = readdirSync(parent)
  } catch {
    return
  }
  const uid = process.getuid?.()
  for (const name of names) {
    const m = /^wirelite-uploads-(\d+)$/.exec(name)
    if (!m || name === keep) continue
    const pid = Number(m[1])
    if (pid === process.pid || alive(pid)) continue
    const dir = join(parent, name)
    try {
      const st = lstatSync(dir)
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue
      rmSync(dir, { recursive: true, force: true })
    } catch {
      // someone else's, or already gone
    }
  }
}
