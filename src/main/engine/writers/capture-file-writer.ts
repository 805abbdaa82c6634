import { open, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import {
  encodePcapHeader,
  encodePcapRecord,
  type PcapFrameInput,
  type PcapHeaderOptions,
} from './pcap-encode'
import {
  encodeIdb,
  encodePacketBlock,
  encodeShb,
  type PcapngInterfaceInput,
  type PcapngPacketInput,
  type PcapngSectionInput,
} from './pcapng-encode'

/**
 * Streaming capture writers (Save As, live-capture spooling). Packets are encoded into an in-memory
 * batch and written in ~1 MiB writes. With `atomic`, bytes go to a temporary file in the same directory,
 * and close() fsyncs it, runs `verify` on it and renames it over the target, so a crash never leaves a
 * half-written target and a file that fails its check never replaces the old one;
 * the writer refuses to write over `sourcePath` (the file being read), which a rename would destroy
 * while it is still being read.
 */
export interface WriterOptions {
  atomic?: boolean
  /** The capture being saved from: the target must not be this file. */
  sourcePath?: string
  /** Flush threshold in bytes (default 1 MiB). */
  batchBytes?: number
  /**
   * Checks the written file (e.g. reads it back and counts the packets) once it is complete and fsynced,
   * and — atomic — BEFORE it replaces the target: when it throws, the temporary file is deleted and the
   * old target is left exactly as it was. Gets the path of what was written (the temp file when atomic).
   */
  verify?: (writtenPath: string) => Promise<void>
}

export class SameFileError extends Error {
  override name = 'SameFileError'
}

async function realOrResolved(p: string): Promise<string> {
  try {
    return await realpath(p)
  } catch {
    return resolve(p)
  }
}

/** Throws SameFileError when target and source are the same file (after resolving symlinks). */
export async function assertNotSource(target: string, source: string | undefined): Promise<void> {
  if (!source) return
  if ((await realOrResolved(target)) === (await realOrResolved(source))) {
    throw new SameFileError(
      `refusing to save over ${source}: it is the capture being read; choose another file name`,
    )
  }
}

class BatchedFile {
  private parts: Uint8Array[] = []
  private pending = 0
  private closed = false
  bytesWritten = 0

  private constructor(
    private fh: FileHandle,
    private readonly target: string,
    private readonly tmp: string | null,
    private readonly batch: number,
    private readonly verify: ((writtenPath: string) => Promise<void>) | undefined,
  ) {}

  static async open(path: string, opts: WriterOptions): Promise<BatchedFile> {
    await assertNotSource(path, opts.sourcePath)
    const tmp = opts.atomic
      ? join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`)
      : null
    const fh = await open(tmp ?? path, tmp ? 'wx' : 'w')
    if (tmp) {
      // Replacing a file keeps its permissions: a capture kept private (0600) must not become readable by
      // everyone through a save over it, neither while being written nor after the rename.
      const old = await stat(path).catch(() => null)
      if (old?.isFile()) await fh.chmod(old.mode & 0o7777).catch(() => {})
    }
    return new BatchedFile(fh, path, tmp, opts.batchBytes ?? 1 << 20, opts.verify)
  }

  async write(b: Uint8Array): Promise<void> {
    this.parts.push(b)
    this.pending += b.length
    if (this.pending >= this.batch) await this.flush()
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return
    const parts = this.parts
    this.parts = []
    this.pending = 0
    for (const p of parts) {
      let off = 0
      while (off < p.length) {
        const { bytesWritten } = await this.fh.write(p, off, p.length - off)
        off += bytesWritten
      }
      this.bytesWritten += p.length
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    try {
      await this.flush()
      if (this.tmp) await this.fh.sync()
    } catch (err) {
      await this.fh.close().catch(() => {})
      if (this.tmp) await unlink(this.tmp).catch(() => {})
      throw err
    }
    await this.fh.close()
    if (this.verify) {
      try {
        await this.verify(this.tmp ?? this.target)
      } catch (err) {
        // The check failed: the old target must survive it, so the new bytes never replace it.
        if (this.tmp) await unlink(this.tmp).catch(() => {})
        throw err
      }
    }
    if (this.tmp) {
      try {
        await rename(this.tmp, this.target)
      } catch (err) {
        // The target cannot be replaced (it is a directory, its directory vanished…): the temp file must
        // not stay behind as litter next to it (found by test/hardening/atomic-save.test.ts).
        await unlink(this.tmp).catch(() => {})
        throw err
      }
      // Make the rename itself durable (best effort: not every platform can fsync a directory).
      try {
        const d = await open(dirname(this.target), 'r')
        await d.sync().catch(() => {})
        await d.close()
      } catch {
        // ignore
      }
    }
  }

  /** Abandon: close and delete the temporary file (atomic) — the target is untouched. */
  async abort(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.fh.close().catch(() => {})
    if (this.tmp) await unlink(this.tmp).catch(() => {})
  }
}

export class PcapFileWriter {
  private constructor(
    private readonly file: BatchedFile,
    private readonly header: PcapHeaderOptions,
  ) {}

  static async open(
    path: string,
    header: PcapHeaderOptions,
    opts: WriterOptions = {},
  ): Promise<PcapFileWriter> {
    const file = await BatchedFile.open(path, opts)
    await file.write(encodePcapHeader(header))
    return new PcapFileWriter(file, header)
  }

  writePacket(f: PcapFrameInput): Promise<void> {
    return this.file.write(encodePcapRecord(this.header, f))
  }

  get bytesWritten(): number {
    return this.file.bytesWritten
  }

  flush(): Promise<void> {
    return this.file.flush()
  }

  close(): Promise<void> {
    return this.file.close()
  }

  abort(): Promise<void> {
    return this.file.abort()
  }
}

/** One-section pcapng writer; interfaces are declared up front or added before their first packet. */
export class PcapngFileWriter {
  private readonly interfaces: PcapngInterfaceInput[] = []

  private constructor(
    private readonly file: BatchedFile,
    private readonly le: boolean,
  ) {}

  static async open(
    path: string,
    section: Omit<PcapngSectionInput, 'packets' | 'isb' | 'nrb'>,
    opts: WriterOptions = {},
  ): Promise<PcapngFileWriter> {
    const file = await BatchedFile.open(path, opts)
    const w = new PcapngFileWriter(file, !section.bigEndian)
    await file.write(encodeShb(section))
    for (const i of section.interfaces) await w.addInterface(i)
    return w
  }

  /** Declares one more interface; returns its id for writePacket. */
  async addInterface(i: PcapngInterfaceInput): Promise<number> {
    this.interfaces.push(i)
    await this.file.write(encodeIdb(i, this.le))
    return this.interfaces.length - 1
  }

  writePacket(p: PcapngPacketInput): Promise<void> {
    const id = p.kind === 'spb' ? 0 : (p.interfaceId ?? 0)
    if (id >= this.interfaces.length)
      throw new RangeError(`interface ${id} was not declared (have ${this.interfaces.length})`)
    return this.file.write(encodePacketBlock(p, this.interfaces[id], this.le))
  }

  get bytesWritten(): number {
    return this.file.bytesWritten
  }

  flush(): Promise<void> {
    return this.file.flush()
  }

  close(): Promise<void> {
    return this.file.close()
  }

  abort(): Promise<void> {
    return this.file.abort()
  }
}

/** Write whole bytes atomically (temp file + fsync + rename), never over `sourcePath`. */
export async function atomicWriteFile(
  path: string,
  bytes: Uint8Array,
  opts: Pick<WriterOptions, 'sourcePath' | 'verify'> = {},
): Promise<void> {
  const f = await BatchedFile.open(path, { atomic: true, sourcePath: opts.sourcePath, verify: opts.verify })
  try {
    await f.write(bytes)
  } catch (err) {
    await f.abort()
    throw err
  }
  await f.close()
}
