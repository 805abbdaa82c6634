import { open as openFile, type FileHandle } from 'node:fs/promises'
import { basename } from 'node:path'
import type {
  CaptureCheckResponse,
  CaptureFailureCode,
  CaptureInterfaceInfo,
  CaptureSaveResponse,
  CaptureStartResponse,
  CaptureStatusEvent,
  FileInfoSummary,
} from '../../../shared/ipc/contract'
import { decodeFrame } from '../../../shared/decode/decode-frame'
import { compileFilter, runFilter } from '../../../shared/filter'
import { DecodedFrame } from '../../../shared/model/decoded-frame'
import { newFrameRecord } from '../../../shared/model/frame'
import {
  checkCaptureFilter,
  listCaptureInterfaces,
  LiveCapture,
  type CaptureEnd,
  type HelperLaunch,
} from '../../capture/capture-client'
import { CaptureError } from '../../capture/capture-errors'
import { CaptureParser } from '../readers/capture-parser'
import { IndexBuilder, PacketIndex } from '../index'
import { IncrementalTcpAnalysis } from '../tcp'
import { frameReaderFor } from '../filter/index-filter'
import { exportPackets } from './export-save'
import { sortRows } from './sort-rows'
import type { EventSink, OpenFile } from './engine-service'
import { Throttle } from '../../util/throttle'
import { newOpenFile } from './open-file'
import { RequestError, int, noArgs, obj, oneOf, pathArg, str } from './validate'

/**
 * Live capture inside the engine: `capture.*` channels. A capture is an ordinary open file of the engine
 * whose path is the helper's pcapng spool; the engine tails that spool as the helper flushes batches
 * (every FLUSH_MS), indexes the new packets incrementally and streams them as file.onRows, so rows,
 * details, filters, conversations, follow and export all work on it unchanged (they read frames back
 * from the spool by offset). The TCP analysis is carried forward with every batch (incremental: the
 * new rows only), so a row's texts are final when it is first shown; the current display filter / sort
 * are rebuilt over all rows, throttled, as packets arrive.
 */

/**
 * The helper's batch period, and the least time between two file.onRows of a capture. Both flush on the
 * leading edge: a packet after a quiet spell goes straight through; under load a packet waits at most
 * FLUSH_MS + ROWS_MS (+ one tail read), and the list repaints at most 1000/ROWS_MS times a second however
 * fast packets come.
 */
const FLUSH_MS = 30
const ROWS_MS = 65
/** capture.onStatus while packets arrive (and once a second when idle). */
const STATUS_MS = 250
/** Rebuild the display filter and sort at most this often while capturing… */
const REFRESH_MS = 500
/**
 * …and at most every REFRESH_COST_FACTOR × its own duration: a filter or sort rebuild is O(all rows) and
 * blocks the engine (row ingestion, row requests) while it runs, so a long capture spends ≤ 1/10 of its
 * time on it. Without a filter or sort the refresh is the incremental analysis only.
 */
const REFRESH_COST_FACTOR = 10
const MAX_READ = 4 << 20
const MAX_SNAPLEN = 262144
const MAX_BUFFER = 2 ** 31

/** What the engine service lends this module (its file table and row streaming). */
export interface LiveCaptureHost {
  emit: EventSink
  /** Registers a new open file built by `make(id)`; throws RequestError when too many are open. */
  adopt(make: (id: number) => OpenFile): OpenFile
  /** Sends the rows not yet sent as file.onRows. */
  flushRows(f: OpenFile): void
  /** file.close of the engine (stops nothing itself: the file's abort signal tells us). */
  closeFile(fileId: number): Promise<void>
}

/** The hook an OpenFile of a live capture carries (engine-service calls refresh() before TCP work). */
export interface LiveFile {
  refresh(): void
}

interface StartOptions {
  iface: string
  filter: string
  snaplen: number
  bufferSize: number
}

class CaptureRun implements LiveFile {
  lc: LiveCapture | null = null
  running = true
  error: { code: CaptureFailureCode; message: string } | null = null
  savedPath: string | null = null
  /** Wire bytes of the indexed packets. */
  bytes = 0
  readonly t0 = performance.now()
  stoppedAt = 0
  ended: Promise<void> | null = null

