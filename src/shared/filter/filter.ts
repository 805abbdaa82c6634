import { CHUNK_ROWS } from '../model/index-columns'
import type { IndexChunk } from '../model/index-columns'
import type { FilterError, FilterResult } from './ast'
import { addrTable } from './addr-tables'
import { ByteTester } from './byte-tests'
import { checkFilter } from './check'
import type { FilterData, FilterTcpColumns } from './data'
import { chunkLayers } from './data'
import type { ByteTest, Pred } from './ir'
import type { Kernel, ScanEnv } from './kernel'
import { buildKernel } from './kernel'
import { parseFilter } from './parser'

/** A filter that parsed and type-checked; independent of any capture. */
export interface CompiledFilter {
  text: string
  pred: Pred
  byteTests: ByteTest[]
  /** Uses tcp.stream / relative seq / analysis fields: FilterData.tcp must be given. */
  needsTcp: boolean
  /** Uses contains / matches: evaluation needs a frame-byte reader. */
  needsBytes: boolean
  /** Canonical names of the fields used (for the UI and telemetry-free diagnostics). */
  fields: string[]
}

/** Parse and check a filter. Never throws: a bad filter gives { ok:false, error:{message,start,end} }. */
export function compileFilter(text: string): FilterResult<CompiledFilter> {
  const parsed = parseFilter(text)
  if (!parsed.ok) return parsed
  const checked = checkFilter(parsed.value)
  if (!checked.ok) return checked
  const { pred, byteTests, needsTcp, fields } = checked.value
  return { ok: true, value: { text, pred, byteTests, needsTcp, needsBytes: byteTests.length > 0, fields } }
}

export type Backend = 'codegen' | 'closures' | 'auto'

const EMPTY_TCP: FilterTcpColumns = {
  count: 0,
  stream: new Int32Array(0),
  relSeq: new Uint32Array(0),
  relAck: new Uint32Array(0),
  nxtSeq: new Uint32Array(0),
  windowSize: new Uint32Array(0),
  windowScaleFactor: new Int32Array(0),
  analysisFlags: new Uint32Array(0),
  ackRtt: new Float64Array(0),
  bytesInFlight: new Int32Array(0),
}

/**
 * Reads the captured bytes of the given rows (0-based, ascending), returning them in the same order.
 * Batched so an implementation can coalesce neighbouring frames into one file read.
 */
export type FrameReader = (rows: Uint32Array) => Promise<Uint8Array[]>

/**
 * A compiled filter bound to one index: the scanner (generated code or closures) plus the per-capture
 * state (address tables, time base). Reusable across calls, including incremental ones while live.
 */
export class BoundFilter {
  readonly kernel: Kernel
  private readonly sure = new Uint32Array(CHUNK_ROWS)
  private readonly maybe = new Uint32Array(CHUNK_ROWS)
  private readonly counts = new Int32Array(2)
  private readonly env: ScanEnv

  constructor(
    readonly filter: CompiledFilter,
    readonly data: FilterData,
    backend: Backend = 'auto',
  ) {
    this.kernel = buildKernel(filter.pred, backend)
    const c0 = data.chunks[0]
    this.env = {
      L: new Uint16Array(0),
      A: data.tcp ?? EMPTY_TCP,
      T: [],
      s0: c0 && c0.count > 0 ? c0.tsSec[0]! : 0,
      n0: c0 && c0.count > 0 ? c0.tsNsec[0]! : 0,
      ps: 0,
      pn: 0,
    }
  }

  /** Refresh what depends on the index growing (address tables, tcp arrays, time base of an empty start). */
  private refresh(): void {
    const d = this.data
    this.env.A = d.tcp ?? EMPTY_TCP
    this.env.T = this.kernel.addrTests.map((t) => addrTable(t, d.addresses))
    const c0 = d.chunks[0]
    if (c0 && c0.count > 0) {
      this.env.s0 = c0.tsSec[0]!
      this.env.n0 = c0.tsNsec[0]!
    }
  }

  /**
   * Scan rows [fromRow, toRow) chunk by chunk: `onSure` receives rows that match, `onMaybe` rows whose
   * answer depends on their bytes (only for contains / matches). The arrays are reused scratch: copy
   * what you keep. Synchronous; callers split long ranges to stay cancellable.
   */
  scan(
    fromRow: number,
    toRow: number,
    onSure: (rows: Uint32Array) => void,
    onMaybe?: (rows: Uint32Array) => void,
  ): void {
    this.refresh()
    const chunks = this.data.chunks
    const end = Math.min(toRow, this.data.count)
    for (let ci = Math.floor(fromRow / CHUNK_ROWS); ci < chunks.length; ci++) {
      const c = chunks[ci]!
      if (c.firstRow >= end) break
      const from = Math.max(0, fromRow - c.firstRow)
      const view = c.count > end - c.firstRow ? { ...c, count: end - c.firstRow } : c
      if (from >= view.count) continue
      this.setChunk(ci)
      this.kernel.scan(view, this.env, from, this.sure, this.maybe, this.counts)
      if (this.counts[0]! > 0) onSure(this.sure.subarray(0, this.counts[0]!))
      if (this.counts[1]! > 0 && onMaybe) onMaybe(this.maybe.subarray(0, this.counts[1]!))
    }
  }

  /** Per-chunk environment: layer bits, and the previous frame's time for frame.time_delta. */
  private setChunk(ci: number): void {
    const chunks = this.data.chunks
    const c = chunks[ci]!
    this.env.L = chunkLayers(c, this.data)
    const prev = ci > 0 ? chunks[ci - 1]! : null
    if (prev && prev.count > 0) {
      this.env.ps = prev.tsSec[prev.count - 1]!
      this.env.pn = prev.tsNsec[prev.count - 1]!
    } else {
      this.env.ps = c.count > 0 ? c.tsSec[0]! : 0
      this.env.pn = c.count > 0 ? c.tsNsec[0]! : 0
    }
  }

