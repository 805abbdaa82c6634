import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { newOpenFile } from './open-file'
import type {
  ConversationRow,
  EngineChannel,
  ExportSaveRequest,
  ExportSaveResponse,
  FileOpenResponse,
  FileRowsResponse,
  FilterApplyResponse,
  FollowStreamResponse,
  FrameDetails,
  IpcEventName,
  IpcEvents,
  IpcRequest,
  IpcResponse,
  IpcResult,
  RowColumnName,
  StreamStatesResponse,
} from '../../../shared/ipc/contract'
import {
  ENGINE_CHANNELS,
  MAX_ROWS_PER_REQUEST,
  SORT_COLUMNS,
  type SortColumn,
} from '../../../shared/ipc/contract'
import { decodeFrame } from '../../../shared/decode/decode-frame'
import { DecodedFrame } from '../../../shared/model/decoded-frame'
import { CHUNK_ROWS } from '../../../shared/model/index-columns'
import { compileFilter, runFilter } from '../../../shared/filter'
import { dissectFrame } from '../../../shared/dissect/dissect-frame'
import { stateName } from '../../../shared/explain/tcp-states'
import { REASON_IDS } from '../../../shared/explain/state-reasons'
import { CaptureOpenError, readCaptureFile } from '../readers/read-capture-file'
import { IndexBuilder, PacketIndex } from '../index'
import { analyzeTcp, tcpFieldValues, type TcpAnalysis } from '../tcp'
import { streamStates } from '../tcp/state'
import { followTcpStream } from '../tcp/reassembly/follow-stream'
import { frameReaderFor, type ClosableFrameReader } from '../filter/index-filter'
import { rowText } from './row-text'
import { sortRows } from './sort-rows'
import { exportPackets } from './export-save'
import { loadWarning } from './load-warning'
import { streamLadder } from './stream-ladder'
import { frameTcpdump } from './tcpdump-line'
import { RequestError, bool, fail, int, intList, obj, oneOf, pathArg, str } from './validate'
import { LiveCaptureEngine, type LiveFile } from './live-capture'
import type { HelperLaunch } from '../../capture/helper-transport'

/** Sink for engine events; `transfer` lists the ArrayBuffers a MessagePort host should move, not copy. */
export type EventSink = <E extends IpcEventName>(
  event: E,
  payload: IpcEvents[E],
  transfer: ArrayBuffer[],
) => void

const ROW_COLUMNS: Array<[RowColumnName, string]> = [
  ['tsSec', 'f64'],
  ['tsNsec', 'u32'],
  ['capLen', 'u32'],
  ['origLen', 'u32'],
  ['proto', 'u8'],
  ['issues', 'u8'],
  ['srcPort', 'u16'],
  ['dstPort', 'u16'],
  ['tcpFlags', 'u16'],
  ['payloadLen', 'u32'],
]

/** Emit a rows batch when this many rows are pending, or fewer after BATCH_MS (first rows show fast). */
const BATCH_ROWS = 16384
const BATCH_MS = 50
const MAX_OPEN_FILES = 64
const READ_CHUNK = 256 * 1024
const MAX_FILTER_LEN = 10_000

/** How the engine is set up where it runs (all optional: the defaults suit node). */
export interface EngineServiceOptions {
  /**
   * How live captures start the capture helper. Default: a node child process (helper-transport.ts).
   * In Electron the engine is a utilityProcess and asks main for a helper utilityProcess instead
   * (worker-entry.ts passes port-transport.ts's transport).
   */
  captureLaunch?: HelperLaunch
}

