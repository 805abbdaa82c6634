import type {
  IpcResult,
  LadderColumnName,
  StreamLadderPhase,
  StreamLadderRequest,
  StreamLadderResponse,
  StreamLadderSummary,
} from '../../../../shared/ipc/contract'
import { LADDER_COLUMN_TYPES } from '../../../../shared/ipc/contract'
import type { Message } from '../../../../shared/explain/format'

/** Packets per stream.ladder request; pages are cached (LRU) so scrolling back costs nothing. */
export const PAGE = 512
const MAX_PAGES = 48

const VIEWS = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, f64: Float64Array } as const

/** Typed views of one window's columns (types as LADDER_COLUMN_TYPES lists them). */
export interface LadderColumns {
  frame: Uint32Array
  time: Float64Array
  dir: Uint8Array
  flags: Uint16Array
  seq: Uint32Array
  ack: Uint32Array
  seqRaw: Uint32Array
  ackRaw: Uint32Array
  len: Uint32Array
  window: Uint32Array
  analysis: Uint32Array
  tsVal: Float64Array
  tsEcr: Float64Array
  ackedFrame: Uint32Array
  tsEchoFrame: Uint32Array
  client: Uint8Array
  server: Uint8Array
  clientReason: Uint8Array
  serverReason: Uint8Array
  phase: Uint8Array
}

interface Page {
  start: number
  count: number
  cols: LadderColumns
  explain: Message[][]
}

/** One packet of the ladder, read from its page (a plain object made only for visible rows). */
export interface LadderRow {
  index: number
  frame: number
  time: number
  dir: 0 | 1
  flags: number
  seq: number
  ack: number
  seqRaw: number
  ackRaw: number
  len: number
  window: number
  analysis: number
  tsVal: number
  tsEcr: number
  ackedFrame: number
  tsEchoFrame: number
  client: number
  server: number
  clientReason: number
  serverReason: number
  phase: number
  explain: Message[]
}

export type LadderInvoke = (req: StreamLadderRequest) => Promise<IpcResult<StreamLadderResponse>>

export function viewColumns(r: StreamLadderResponse): LadderColumns {
  const out = {} as Record<LadderColumnName, ArrayLike<number>>
  for (const [name, type] of Object.entries(LADDER_COLUMN_TYPES) as Array<
    [LadderColumnName, keyof typeof VIEWS]
  >)
    out[name] = new VIEWS[type](r.columns[name])
  return out as unknown as LadderColumns
}

/**
 * The client side of stream.ladder for one stream: the first page with the overview (every packet's
 * frame and time: positions, frame → index), then pages on demand. Not reactive: the view keeps a
 * version counter that `onLoad` bumps.
 */
export class LadderPages {
  total = 0
  summary: StreamLadderSummary | null = null
  phases: StreamLadderPhase[] = []
  frames = new Uint32Array(0)
  times = new Float64Array(0)
  private readonly pages = new Map<number, Page>()
  private readonly pending = new Map<number, Promise<void>>()
  error: string | null = null
  /** Engine time of the first request (ms). */
  engineMs = 0

  constructor(
    readonly fileId: number,
    readonly stream: number,
    private readonly invoke: LadderInvoke,
    private readonly onLoad: () => void = () => {},
  ) {}

  /** Loads the first page and the overview; false (and `error`) when the engine refuses. */
  async init(): Promise<boolean> {
    const r = await this.invoke({
      fileId: this.fileId,
      stream: this.stream,
      start: 0,
      count: PAGE,
      overview: true,
    })
    if (!r.ok) {
      this.error = r.error
      return false
    }
    const v = r.value
    this.engineMs = v.elapsedMs
    this.total = v.total
    this.summary = v.summary
    this.phases = v.phases
    if (v.overview) this.frames = new Uint32Array(v.overview.frame)
    this.store(0, v)
    return true
  }

  private timesPending: Promise<void> | null = null

  /** Every packet's time (time-proportional spacing), fetched once on demand. */
  loadTimes(): Promise<void> {
    if (this.times.length === this.total && this.total > 0) return Promise.resolve()
    this.timesPending ??= this.invoke({
      fileId: this.fileId,
      stream: this.stream,
      start: 0,
      count: 0,
      overview: true,
      times: true,
    }).then((r) => {
      this.timesPending = null
      if (r.ok && r.value.overview?.time) {
        this.times = new Float64Array(r.value.overview.time)
        this.onLoad()
      } else if (!r.ok) this.error = r.error
    })
    return this.timesPending
  }

  /** Time of packet i when known (the times overview, or its page), else NaN. */
  timeOf(i: number): number {
    if (i < this.times.length) return this.times[i]!
    return this.row(i)?.time ?? NaN
  }

  private store(k: number, v: StreamLadderResponse): void {
    this.pages.set(k, { start: v.start, count: v.count, cols: viewColumns(v), explain: v.explain })
    if (this.pages.size > MAX_PAGES) {
      // Evict the least recently stored page that is not page k.
      for (const key of this.pages.keys()) {
        if (key !== k) {
          this.pages.delete(key)
          break
        }
      }
    }
  }

  has(i: number): boolean {
    return this.pages.has(Math.floor(i / PAGE))
  }

  /** Loads the pages covering [first, last] that are missing. */
  async ensure(first: number, last: number): Promise<void> {
    const jobs: Promise<void>[] = []
    for (
      let k = Math.floor(Math.max(0, first) / PAGE);
      k <= Math.floor(Math.min(last, this.total - 1) / PAGE);
      k++
    ) {
      if (this.pages.has(k)) continue
      let p = this.pending.get(k)
      if (!p) {
        const page = k
        p = this.invoke({ fileId: this.fileId, stream: this.stream, start: page * PAGE, count: PAGE }).then(
          (r) => {
            this.pending.delete(page)
            if (r.ok) {
              this.store(page, r.value)
              this.onLoad()
            } else this.error = r.error
          },
        )
        this.pending.set(k, p)
      }
      jobs.push(p)
    }
    await Promise.all(jobs)
  }

  /** Row i as an object, or null when its page is not loaded yet. */
  row(i: number): LadderRow | null {
    if (i < 0 || i >= this.total) return null
    const p = this.pages.get(Math.floor(i / PAGE))
    if (!p) return null
    const k = i - p.start
    if (k < 0 || k >= p.count) return null
    const c = p.cols
    return {
      index: i,
      frame: c.frame[k]!,
      time: c.time[k]!,
      dir: c.dir[k]! as 0 | 1,
      flags: c.flags[k]!,
      seq: c.seq[k]!,
      ack: c.ack[k]!,
      seqRaw: c.seqRaw[k]!,
      ackRaw: c.ackRaw[k]!,
      len: c.len[k]!,
      window: c.window[k]!,
      analysis: c.analysis[k]!,
      tsVal: c.tsVal[k]!,
      tsEcr: c.tsEcr[k]!,
      ackedFrame: c.ackedFrame[k]!,
      tsEchoFrame: c.tsEchoFrame[k]!,
      client: c.client[k]!,
      server: c.server[k]!,
      clientReason: c.clientReason[k]!,
      serverReason: c.serverReason[k]!,
      phase: c.phase[k]!,
      explain: p.explain[k] ?? [],
    }
  }

  /** Every packet's columns, page by page (for the text export). */
  async all(): Promise<LadderColumns[]> {
    const out: LadderColumns[] = []
    for (let start = 0; start < this.total; start += 5000) {
      const r = await this.invoke({ fileId: this.fileId, stream: this.stream, start, count: 5000 })
      if (!r.ok) throw new Error(r.error)
      out.push(viewColumns(r.value))
    }
    return out
  }
}