  private readonly parser = new CaptureParser()
  private readonly rec = newFrameRecord()
  private readonly dec = new DecodedFrame()
  private readonly builder: IndexBuilder
  private fh: FileHandle | null = null
  private readOffset = 0
  private pumping: Promise<void> | null = null
  private pumpAgain = false
  private statusTimer: NodeJS.Timeout | null = null
  private lastRefresh = 0
  private refreshCost = 0
  private refreshing = false
  /** Rows the TCP analysis covers / the last view refresh covered. */
  private viewRows = 0
  /** This capture's TCP analysis, carried forward as rows arrive. */
  private readonly tcp = new IncrementalTcpAnalysis()

  constructor(
    readonly f: OpenFile,
    readonly opts: StartOptions,
    private readonly host: LiveCaptureHost,
  ) {
    this.builder = new IndexBuilder(f.index)
  }

  /** New packets are in the spool (the helper writes before it reports a batch): read and index them. */
  pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true
      return this.pumping
    }
    this.pumping = (async () => {
      try {
        do {
          this.pumpAgain = false
          await this.readSpool()
        } while (this.pumpAgain)
      } finally {
        this.pumping = null
      }
    })()
    return this.pumping
  }

  private async readSpool(): Promise<void> {
    const f = this.f
    this.fh ??= await openFile(f.path, 'r')
    for (;;) {
      const size = (await this.fh.stat()).size
      if (size <= this.readOffset) break
      const want = Math.min(MAX_READ, size - this.readOffset)
      // A fresh buffer per read: the parser may keep a view of it for a record split across reads.
      const buf = new Uint8Array(want)
      const { bytesRead } = await this.fh.read(buf, 0, want, this.readOffset)
      if (bytesRead <= 0) break
      this.readOffset += bytesRead
      this.parser.push(bytesRead === want ? buf : buf.subarray(0, bytesRead))
      const index = f.index
      const rec = this.rec
      while (this.parser.next(rec)) {
        if (index.count === 0 && this.parser.info) index.info = this.parser.info
        decodeFrame(rec.linkType, rec.data, rec.origLen, this.dec, true)
        this.builder.add(rec, this.dec)
        this.bytes += rec.origLen
      }
      if (this.parser.info) index.info = this.parser.info
    }
    f.sizeBytes = this.readOffset
    // Before the rows go out: their texts (stream, relative seq/ack, analysis flags) are then final.
    this.refresh()
    this.rowsThrottle.call()
    this.maybeRefresh()
    this.status(false)
  }

  /** Sends the new rows (and progress), at most every ROWS_MS; a timer sends the rest. */
  private readonly rowsThrottle = new Throttle(ROWS_MS, () => {
    if (this.f.sent === this.f.index.count && this.running) return
    this.host.flushRows(this.f)
    this.progress(false)
  })

  /** A throttled refreshView while capturing (see REFRESH_MS / REFRESH_COST_FACTOR). */
  private maybeRefresh(): void {
    if (!this.running || this.f.index.count === this.viewRows) return
    if (performance.now() - this.lastRefresh < Math.max(REFRESH_MS, REFRESH_COST_FACTOR * this.refreshCost))
      return
    void this.refreshView()
  }

  /**
   * TCP analysis over every row indexed so far (synchronous: callers get a current analysis). Incremental:
   * only the rows since the last refresh are analysed, so a refresh costs the new rows, not the capture.
   */
  refresh(): void {
    const f = this.f
    if (f.tcp && f.tcp.count === f.index.count) return
    this.tcp.advance(f.index)
    f.tcp = this.tcp.analysis()
  }

  /**
   * Rebuilds what depends on all rows: the analysis, then the current display filter and sort, so rows
   * that arrived after the filter was applied are shown when they match. A filter applied meanwhile by the
   * user (filterGen moved) wins: our result is dropped.
   */
  async refreshView(): Promise<void> {
    const f = this.f
    if (this.refreshing || f.index.count === this.viewRows) return
    this.refreshing = true
    const t0 = performance.now()
    try {
      this.refresh()
      const rows = f.index.count
      const gen = f.filterGen
      const text = f.filterText
      if (text.trim() !== '') {
        const c = compileFilter(text)
        if (!c.ok) return
        f.reader ??= frameReaderFor(f.path, f.index)
        const res = await runFilter(
          c.value,
          {
            chunks: f.index.chunks,
            count: rows,
            addresses: f.index.addresses,
            info: f.index.info,
            tcp: f.tcp,
          },
          { readFrame: f.reader },
        )
        if (!res.ok || gen !== f.filterGen || text !== f.filterText) return
        f.displayedSorted = res.value
      }
      if (f.sort) {
        let base = f.displayedSorted
        if (!base) {
          base = new Uint32Array(rows)
          for (let i = 0; i < rows; i++) base[i] = i
        }
        f.displayed = sortRows(f.index, base, f.sort.column, f.sort.descending)
      } else f.displayed = f.displayedSorted
      this.viewRows = rows
    } catch {
      // A failed refresh leaves the previous view; the next one retries.
    } finally {
      this.refreshCost = performance.now() - t0
      this.lastRefresh = performance.now()
      this.refreshing = false
    }
  }

  progress(done: boolean): void {
    const ms = (this.running ? performance.now() : this.stoppedAt) - this.t0
    const rows = this.f.index.count
    this.host.emit(
      'file.onProgress',
      {
        fileId: this.f.id,
        rows,
        bytes: this.readOffset,
        totalBytes: this.readOffset,
        packetsPerSec: ms > 0 ? Math.round((rows * 1000) / ms) : 0,
        elapsedMs: Math.round(ms),
        done,
        ...(done && this.error ? { error: this.error.message } : {}),
      },
      [],
    )
  }

  statusEvent(): CaptureStatusEvent {
    const ms = (this.running ? performance.now() : this.stoppedAt) - this.t0
    const f = this.f
    return {
      fileId: f.id,
      iface: this.opts.iface,
      filter: this.opts.filter,
      running: this.running,
      packets: f.index.count,
      displayed: f.displayed ? f.displayed.length : f.index.count,
      dropped: this.lc?.stats.dropped ?? null,
      bytes: this.bytes,
      spoolBytes: Math.max(this.readOffset, this.lc?.stats.spoolBytes ?? 0),
      elapsedMs: Math.round(ms),
      ...(this.error ? { error: this.error } : {}),
      ...(this.savedPath ? { savedPath: this.savedPath } : {}),
    }
  }

  /**
   * Sends capture.onStatus, at most every STATUS_MS unless forced. A throttled call is sent when the
   * period ends, so the counters show the last batch soon after traffic stops, not at the next idle tick.
   */
  status(force: boolean): void {
    this.statusThrottle.call(force)
  }

  private readonly statusThrottle = new Throttle(STATUS_MS, () => {
    this.host.emit('capture.onStatus', this.statusEvent(), [])
  })

  startTimers(): void {
    // Counters keep moving (elapsed time) and a late filter refresh lands even when no packet arrives.
    this.statusTimer = setInterval(() => {
      this.maybeRefresh()
      this.status(false)
    }, 1000)
  }

  /** The capture ended (requested, count, helper died, device down): index the rest, final events. */
  async finish(end: CaptureEnd | null): Promise<void> {
    if (this.statusTimer) clearInterval(this.statusTimer)
    this.statusTimer = null
    if (end?.error && !this.error)
      this.error = { code: end.error.code as CaptureFailureCode, message: end.error.message }
    await this.pump()
    this.running = false
    this.stoppedAt = performance.now()
    this.builder.finish()
    await this.refreshView()
    this.rowsThrottle.cancel()
    this.host.flushRows(this.f)
    this.progress(true)
    this.status(true)
  }

  async close(): Promise<void> {
    if (this.statusTimer) clearInterval(this.statusTimer)
    this.statusTimer = null
    this.statusThrottle.cancel()
    this.rowsThrottle.cancel()
    await this.fh?.close().catch(() => {})
    this.fh = null
  }
}