export interface OpenFile {
  id: number
  path: string
  sizeBytes: number
  index: PacketIndex
  tcp: TcpAnalysis | null
  done: boolean
  failed: string | null
  abort: AbortController
  loaded: Promise<void>
  /** Rows already sent as file.onRows. */
  sent: number
  /** Displayed rows of the current filter (null = every row). */
  displayed: Uint32Array | null
  filterText: string
  /** Current sort (null = file order); `displayed` is then in that order and `displayedSorted` is ascending. */
  sort: { column: SortColumn; descending: boolean } | null
  displayedSorted: Uint32Array | null
  reader: ClosableFrameReader | null
  digits: number
  /** Incremented by each filter.apply: a slower, older filter must not overwrite a newer one's rows. */
  filterGen: number
  /** A live capture (live-capture.ts): rows keep arriving; refresh() brings the TCP analysis up to date. */
  live?: LiveFile
}

/**
 * The engine behind the IPC contract. No electron imports: it runs in a worker_threads Worker (Node,
 * browser mode), an Electron utilityProcess, or in-process in tests. `handle()` never throws: every
 * failure, including a malformed argument, comes back as `{ ok: false, error, detail }`.
 */
export class EngineService {
  private readonly files = new Map<number, OpenFile>()
  private nextId = 1
  /** capture.* channels: a live capture is an open file fed from the capture helper's spool. */
  readonly capture: LiveCaptureEngine

  constructor(
    private readonly emit: EventSink = () => {},
    options: EngineServiceOptions = {},
  ) {
    this.capture = new LiveCaptureEngine(
      {
        emit: (event, payload, transfer) => this.emit(event, payload, transfer),
        adopt: (make) => {
          if (this.files.size >= MAX_OPEN_FILES)
            throw new RequestError(`too many open files (${MAX_OPEN_FILES}); close one first`, 'bad-request')
          const f = make(this.nextId++)
          this.files.set(f.id, f)
          return f
        },
        flushRows: (f) => this.flushRows(f),
        closeFile: async (fileId) => void (this.files.has(fileId) && (await this.close({ fileId }))),
      },
      options.captureLaunch,
    )
  }

  async handle(channel: unknown, request: unknown): Promise<IpcResult<unknown>> {
    try {
      if (typeof channel !== 'string' || !(ENGINE_CHANNELS as string[]).includes(channel))
        // Describe without String(channel): an object without a prototype cannot be converted.
        throw new RequestError(
          `unknown channel ${typeof channel === 'string' ? JSON.stringify(channel.slice(0, 80)) : `(a ${typeof channel})`}`,
          'unknown-channel',
        )
      const value = await this.dispatch(channel as EngineChannel, request)
      return { ok: true, value }
    } catch (err) {
      return fail(err)
    }
  }

  /** Typed entry for in-process callers (tests, the bridge without a worker). */
  call<C extends EngineChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<IpcResponse<C>>> {
    return this.handle(channel, request) as Promise<IpcResult<IpcResponse<C>>>
  }

  private dispatch(channel: EngineChannel, request: unknown): Promise<unknown> | unknown {
    switch (channel) {
      case 'file.open':
        return this.open(request)
      case 'file.close':
        return this.close(request)
      case 'file.cancel':
        return this.cancel(request)
      case 'file.rows':
        return this.rows(request)
      case 'filter.apply':
        return this.filterApply(request)
      case 'filter.rows':
        return this.filterRows(request)
      case 'view.sort':
        return this.sort(request)
      case 'frame.details':
        return this.details(request)
      case 'conv.list':
        return this.convList(request)
      case 'stream.follow':
        return this.follow(request)
      case 'stream.states':
        return this.states(request)
      case 'export.save':
        return this.exportSave(request)
      case 'capture.interfaces':
      case 'capture.check':
      case 'capture.start':
      case 'capture.stop':
      case 'capture.restart':
      case 'capture.save':
      case 'capture.discard':
        return this.capture.handle(channel, request)
      case 'frame.tcpdump': return frameTcpdump(request, (id) => { const f = this.file(id); return { index: f.index, tcp: f.done ? f.tcp : null, read: this.readerOf(f) } }) // prettier-ignore
      case 'stream.ladder':
        return streamLadder(request, (id) => {
          const f = this.file(id)
          return { index: f.index, tcp: this.needTcp(f), read: this.readerOf(f) }
        })
    }
  }

