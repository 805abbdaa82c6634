import { closeSync } from 'node:fs'
import type { Worker } from 'node:worker_threads'
import { startWorker, workerFile } from '../util/module-worker'
import { PcapngSpool } from './pcapng-spool'

export type SpoolWriterRequest = { t: 'batch'; bytes: Uint8Array; count: number } | { t: 'close' }

export type SpoolWriterReply =
  | { t: 'written'; count: number; bytes: Uint8Array; spoolBytes: number }
  | { t: 'failed'; message: string; code: string | null }
  | { t: 'synced'; spoolBytes: number }

export interface SpoolWriterEvents {
  /** A batch is on disk (in the order written); `bytes` is the batch, handed back. */
  written(count: number, bytes: Uint8Array): void
  /** Writing failed (disk full, I/O error): nothing after this is written; what is on disk stays. */
  failed(message: string, code: string | null): void
}

/**
 * Writes the capture spool from a worker thread, so the helper's main thread does nothing but read
 * packets from libpcap and stamp them. Encoding a batch as pcapng blocks and the write() call took
 * ~2 ms per 40 ms of packets at 150k packets/s; on the stamping thread every packet arriving meanwhile
 * was stamped that much late (|stamp − kernel stamp| p99 1.7–2.1 ms with 6000-packet batches).
 * The file is created on the calling thread (a bad path fails the capture's start); the worker gets its
 * descriptor. Batches are written and acknowledged in order; the bytes are transferred, not copied.
 */
export class SpoolWriter {
  private readonly worker: Worker
  private closing: Promise<void> | null = null
  private gone = false
  private fdClosed = false
  private onClosed: (() => void) | null = null
  /** Bytes on disk (headers and acknowledged batches). */
  bytesWritten: number

  private constructor(
    private readonly fd: number,
    bytesWritten: number,
    private readonly events: SpoolWriterEvents,
  ) {
    this.bytesWritten = bytesWritten
    const file = workerFile(import.meta.url, 'spool-writer.mjs', 'spool-writer-worker.ts')
    if (!file) throw new Error('the spool writer worker file is missing (run `npm run build:node`)')
    this.worker = startWorker(file, { workerData: { fd, bytesWritten } })
    this.worker.on('message', (m: SpoolWriterReply) => this.onReply(m))
    this.worker.on('error', (err) => this.lost(`the spool writer failed: ${err.message}`))
    this.worker.on('exit', () => this.lost('the spool writer stopped'))
  }

  /** Creates the spool file (throws if it cannot) and starts its writer. */
  static create(
    path: string,
    iface: { linkType: number; snapLen: number; name: string; filter: string },
    events: SpoolWriterEvents,
  ): SpoolWriter {
    const spool = PcapngSpool.create(path, iface)
    try {
      return new SpoolWriter(spool.fd, spool.bytesWritten, events)
    } catch (err) {
      closeSync(spool.fd)
      throw err
    }
  }

  /** A writer for an already open descriptor (tests: a file that fails to write). */
  static forDescriptor(fd: number, events: SpoolWriterEvents): SpoolWriter {
    return new SpoolWriter(fd, 0, events)
  }

  /** Queues one batch (batch-codec records); `bytes` is transferred to the writer and handed back. */
  write(bytes: Uint8Array, count: number): void {
    if (this.closing || this.gone) return
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice()
    const m: SpoolWriterRequest = { t: 'batch', bytes: own, count }
    this.worker.postMessage(m, [own.buffer as ArrayBuffer])
  }

  /** Writes what is queued, syncs and closes the file; resolves when it is closed. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.gone) {
        this.closeFd()
        resolve()
        return
      }
      this.onClosed = () => {
        void this.worker.terminate()
        resolve()
      }
      this.worker.postMessage({ t: 'close' } satisfies SpoolWriterRequest)
    })
    return this.closing
  }

  private onReply(m: SpoolWriterReply): void {
    if (m.t === 'written') {
      this.bytesWritten = m.spoolBytes
      this.events.written(m.count, m.bytes)
    } else if (m.t === 'failed') {
      this.events.failed(m.message, m.code)
    } else {
      this.bytesWritten = m.spoolBytes
      this.closeFd()
      this.onClosed?.()
    }
  }

  /** The worker died (it should not): report it once and let close() release the file from here. */
  private lost(message: string): void {
    if (this.gone) return
    this.gone = true
    if (this.fdClosed) return // it was ended by close()
    this.events.failed(message, null)
    this.closeFd()
    this.onClosed?.()
  }

  private closeFd(): void {
    if (this.fdClosed) return
    this.fdClosed = true
    try {
      closeSync(this.fd)
    } catch {
      /* already closed */
    }
  }
}