/** The capture.* channels. One instance per EngineService. */
export class LiveCaptureEngine {
  private readonly runs = new Map<number, CaptureRun>()

  constructor(
    private readonly host: LiveCaptureHost,
    private readonly launch: HelperLaunch = {},
  ) {}

  handle(channel: string, request: unknown): Promise<unknown> {
    switch (channel) {
      case 'capture.interfaces':
        return this.interfaces(request)
      case 'capture.check':
        return this.check(request)
      case 'capture.start':
        return this.start(request)
      case 'capture.stop':
        return this.stop(request)
      case 'capture.restart':
        return this.restart(request)
      case 'capture.save':
        return this.save(request)
      case 'capture.discard':
        return this.discard(request)
    }
    return Promise.reject(new RequestError(`unknown channel ${channel}`, 'unknown-channel'))
  }

  /** The capture of an open file, if it is one (tests, the CLI). */
  runOf(fileId: number): { helperPid: number | undefined; spoolPath: string } | null {
    const r = this.runs.get(fileId)
    return r ? { helperPid: r.lc?.helperPid, spoolPath: r.f.path } : null
  }

  /** Resolves when the capture's end (stop, helper death) has been fully indexed. */
  async whenEnded(fileId: number): Promise<void> {
    const r = this.runs.get(fileId)
    if (r) await (r.ended ?? Promise.resolve())
  }