  /** Wait until the file is fully indexed (tests, CLI). */
  async whenLoaded(fileId: number): Promise<void> {
    await this.file(fileId).loaded
  }

  async dispose(): Promise<void> {
    await this.capture.dispose()
    for (const id of [...this.files.keys()]) await this.close({ fileId: id })
  }

  // --- helpers

  private file(id: unknown): OpenFile {
    const fileId = int(id, 'fileId', 1)
    const f = this.files.get(fileId)
    if (!f)
      throw new RequestError(`no open file with id ${fileId} (it was closed or never opened)`, 'no-such-file')
    return f
  }

  private fileOf(request: unknown): [OpenFile, Record<string, unknown>] {
    const r = obj(request)
    return [this.file(r.fileId), r]
  }

  private needTcp(f: OpenFile): TcpAnalysis {
    f.live?.refresh()
    if (f.failed) throw new RequestError(`the file could not be read completely: ${f.failed}`, 'io')
    if (!f.done || !f.tcp)
      throw new RequestError('the file is still loading; try again when indexing has finished', 'not-ready')
    return f.tcp
  }

  private readerOf(f: OpenFile): ClosableFrameReader {
    f.reader ??= frameReaderFor(f.path, f.index)
    return f.reader
  }

  // --- file.open / close / cancel

  private async open(request: unknown): Promise<FileOpenResponse> {
    const r = obj(request)
    const path = pathArg(r.path)
    if (this.files.size >= MAX_OPEN_FILES)
      throw new RequestError(`too many open files (${MAX_OPEN_FILES}); close one first`, 'bad-request')
    let size: number
    try {
      const st = await stat(path)
      if (st.isDirectory())
        throw new CaptureOpenError(
          `${path}: is a directory, not a capture file (choose a .pcap or .pcapng file)`,
          'directory',
          path,
        )
      size = st.size
    } catch (err) {
      if (err instanceof CaptureOpenError)
        throw new RequestError(err.message, 'open-failed', { reason: err.code })
      const code = (err as NodeJS.ErrnoException)?.code
      const reason =
        code === 'ENOENT' ? 'missing' : code === 'EACCES' || code === 'EPERM' ? 'permission' : 'io'
      throw new RequestError(
        reason === 'missing'
          ? `${path}: no such file (check the path)`
          : `${path}: cannot be opened (${code ?? 'error'})`,
        'open-failed',
        { reason },
      )
    }
    const id = this.nextId++
    const index = new PacketIndex()
    const f = newOpenFile({ id, path, sizeBytes: size, index, done: false, digits: 6 })
    // The response waits for the file header (so a non-capture fails the open), rows keep streaming.
    let headerSeen!: (ok: true | Error) => void
    const header = new Promise<true | Error>((res) => (headerSeen = res))
    f.loaded = this.load(f, () => headerSeen(true)).catch((err: unknown) => {
      headerSeen(err instanceof Error ? err : new Error(String(err)))
    })
    const h = await header
    if (h !== true) {
      const reason = h instanceof CaptureOpenError ? h.code : 'io'
      throw new RequestError(h.message, 'open-failed', { reason })
    }
    this.files.set(id, f)
    const info = index.info
    return {
      fileId: id,
      info: {
        path,
        name: basename(path),
        sizeBytes: size,
        format: info.format,
        gzip: info.gzip,
        linkTypes: info.interfaces.map((i) => i.linkType),
        interfaceNames: info.interfaces.map((i) => i.name ?? ''),
      },
    }
  }

