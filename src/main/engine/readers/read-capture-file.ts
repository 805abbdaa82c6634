import { open, type FileHandle } from 'node:fs/promises'
import { createGunzip } from 'node:zlib'
import { Readable } from 'node:stream'
import type { CaptureFileInfo, FrameRecord } from '../../../shared/model/frame'
import { LazyFrameRecord } from './lazy-frame-record'
import { CaptureParser } from './capture-parser'
import type { ReadSummary } from './capture-types'

export type { ReadSummary, CaptureReadError, IncompleteTail } from './capture-types'

const CHUNK = 1 << 20

export type CaptureOpenErrorCode =
  'missing' | 'directory' | 'permission' | 'empty' | 'not-capture' | 'unsupported' | 'corrupt' | 'io'

/**
 * A capture file that cannot be read at all. `message` is one user-facing line that says what happened
 * and what to do; `code` lets callers react (e.g. offer "choose another file").
 */
export class CaptureOpenError extends Error {
  override name = 'CaptureOpenError'
  constructor(
    message: string,
    readonly code: CaptureOpenErrorCode,
    readonly path: string,
  ) {
    super(message)
  }
}

export interface ReadOptions {
  signal?: AbortSignal
  /** Read size for plain files (default 1 MiB). */
  chunkSize?: number
}

/** Map a filesystem error to the user-facing CaptureOpenError (exported for tests). */
export function describeOpenError(err: unknown, path: string): CaptureOpenError {
  const code = (err as NodeJS.ErrnoException)?.code
  switch (code) {
    case 'ENOENT':
      return new CaptureOpenError(`${path}: no such file (check the path)`, 'missing', path)
    case 'ENOTDIR':
      return new CaptureOpenError(
        `${path}: a part of the path is not a directory (check the path)`,
        'missing',
        path,
      )
    case 'EISDIR':
      return new CaptureOpenError(
        `${path}: is a directory, not a capture file (choose a .pcap or .pcapng file)`,
        'directory',
        path,
      )
    case 'EACCES':
    case 'EPERM':
      return new CaptureOpenError(
        `${path}: permission denied (make the file readable by this user, e.g. chmod a+r, or copy it somewhere you can read)`,
        'permission',
        path,
      )
    default: {
      const msg = err instanceof Error ? err.message : String(err)
      return new CaptureOpenError(`${path}: cannot be read (${msg})`, 'io', path)
    }
  }
}

async function openChecked(
  path: string,
): Promise<{ fh: FileHandle; size: number; gzip: boolean; regular: boolean }> {
  let fh: FileHandle
  try {
    fh = await open(path, 'r')
  } catch (err) {
    throw describeOpenError(err, path)
  }
  try {
    const st = await fh.stat()
    if (st.isDirectory())
      throw describeOpenError(Object.assign(new Error('directory'), { code: 'EISDIR' }), path)
    if (st.size === 0 && st.isFile()) {
      throw new CaptureOpenError(
        `${path}: the file is empty (0 bytes), there is nothing to read`,
        'empty',
        path,
      )
    }
    // Pipes, character devices (/dev/stdin) …: no positional reads; the caller streams them.
    if (!st.isFile()) return { fh, size: 0, gzip: false, regular: false }
    const head = Buffer.alloc(2)
    const { bytesRead } = await fh.read(head, 0, 2, 0)
    return { fh, size: st.size, gzip: bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b, regular: true }
  } catch (err) {
    await fh.close().catch(() => {})
    throw err instanceof CaptureOpenError ? err : describeOpenError(err, path)
  }
}

interface Source {
  chunks: AsyncIterable<Uint8Array>
  gzip: boolean
  close(): Promise<void>
}

/**
 * Where the bytes come from: a regular file (positional reads with read-ahead), or — for `-` (standard
 * input), pipes and other non-seekable files — a stream. gzip is detected from the first two bytes.
 */
async function openSource(path: string, chunkSize: number): Promise<Source> {
  if (path === '-') return streamSource(process.stdin, 'standard input', async () => {})
  const { fh, gzip, regular } = await openChecked(path)
  if (!regular) {
    const stream = fh.createReadStream({ highWaterMark: chunkSize, autoClose: false })
    return streamSource(stream, path, async () => {
      stream.destroy()
      await fh.close().catch(() => {})
    }).catch(async (err) => {
      stream.destroy()
      await fh.close().catch(() => {})
      throw err
    })
  }
  if (gzip) {
    const raw = fh.createReadStream({ highWaterMark: CHUNK, autoClose: false, start: 0 })
    const gz = gunzipOf(raw)
    return {
      chunks: gz,
      gzip,
      close: async () => {
        gz.destroy()
        raw.destroy()
        await fh.close().catch(() => {})
      },
    }
  }
  return { chunks: plainChunks(fh, chunkSize), gzip, close: () => fh.close().catch(() => {}) }
}

