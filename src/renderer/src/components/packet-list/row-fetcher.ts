import type { PacketRow } from '../../../../shared/ipc/contract'
import { MAX_ROWS_PER_REQUEST } from '../../../../shared/ipc/contract'

/** Asks the engine for rows [start, start + count) of the displayed view; null when the request failed. */
export type FetchRows = (start: number, count: number) => Promise<PacketRow[] | null>

export interface RowFetcherOptions {
  fetch: FetchRows
  /** Called after rows arrived (the list re-renders). */
  onData: () => void
  /** Runs `fn` before the next frame (requestAnimationFrame in the page; tests pass their own). */
  schedule?: (fn: () => void) => void
  /** Rows fetched beyond each side of the visible window, so slow scrolling finds them ready. */
  margin?: number
  /** Cached rows kept at most; the ones far from the view are dropped first. */
  maxCached?: number
}

/**
 * Texts of the rows the list shows, by position in the displayed view, for ONE view version. At most one
 * `file.rows` request per animation frame and one in flight: while it runs, newer wishes replace each
 * other and only the last is sent. Never a request per row.
 */
export class RowFetcher {
  private cache = new Map<number, PacketRow>()
  /** Rows of the previous version still shown until the new ones arrive (no blank flash). */
  private stale: Map<number, PacketRow> | null = null
  private version = 0
  /** The version whose texts `stale` holds: an answer for it still fills the stale rows. */
  private staleVersion = -1
  private want: { first: number; end: number; total: number } | null = null
  private scheduled = false
  private inFlight = false
  private readonly schedule: (fn: () => void) => void
  private readonly margin: number
  private readonly maxCached: number
  /** Number of requests sent (tests, the benchmark). */
  requests = 0

  constructor(private readonly opts: RowFetcherOptions) {
    this.schedule = opts.schedule ?? ((fn) => requestAnimationFrame(fn))
    this.margin = opts.margin ?? 50
    this.maxCached = opts.maxCached ?? 3000
  }

  /** The row at `pos`, possibly from the previous version when `keepStale` was set; undefined if not known. */
  get(pos: number): PacketRow | undefined {
    return this.cache.get(pos) ?? this.stale?.get(pos)
  }

  /** True when the row at `pos` is from the current version. */
  has(pos: number): boolean {
    return this.cache.has(pos)
  }

  /**
   * The displayed rows changed (filter, sort, new texts): forget cached texts. With `keepStale` the old
   * texts stay visible until replaced (the texts merely get more precise, e.g. once the TCP analysis is in).
   */
  invalidate(keepStale: boolean): void {
    this.stale = keepStale ? this.cache : null
    this.cache = new Map()
    this.version++
    this.staleVersion = keepStale ? this.version - 1 : -1
  }

  /**
   * The list shows rows [first, end) of `total`: fetch what is missing, coalesced to the next frame, or
   * at once with `now` (a first screen: nothing to coalesce with, and a frame is 16 ms of waiting).
   */
  request(first: number, end: number, total: number, now = false): void {
    this.want = { first, end, total }
    if (this.inFlight) return
    if (now) {
      void this.run()
      return
    }
    if (this.scheduled) return
    this.scheduled = true
    this.schedule(() => {
      this.scheduled = false
      void this.run()
    })
  }

  private async run(): Promise<void> {
    const w = this.want
    if (!w || this.inFlight) return
    let a = w.first
    let b = Math.min(w.end, w.total)
    while (a < b && this.cache.has(a)) a++
    while (b > a && this.cache.has(b - 1)) b--
    if (a >= b) return
    // One contiguous request: the missing part of the window plus a margin each side.
    const start = Math.max(0, Math.min(a, w.first - this.margin))
    const stop = Math.min(w.total, Math.max(b, w.end + this.margin), start + MAX_ROWS_PER_REQUEST)
    const version = this.version
    this.inFlight = true
    this.requests++
    let rows: PacketRow[] | null
    try {
      rows = await this.opts.fetch(start, stop - start)
    } finally {
      this.inFlight = false
    }
    if (rows && version === this.version) {
      for (const r of rows) this.cache.set(r.pos, r)
      if (this.stale && this.cacheCovers(w.first, Math.min(w.end, w.total))) this.stale = null
      this.prune(w.first, w.end)
      this.opts.onData()
    } else if (rows && this.stale && version === this.staleVersion) {
      // Texts of the version just replaced by a keep-stale invalidation: still better than blank rows
      // until the new ones arrive (e.g. the first screen of a file whose indexing just finished).
      for (const r of rows) if (!this.stale.has(r.pos)) this.stale.set(r.pos, r)
      this.opts.onData()
    }
    // The view moved (or was invalidated) meanwhile: fetch for where it is now.
    // A failed request is retried only once the view has moved on (no retry loop every frame).
    const now = this.want
    if (now && (rows !== null || now !== w || version !== this.version))
      this.request(now.first, now.end, now.total)
  }

  private cacheCovers(first: number, end: number): boolean {
    for (let p = first; p < end; p++) if (!this.cache.has(p)) return false
    return true
  }

  private prune(first: number, end: number): void {
    if (this.cache.size <= this.maxCached) return
    const keepFrom = first - this.maxCached / 4
    const keepTo = end + this.maxCached / 4
    for (const pos of this.cache.keys()) if (pos < keepFrom || pos >= keepTo) this.cache.delete(pos)
  }
}