  /** Read + decode + index, streaming row batches and progress; then the TCP analysis. */
  private async load(f: OpenFile, onHeader: () => void): Promise<void> {
    const index = f.index
    const builder = new IndexBuilder(index)
    const dec = new DecodedFrame()
    const t0 = performance.now()
    // -Infinity: the first rows go out at once (first paint), later ones every BATCH_MS / BATCH_ROWS.
    let lastEmit = -Infinity
    let bytes = 0
    let headerDone = false
    const progress = (
      done: boolean,
      extra: { cancelled?: boolean; error?: string; warning?: string } = {},
    ): void => {
      const ms = performance.now() - t0
      this.emit(
        'file.onProgress',
        {
          fileId: f.id,
          rows: index.count,
          bytes,
          totalBytes: f.sizeBytes,
          packetsPerSec: ms > 0 ? Math.round((index.count * 1000) / ms) : 0,
          elapsedMs: Math.round(ms),
          done,
          ...extra,
        },
        [],
      )
    }
    try {
      const summary = await readCaptureFile(
        f.path,
        (rec, info) => {
          if (!headerDone) {
            index.info = info
            headerDone = true
            f.digits = Math.min(9, Math.max(0, info.interfaces[0]?.tsPrecisionDigits ?? 6))
            onHeader()
          }
          decodeFrame(rec.linkType, rec.data, rec.origLen, dec, true)
          builder.add(rec, dec)
          bytes = rec.fileOffset + rec.capLen
          if ((index.count & 255) === 0) {
            const now = performance.now()
            if (index.count - f.sent >= BATCH_ROWS || now - lastEmit >= BATCH_MS) {
              lastEmit = now
              this.flushRows(f)
              progress(false)
            }
          }
        },
        // Smaller reads than the reader's 1 MiB default: the loop yields every ~3-4k frames, so the open
        // response, row requests and cancel get through quickly while a big file loads.
        { signal: f.abort.signal, chunkSize: READ_CHUNK },
      )
      index.info = summary.info
      index.summary = summary
      builder.finish()
      bytes = summary.bytes
      if (!headerDone) {
        headerDone = true
        onHeader()
      }
      this.flushRows(f)
      if (!f.abort.signal.aborted) f.tcp = analyzeTcp(index)
      f.done = true
      // A file that ends mid-record (still being written, cut short) or stops at a corrupt record:
      // its rows are fine, but the page must say that the file holds more than it shows.
      const warning = f.abort.signal.aborted ? null : loadWarning(summary, f.sizeBytes)
      progress(true, f.abort.signal.aborted ? { cancelled: true } : warning ? { warning } : {})
    } catch (err) {
      if (!headerDone) throw err
      builder.finish()
      this.flushRows(f)
      const aborted = f.abort.signal.aborted
      // A cancelled load keeps the rows read so far browsable, with the TCP analysis over them.
      if (aborted) f.tcp = analyzeTcp(index)
      else f.failed = err instanceof Error ? err.message : String(err)
      f.done = true
      progress(true, aborted ? { cancelled: true } : { error: f.failed ?? 'error' })
    }
  }

  /** Send rows [sent, count) as column buffers (copies: the index keeps its own arrays). */
  private flushRows(f: OpenFile): void {
    const index = f.index
    while (f.sent < index.count) {
      const c = index.chunks[Math.floor(f.sent / CHUNK_ROWS)]!
      const from = f.sent - c.firstRow
      const to = Math.min(c.count, from + BATCH_ROWS * 4)
      if (to <= from) break
      const columns = {} as Record<RowColumnName, ArrayBuffer>
      const transfer: ArrayBuffer[] = []
      for (const [name] of ROW_COLUMNS) {
        const col = c[name]
        const copy = col.slice(from, to)
        columns[name] = copy.buffer as ArrayBuffer
        transfer.push(copy.buffer as ArrayBuffer)
      }
      this.emit(
        'file.onRows',
        { fileId: f.id, firstRow: c.firstRow + from, count: to - from, columns },
        transfer,
      )
      f.sent = c.firstRow + to
    }
  }

  private async close(request: unknown): Promise<null> {
    const [f] = this.fileOf(request)
    this.files.delete(f.id)
    f.abort.abort()
    await f.loaded.catch(() => {})
    await f.reader?.close().catch(() => {})
    return null
  }