  async dispose(): Promise<void> {
    for (const id of [...this.runs.keys()]) await this.discardRun(id)
  }

  private run(request: unknown): CaptureRun {
    const r = obj(request)
    const fileId = int(r.fileId, 'fileId', 1)
    const run = this.runs.get(fileId)
    if (!run)
      throw new RequestError(
        `file ${fileId} is not a live capture (it was discarded, or it was opened from a file)`,
        'no-such-file',
      )
    return run
  }

  private async interfaces(request: unknown): Promise<CaptureInterfaceInfo[]> {
    noArgs(request, 'capture.interfaces')
    try {
      return await listCaptureInterfaces(this.launch)
    } catch (err) {
      throw captureRequestError(err)
    }
  }

  private async check(request: unknown): Promise<CaptureCheckResponse> {
    const r = obj(request)
    const iface = str(r.iface, 'iface', 256)
    const filter = str(r.filter, 'filter', 10_000)
    try {
      const { linkType } = await checkCaptureFilter(iface, filter, this.launch)
      return { valid: true, linkType }
    } catch (err) {
      if (!(err instanceof CaptureError)) throw err
      return {
        valid: false,
        code: err.code,
        message: err.message,
        ...(err.detail ? { detail: err.detail } : {}),
      }
    }
  }

  private async start(request: unknown): Promise<CaptureStartResponse> {
    const r = obj(request)
    const iface = str(r.iface, 'iface', 256)
    if (iface === '') throw new RequestError('invalid request: iface must not be empty', 'bad-request')
    const opts: StartOptions = {
      iface,
      filter: r.filter === undefined ? '' : str(r.filter, 'filter', 10_000),
      snaplen: r.snaplen === undefined ? MAX_SNAPLEN : int(r.snaplen, 'snaplen', 1, MAX_SNAPLEN),
      bufferSize:
        r.bufferSize === undefined ? 64 << 20 : int(r.bufferSize, 'bufferSize', 1 << 20, MAX_BUFFER),
    }
    return this.startWith(opts)
  }