function gunzipOf(raw: Readable): ReturnType<typeof createGunzip> {
  const gz = createGunzip({ chunkSize: 256 * 1024 })
  raw.on('error', (e) => gz.destroy(e))
  raw.pipe(gz)
  return gz
}

async function streamSource(stream: Readable, name: string, close: () => Promise<void>): Promise<Source> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  let first: IteratorResult<Buffer>
  try {
    first = await it.next()
  } catch (err) {
    throw describeOpenError(err, name)
  }
  if (first.done || first.value.length === 0) {
    await close()
    throw new CaptureOpenError(`${name}: no data to read (empty input)`, 'empty', name)
  }
  const head = first.value
  async function* all(): AsyncGenerator<Uint8Array> {
    yield head
    for (;;) {
      const r = await it.next()
      if (r.done) return
      yield r.value
    }
  }
  const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b
  if (!gzip) return { chunks: all(), gzip, close }
  const raw = Readable.from(all())
  const gz = gunzipOf(raw)
  return {
    chunks: gz,
    gzip,
    close: async () => {
      gz.destroy()
      raw.destroy()
      await close()
    },
  }
}

/**
 * Plain file chunks: positional reads of `size` bytes, a fresh buffer each (frames are views into it).
 * The chunks are plain Uint8Arrays (over Buffer.allocUnsafe memory, not zero-filled), not Buffers: the
 * parser's carry buffer for records split across chunks is a Uint8Array too, and with two kinds of array
 * the decoder's compiled code was thrown away at the first split record and became polymorphic.
 */
async function* plainChunks(fh: FileHandle, size: number): AsyncGenerator<Uint8Array> {
  let pos = 0
  const readAt = (at: number) => {
    const mem = Buffer.allocUnsafe(size)
    const buf = new Uint8Array(mem.buffer, mem.byteOffset, size)
    return fh
      .read(buf, 0, size, at)
      .then(({ bytesRead }) => (bytesRead === size ? buf : buf.subarray(0, bytesRead)))
  }
  // Read ahead: the next chunk is being read (in libuv's thread pool) while the current one is parsed.
  let pending = readAt(0)
  for (;;) {
    const chunk = await pending
    if (chunk.length === 0) return
    pos += chunk.length
    pending = readAt(pos)
    // A read error of the prefetch surfaces at the next await; don't let it be "unhandled" meanwhile.
    pending.catch(() => {})
    yield chunk
  }
}

/**
 * Read a pcap/pcapng file (optionally gzip-compressed, detected by the 1f 8b magic) in constant memory,
 * `path` may be `-` for standard input (or a pipe / FIFO), read as a stream.
 * calling onFrame for every frame in file order. `rec` is reused and `rec.data` is a view valid only
 * during the call; it is created on first access, so hot loops should read `rec.buf[rec.dataOffset …]`.
 * Returning false from onFrame stops reading (e.g. for `-c COUNT`).
 *
 * `opts.signal` aborts reading: the promise then rejects with the signal's reason (an AbortError).
 *
 * Throws CaptureOpenError when nothing can be read (missing, directory, permission, empty, not a
 * capture). A file that goes bad part-way is not an exception: the frames before are delivered and the
 * summary carries `error` (corrupt record) / `incompleteTail` + `warnings` (cut short).
 */