  private cancel(request: unknown): null {
    const [f] = this.fileOf(request)
    if (!f.done) f.abort.abort()
    return null
  }

  // --- rows

  private async rows(request: unknown): Promise<FileRowsResponse> {
    const [f, r] = this.fileOf(request)
    const view = oneOf(r.view, 'view', ['all', 'displayed'] as const, 'all')
    const absoluteSeq = bool(r.absoluteSeq, 'absoluteSeq', false)
    const total = f.index.count
    const disp = f.displayed
    const displayedCount = disp ? disp.length : total
    const viewLen = view === 'displayed' ? displayedCount : total
    const picks: Array<[row: number, pos: number]> = []
    if (r.rows !== undefined) {
      if (r.start !== undefined || r.count !== undefined)
        throw new RequestError('invalid request: give either rows or start/count', 'bad-request')
      const list = intList(r.rows, 'rows', MAX_ROWS_PER_REQUEST, Number.MAX_SAFE_INTEGER)
      for (const row of list) {
        if (row >= total) throw new RequestError(`row ${row} does not exist (${total} rows)`, 'out-of-range')
        picks.push([row, view === 'displayed' && disp ? positionOf(f, row) : row])
      }
    } else {
      const start = int(r.start, 'start', 0)
      const count = int(r.count, 'count', 0, MAX_ROWS_PER_REQUEST)
      const end = Math.min(viewLen, start + count)
      for (let p = start; p < end; p++) picks.push([view === 'displayed' && disp ? disp[p]! : p, p])
    }
    const bytes = new Map<number, Uint8Array>()
    const need = picks.filter(([row]) => f.index.get('proto', row) !== 5).map(([row]) => row)
    if (need.length > 0) {
      try {
        const got = await this.readerOf(f)(Uint32Array.from(need))
        need.forEach((row, k) => bytes.set(row, got[k]!))
      } catch {
        // Info falls back to what the index knows.
      }
    }
    const ctx = {
      index: f.index,
      tcp: f.tcp,
      bytes,
      absoluteSeq,
      // Wireshark's "since previous displayed" is by frame order, whatever the sort.
      prevDisplayed: (row: number): number => {
        const asc = f.displayedSorted
        if (!asc) return row - 1
        const k = lowerBound(asc, row)
        return k > 0 ? asc[k - 1]! : -1
      },
    }
    return {
      total,
      displayed: displayedCount,
      rows: picks.map(([row, pos]) => rowText(ctx, row, pos, f.digits)),
    }
  }

  // --- filter

  private async filterApply(request: unknown): Promise<FilterApplyResponse> {
    const [f, r] = this.fileOf(request)
    const text = str(r.text, 'text', MAX_FILTER_LEN)
    const t0 = performance.now()
    const gen = ++f.filterGen
    if (text.trim() === '') {
      f.displayedSorted = null
      f.filterText = ''
      this.applySort(f)
      return {
        count: f.index.count,
        total: f.index.count,
        elapsedMs: Math.round((performance.now() - t0) * 10) / 10,
      }
    }
    const c = compileFilter(text)
    if (!c.ok)
      throw new RequestError(c.error.message, 'bad-filter', { start: c.error.start, end: c.error.end })
    const tcp = this.needTcp(f)
    const res = await runFilter(
      c.value,
      { chunks: f.index.chunks, count: f.index.count, addresses: f.index.addresses, info: f.index.info, tcp },
      { readFrame: this.readerOf(f) },
    )
    if (!res.ok)
      throw new RequestError(res.error.message, 'bad-filter', { start: res.error.start, end: res.error.end })
    if (gen !== f.filterGen) throw new RequestError('a newer filter replaced this one', 'cancelled')
    f.displayedSorted = res.value
    f.filterText = text
    this.applySort(f)
    return {
      count: res.value.length,
      total: f.index.count,
      elapsedMs: Math.round((performance.now() - t0) * 10) / 10,
    }
  }