  private async startWith(opts: StartOptions): Promise<CaptureStartResponse> {
    // Batches only wake us up: the packets are read back from the spool, so the rows are exactly
    // what is on disk (and what a save writes), and the bytes cross the process boundary once.
    let run: CaptureRun | null = null
    let early = 0
    let lc: LiveCapture
    try {
      lc = await LiveCapture.start(
        {
          device: opts.iface,
          filter: opts.filter,
          snapLen: opts.snaplen,
          bufferSize: opts.bufferSize,
          flushMs: FLUSH_MS,
          streamPackets: false,
        },
        {
          onBatch: () => (run ? void run.pump() : early++),
          onError: (e) => {
            if (run && !run.error) {
              run.error = { code: e.code, message: e.message }
              run.status(true)
            }
          },
        },
        this.launch,
      )
    } catch (err) {
      throw captureRequestError(err)
    }
    let f: OpenFile
    try {
      f = this.host.adopt((id) => liveOpenFile(id, lc.spoolPath))
    } catch (err) {
      await lc.stop()
      await lc.discard()
      throw err
    }
    run = new CaptureRun(f, opts, this.host)
    run.lc = lc
    f.live = run
    this.runs.set(f.id, run)
    const theRun = run
    // file.close of this file (the user closed it): stop capturing; the spool stays until discard.
    f.abort.signal.addEventListener('abort', () => void lc.stop())
    theRun.ended = lc.done.then((end) => theRun.finish(end)).catch(() => {})
    // Events only after this answer is on its way (the renderer learns the file id from it).
    setTimeout(() => {
      theRun.startTimers()
      theRun.status(true)
      if (early > 0) void theRun.pump()
    }, 0)
    return {
      fileId: f.id,
      spoolPath: lc.spoolPath,
      info: liveInfo(lc.spoolPath, lc.linkType, opts.iface),
      linkType: lc.linkType,
    }
  }

  private async stop(request: unknown): Promise<CaptureStatusEvent> {
    const run = this.run(request)
    await this.stopRun(run)
    return run.statusEvent()
  }

  private async stopRun(run: CaptureRun): Promise<void> {
    if (run.lc && run.running) await run.lc.stop()
    await run.ended
  }

  private async restart(request: unknown): Promise<CaptureStartResponse> {
    const run = this.run(request)
    const opts = { ...run.opts }
    await this.discardRun(run.f.id)
    return this.startWith(opts)
  }

  private async save(request: unknown): Promise<CaptureSaveResponse> {
    const run = this.run(request)
    const r = obj(request)
    const path = pathArg(r.path)
    const format =
      r.format === undefined
        ? /\.pcap$/i.test(path)
          ? 'pcap'
          : 'pcapng'
        : oneOf(r.format, 'format', ['pcap', 'pcapng'] as const)
    await this.stopRun(run)
    const f = run.f
    const pick = new Uint8Array(f.index.count).fill(1)
    const res = await exportPackets(f.path, f.index, pick, format, path)
    run.savedPath = res.path
    run.status(true)
    return { path: res.path, packets: res.packets, bytes: res.bytes }
  }

  private async discard(request: unknown): Promise<null> {
    const run = this.run(request)
    await this.discardRun(run.f.id)
    return null
  }

  private async discardRun(fileId: number): Promise<void> {
    const run = this.runs.get(fileId)
    if (!run) return
    this.runs.delete(fileId)
    await this.stopRun(run).catch(() => {})
    await run.close()
    await this.host.closeFile(fileId).catch(() => {})
    await run.lc?.discard().catch(() => {})
  }
}

/** An engine OpenFile for a capture spool that is still being written. */
function liveOpenFile(id: number, spoolPath: string): OpenFile {
  // Indexing of a live file is incremental: every request works on the rows so far (needTcp refreshes).
  return newOpenFile({ id, path: spoolPath, sizeBytes: 0, index: new PacketIndex(), done: true, digits: 9 })
}

function liveInfo(spoolPath: string, linkType: number, iface: string): FileInfoSummary {
  return {
    path: spoolPath,
    name: `${iface} (live) — ${basename(spoolPath)}`,
    sizeBytes: 0,
    format: 'pcapng',
    gzip: false,
    linkTypes: [linkType],
    interfaceNames: [iface],
  }
}

/** A CaptureError as the engine's error result: the user's message, the capture code as `reason`. */
function captureRequestError(err: unknown): unknown {
  if (err instanceof CaptureError) return new RequestError(err.message, 'open-failed', { reason: err.code })
  return err
}