  /** Decide candidate rows with their bytes; returns the ones that match, in order. */
  async resolve(rows: Uint32Array, read: FrameReader, signal?: AbortSignal): Promise<Uint32Array> {
    const tester = new ByteTester(this.filter.byteTests)
    const ifaces = this.data.info?.interfaces ?? []
    const out = new Uint32Array(rows.length)
    let n = 0
    const BATCH = 4096
    for (let b = 0; b < rows.length; b += BATCH) {
      if (signal?.aborted) throw abortError()
      const batch = rows.subarray(b, Math.min(rows.length, b + BATCH))
      const bytes = await read(batch)
      for (let k = 0; k < batch.length; k++) {
        const r = batch[k]!
        const ci = chunkIndexOfRow(this.data.chunks, r)
        const c = this.data.chunks[ci]!
        const i = r - c.firstRow
        const linkType = ifaces[c.interfaceId[i]!]?.linkType ?? 1
        tester.load(linkType, bytes[k]!, c.origLen[i]!)
        this.setChunk(ci)
        if (this.kernel.exact(c, this.env, i, tester.test)) out[n++] = r
      }
    }
    return out.slice(0, n)
  }
}

/** Index of the chunk holding row r: direct for full-size chunks (PacketIndex), else a binary search. */
function chunkIndexOfRow(chunks: IndexChunk[], r: number): number {
  const g = Math.floor(r / CHUNK_ROWS)
  const guess = chunks[g]
  if (guess && r >= guess.firstRow && r < guess.firstRow + guess.count) return g
  let lo = 0
  let hi = chunks.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (chunks[mid]!.firstRow <= r) lo = mid
    else hi = mid - 1
  }
  return lo
}

function abortError(): Error {
  const e = new Error('filtering was cancelled')
  e.name = 'AbortError'
  return e
}

export interface RunFilterOptions {
  backend?: Backend
  /** Needed when the filter uses contains / matches. */
  readFrame?: FrameReader
  signal?: AbortSignal
  /** Rows to consider (default: all). */
  fromRow?: number
  toRow?: number
  /** Called after each chunk with rows scanned so far and matches so far. */
  onProgress?(rowsScanned: number, matches: number): void
  /** Yield to the event loop every this many rows so cancel / other messages get through (default 1M). */
  yieldEvery?: number
}

/** Why a filter could not run on this data (shown like a syntax error, on the whole text). */
function unmet(f: CompiledFilter, data: FilterData, opts: RunFilterOptions): FilterError | null {
  if (f.needsTcp && !data.tcp)
    return {
      message: `${f.fields.join(', ')} needs the TCP analysis, which is not ready yet`,
      start: 0,
      end: f.text.length,
    }
  if (f.needsBytes && !opts.readFrame)
    return {
      message: "'contains' / 'matches' need the frame bytes, which are not available here",
      start: 0,
      end: f.text.length,
    }
  return null
}

/**
 * Evaluate a compiled filter over an index: returns the matching rows (0-based, ascending; frame number
 * = row + 1). Column tests run over all rows first; contains / matches then read only the candidate
 * frames' bytes. Cancellable with `signal` (rejects with an AbortError).
 */
export async function runFilter(
  f: CompiledFilter,
  data: FilterData,
  opts: RunFilterOptions = {},
): Promise<FilterResult<Uint32Array>> {
  const err = unmet(f, data, opts)
  if (err) return { ok: false, error: err }
  const bound = new BoundFilter(f, data, opts.backend)
  const from = opts.fromRow ?? 0
  const to = Math.min(opts.toRow ?? data.count, data.count)
  const step = Math.max(CHUNK_ROWS, opts.yieldEvery ?? 1 << 20)
  const parts: Uint32Array[] = []
  let total = 0
  for (let s = from; s < to; s += step) {
    if (opts.signal?.aborted) throw abortError()
    const e = Math.min(to, s + step)
    const sure: Uint32Array[] = []
    const maybe: Uint32Array[] = []
    bound.scan(
      s,
      e,
      (rows) => sure.push(rows.slice()),
      (rows) => maybe.push(rows.slice()),
    )
    let got = concat(sure)
    if (maybe.length > 0) {
      const decided = await bound.resolve(concat(maybe), opts.readFrame!, opts.signal)
      got = mergeSorted(got, decided)
    }
    parts.push(got)
    total += got.length
    opts.onProgress?.(e - from, total)
    if (e < to) await new Promise((r) => setTimeout(r, 0))
  }
  return { ok: true, value: concat(parts) }
}

/** Synchronous evaluation for filters without contains / matches (tests, CLI, small captures). */
export function filterRows(
  f: CompiledFilter,
  data: FilterData,
  backend: Backend = 'auto',
): FilterResult<Uint32Array> {
  const err = unmet(f, data, {})
  if (err) return { ok: false, error: err }
  const parts: Uint32Array[] = []
  new BoundFilter(f, data, backend).scan(0, data.count, (rows) => parts.push(rows.slice()))
  return { ok: true, value: concat(parts) }
}

function concat(parts: Uint32Array[]): Uint32Array {
  if (parts.length === 1) return parts[0]!
  let n = 0
  for (const p of parts) n += p.length
  const out = new Uint32Array(n)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

function mergeSorted(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length)
  let i = 0
  let j = 0
  let k = 0
  while (i < a.length && j < b.length) out[k++] = a[i]! < b[j]! ? a[i++]! : b[j++]!
  while (i < a.length) out[k++] = a[i++]!
  while (j < b.length) out[k++] = b[j++]!
  return out
}