  private sort(request: unknown): { count: number; elapsedMs: number } {
    const [f, r] = this.fileOf(request)
    const column = oneOf(r.column, 'column', SORT_COLUMNS)
    const descending = bool(r.descending, 'descending', false)
    if (!f.done)
      throw new RequestError('the file is still loading; sort when indexing has finished', 'not-ready')
    const t0 = performance.now()
    f.sort = column === 'no' && !descending ? null : { column, descending }
    this.applySort(f)
    return {
      count: f.displayed ? f.displayed.length : f.index.count,
      elapsedMs: Math.round((performance.now() - t0) * 10) / 10,
    }
  }

  /** displayed = the filter's rows (ascending) put in the current sort order; null = all rows, file order. */
  private applySort(f: OpenFile): void {
    if (!f.sort) {
      f.displayed = f.displayedSorted
      return
    }
    let rows = f.displayedSorted
    if (!rows) {
      rows = new Uint32Array(f.index.count)
      for (let i = 0; i < rows.length; i++) rows[i] = i
    }
    f.displayed = sortRows(f.index, rows, f.sort.column, f.sort.descending)
  }

  private filterRows(request: unknown): { rows: ArrayBuffer; count: number } {
    const [f] = this.fileOf(request)
    if (f.displayed) return { rows: f.displayed.slice().buffer as ArrayBuffer, count: f.displayed.length }
    const all = new Uint32Array(f.index.count)
    for (let i = 0; i < all.length; i++) all[i] = i
    return { rows: all.buffer as ArrayBuffer, count: all.length }
  }

  // --- details

  private async details(request: unknown): Promise<FrameDetails> {
    const [f, r] = this.fileOf(request)
    const frame = int(r.frame, 'frame', 1)
    if (frame > f.index.count)
      throw new RequestError(`frame ${frame} does not exist (${f.index.count} frames)`, 'out-of-range')
    const row = frame - 1
    const c = f.index.chunkOf(row)
    const i = row - c.firstRow
    const [data] = await this.readerOf(f)(Uint32Array.of(row))
    const ifId = c.interfaceId[i]!
    const iface = f.index.info.interfaces[ifId]
    return dissectFrame({
      frame,
      linkType: iface?.linkType ?? 1,
      tsSec: c.tsSec[i]!,
      tsNsec: c.tsNsec[i]!,
      origLen: c.origLen[i]!,
      data: (data ?? new Uint8Array(0)).slice(),
      interfaceId: ifId,
      ...(iface?.name ? { interfaceName: iface.name } : {}),
      ...(f.tcp && row < f.tcp.count && f.tcp.stream[row]! >= 0
        ? {
            tcp: tcpFieldValues(f.index, f.tcp, row, c.payloadLen[i]!) as Record<
              string,
              number | string | string[] | undefined
            >,
          }
        : {}),
    })
  }

  // --- TCP

  private convList(request: unknown): ConversationRow[] {
    const [f] = this.fileOf(request)
    const tcp = this.needTcp(f)
    const a = f.index.addresses
    const first = f.index.count > 0 ? f.index.get('tsSec', 0) + f.index.get('tsNsec', 0) / 1e9 : 0
    return tcp.conversations.map((c) => ({
      stream: c.stream,
      clientAddress: a.format(c.clientAddr),
      clientPort: c.clientPort,
      serverAddress: a.format(c.serverAddr),
      serverPort: c.serverPort,
      packetsClientToServer: c.packetsClientToServer,
      packetsServerToClient: c.packetsServerToClient,
      bytesClientToServer: c.bytesClientToServer,
      bytesServerToClient: c.bytesServerToClient,
      payloadClientToServer: c.payloadClientToServer,
      payloadServerToClient: c.payloadServerToClient,
      relStart: c.startTime - first,
      duration: c.duration,
      endReason: c.endReason,
      firstFrame: c.rows.length > 0 ? c.rows[0]! + 1 : 0,
      packets: c.rows.length,
    }))
  }