export async function readCaptureFile(
  path: string,
  onFrame: (rec: FrameRecord, info: CaptureFileInfo) => void | false | boolean,
  opts: ReadOptions = {},
): Promise<ReadSummary> {
  const src = await openSource(path, opts.chunkSize ?? CHUNK)
  const gzip = src.gzip
  const parser = new CaptureParser({ lazyData: true })
  const rec = new LazyFrameRecord()
  let frames = 0
  let stoppedEarly = false
  let gzipProblem: string | null = null

  const drain = (): boolean => {
    while (parser.next(rec)) {
      frames++
      if (onFrame(rec, parser.info!) === false) {
        stoppedEarly = true
        return false
      }
    }
    return true
  }

  try {
    try {
      for await (const chunk of src.chunks) {
        opts.signal?.throwIfAborted()
        parser.push(chunk)
        if (!drain()) break
        if (parser.error) break
      }
    } catch (err) {
      if (opts.signal?.aborted) throw err
      if (!gzip) throw describeOpenError(err, path)
      // zlib: truncated (.gz cut short) or corrupt compressed data. Frames so far are kept.
      const msg = err instanceof Error ? err.message : String(err)
      gzipProblem =
        (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR' || /unexpected end/i.test(msg)
          ? 'the gzip-compressed data ends early (the .gz file was cut short)'
          : `the gzip-compressed data is corrupt (${msg})`
    }
    if (!stoppedEarly && !parser.error) {
      parser.end()
      drain()
    }
  } finally {
    await src.close()
  }

  const info = parser.info
  if (!info) {
    const err = parser.error
    if (err) {
      throw new CaptureOpenError(
        `${path}: ${gzip ? 'gzip-compressed, but the decompressed data is ' + err.message : err.message}`,
        err.code,
        path,
      )
    }
    if (gzipProblem) throw new CaptureOpenError(`${path}: ${gzipProblem}`, 'corrupt', path)
    if (parser.offset === 0 && gzip) {
      throw new CaptureOpenError(
        `${path}: the gzip-compressed data is empty, there is nothing to read`,
        'empty',
        path,
      )
    }
    const tail = parser.incompleteTail
    throw new CaptureOpenError(
      `${path}: too short to be a capture file (the ${tail?.need ?? 24}-byte file header is incomplete: ${tail?.have ?? 0} bytes)`,
      'corrupt',
      path,
    )
  }
  info.gzip = gzip
  const warnings = parser.warnings.slice()
  if (gzipProblem) warnings.push(gzipProblem)
  return {
    frames,
    bytes: parser.offset,
    warnings,
    info,
    error: parser.error,
    incompleteTail: parser.incompleteTail,
    stoppedEarly,
  }
}

/**
 * The captured bytes of one frame, by the fileOffset/capLen a reader reported. Plain files: one
 * positional read. gzip files: the stream is decompressed from the start up to the offset — O(offset)
 * time (roughly 300-500 MB/s of decompressed data), constant memory; callers that need many random
 * frames of a big .gz file should decompress it to a temporary file first.
 */
export async function readFrameBytes(path: string, fileOffset: number, capLen: number): Promise<Uint8Array> {
  const { fh, gzip, regular } = await openChecked(path)
  try {
    if (!regular) {
      throw new CaptureOpenError(
        `${path}: not a regular file, a frame cannot be read again from it (save the capture first)`,
        'io',
        path,
      )
    }
    if (!gzip) {
      const out = new Uint8Array(capLen)
      let got = 0
      while (got < capLen) {
        const { bytesRead } = await fh.read(out, got, capLen - got, fileOffset + got)
        if (bytesRead === 0) break
        got += bytesRead
      }
      if (got < capLen) {
        throw new CaptureOpenError(
          `${path}: the file is shorter than expected (frame at offset ${fileOffset} needs ${capLen} bytes, got ${got}); was it changed since it was opened?`,
          'corrupt',
          path,
        )
      }
      return out
    }
    const out = new Uint8Array(capLen)
    let got = 0
    let pos = 0
    const raw = fh.createReadStream({ highWaterMark: CHUNK, autoClose: false, start: 0 })
    const gz = createGunzip({ chunkSize: 256 * 1024 })
    raw.on('error', (e) => gz.destroy(e))
    raw.pipe(gz)
    try {
      for await (const chunk of gz as AsyncIterable<Buffer>) {
        const end = pos + chunk.length
        if (end > fileOffset) {
          const from = Math.max(0, fileOffset + got - pos)
          const n = Math.min(chunk.length - from, capLen - got)
          out.set(chunk.subarray(from, from + n), got)
          got += n
          if (got === capLen) break
        }
        pos = end
      }
    } catch {
      // Truncated/corrupt gzip after the frame is irrelevant; before it, `got` stays short.
    } finally {
      gz.destroy()
      raw.destroy()
    }
    if (got < capLen) {
      throw new CaptureOpenError(
        `${path}: the decompressed data is shorter than expected (frame at offset ${fileOffset} needs ${capLen} bytes, got ${got})`,
        'corrupt',
        path,
      )
    }
    return out
  } finally {
    await fh.close().catch(() => {})
  }
}