  private streamArg(f: OpenFile, r: Record<string, unknown>): number {
    const tcp = this.needTcp(f)
    const stream = int(r.stream, 'stream', 0)
    if (stream >= tcp.conversations.length)
      throw new RequestError(
        `tcp.stream ${stream} does not exist (${tcp.conversations.length} streams)`,
        'out-of-range',
      )
    return stream
  }

  private async follow(request: unknown): Promise<FollowStreamResponse> {
    const [f, r] = this.fileOf(request)
    const stream = this.streamArg(f, r)
    const res = await followTcpStream(f.path, f.index, f.tcp!, stream)
    const ep = (
      e: { addr: number | string; port: number } | null,
    ): { address: string; port: number } | null =>
      e
        ? { address: typeof e.addr === 'number' ? f.index.addresses.format(e.addr) : e.addr, port: e.port }
        : null
    return {
      stream,
      client: ep(res.client),
      server: ep(res.server),
      chunks: res.chunks.map((c) => ({
        dir: c.dir,
        data: c.data,
        firstFrame: c.firstFrame,
        lastFrame: c.lastFrame,
        seq: c.seq,
        missing: c.missing,
      })),
      bytes: [res.stats[0].bytes, res.stats[1].bytes],
    }
  }

  private states(request: unknown): StreamStatesResponse {
    const [f, r] = this.fileOf(request)
    const stream = this.streamArg(f, r)
    const conv = f.tcp!.conversations[stream]!
    const st = streamStates(f.index, conv)
    const frames = Array.from(conv.rows, (row) => row + 1)
    return {
      stream,
      frames,
      client: Array.from(st.client, (s) => stateName(s)),
      server: Array.from(st.server, (s) => stateName(s)),
      initialClient: stateName(st.initialClient),
      initialServer: stateName(st.initialServer),
      transitions: st.transitions.map((t) => ({
        frame: t.frame,
        side: t.side === 0 ? 'client' : 'server',
        from: stateName(t.from),
        to: stateName(t.to),
        reason: REASON_IDS[t.reason] ?? String(t.reason),
      })),
    }
  }

  // --- export

  private async exportSave(request: unknown): Promise<ExportSaveResponse> {
    const [f, r] = this.fileOf(request)
    if (!f.done)
      throw new RequestError('the file is still loading; save when indexing has finished', 'not-ready')
    const req: ExportSaveRequest = {
      fileId: f.id,
      format: oneOf(r.format, 'format', ['pcap', 'pcapng'] as const),
      which: oneOf(r.which, 'which', ['all', 'displayed', 'selected', 'range'] as const),
      path: pathArg(r.path),
    }
    const count = f.index.count
    const pick = new Uint8Array(count)
    if (req.which === 'all') pick.fill(1)
    else if (req.which === 'displayed') {
      if (f.displayed) for (const row of f.displayed) pick[row] = 1
      else pick.fill(1)
    } else if (req.which === 'selected') {
      const frames = intList(r.frames, 'frames', 10_000_000, count, 1)
      for (const n of frames) pick[n - 1] = 1
    } else {
      const range = obj(r.range, 'range')
      const from = int(range.from, 'range.from', 1, Math.max(1, count))
      const to = int(range.to, 'range.to', from, Math.max(1, count))
      pick.fill(1, from - 1, to)
    }
    return exportPackets(f.path, f.index, pick, req.format, req.path)
  }
}

/** Position of `row` in the displayed view (-1 when it is not displayed). */
function positionOf(f: OpenFile, row: number): number {
  const disp = f.displayed
  if (!disp) return row
  if (!f.sort) {
    const k = lowerBound(disp, row)
    return disp[k] === row ? k : -1
  }
  return disp.indexOf(row)
}

function lowerBound(a: Uint32Array, v: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid]! < v) lo = mid + 1
    else hi = mid
  }
  return lo
}
