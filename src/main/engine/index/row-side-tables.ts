/**
 * Columnar side tables for the few rows that carry extra TCP option values (SYN options, SACK blocks).
 *
 * A Map<row, object> costs ~100+ bytes per entry in V8 (hash slot + object + boxed numbers), which on a
 * SYN-heavy capture pushed the index over its 64 B/packet budget; these tables hold the same values in
 * typed arrays (~19 B per SYN row, 8 B + 8 B per SACK block). Rows are appended in increasing order by
 * the index builder, so `get(row)` is a binary search; it allocates its result, which is fine because
 * only SYN/SACK rows are read, by the analysis and the row text.
 *
 * Both classes satisfy RowSideTable<T> of src/main/engine/tcp/types.ts (get/size), as does a plain Map.
 */

/** TCP options a SYN / SYN-ACK carried (what the TCP analysis needs without re-decoding). -1 = absent. */
export interface SynOptions {
  mss: number
  wscale: number
  sackPerm: boolean
  tsVal: number
  tsEcr: number
}

const INITIAL_CAPACITY = 64

const F_SACK_PERM = 1
const F_TS_VAL = 2
const F_TS_ECR = 4

/** Index of `row` in the sorted `rows[0..n)`, or -1. */
function findRow(rows: Uint32Array, n: number, row: number): number {
  let lo = 0
  let hi = n - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const r = rows[mid]!
    if (r < row) lo = mid + 1
    else if (r > row) hi = mid - 1
    else return mid
  }
  return -1
}

function grown<T extends Uint32Array | Int32Array | Int16Array | Uint8Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap)
  b.set(a.subarray(0, Math.min(a.length, cap)))
  return b
}

/** SYN options per row: rows + mss (Int32, -1) + wscale (Int16, -1) + flags + tsVal/tsEcr (Uint32). */
export class SynOptionTable {
  private n = 0
  private rows = new Uint32Array(INITIAL_CAPACITY)
  private mss = new Int32Array(INITIAL_CAPACITY)
  private wscale = new Int16Array(INITIAL_CAPACITY)
  /** F_SACK_PERM | F_TS_VAL | F_TS_ECR */
  private flags = new Uint8Array(INITIAL_CAPACITY)
  private tsVal = new Uint32Array(INITIAL_CAPACITY)
  private tsEcr = new Uint32Array(INITIAL_CAPACITY)

  get size(): number {
    return this.n
  }

  /** Bytes allocated (capacity, not just the filled entries). */
  get byteSize(): number {
    return (
      this.rows.byteLength +
      this.mss.byteLength +
      this.wscale.byteLength +
      this.flags.byteLength +
      this.tsVal.byteLength +
      this.tsEcr.byteLength
    )
  }

  /**
   * Record the options of `row`. Rows must come in increasing order (the builder appends); a row not
   * above the last one is ignored so that the binary search stays valid.
   */
  append(row: number, mss: number, wscale: number, sackPerm: boolean, tsVal: number, tsEcr: number): void {
    const n = this.n
    if (n > 0 && row <= this.rows[n - 1]!) return
    if (n === this.rows.length) this.resize(Math.max(INITIAL_CAPACITY, n * 2))
    this.rows[n] = row
    this.mss[n] = mss < 0 ? -1 : mss
    this.wscale[n] = wscale < 0 ? -1 : wscale
    this.flags[n] = (sackPerm ? F_SACK_PERM : 0) | (tsVal >= 0 ? F_TS_VAL : 0) | (tsEcr >= 0 ? F_TS_ECR : 0)
    this.tsVal[n] = tsVal < 0 ? 0 : tsVal
    this.tsEcr[n] = tsEcr < 0 ? 0 : tsEcr
    this.n = n + 1
  }

  /** The k-th row with options (rows are kept in increasing order); -1 outside 0..size-1. */
  rowAt(k: number): number {
    return k >= 0 && k < this.n ? this.rows[k]! : -1
  }

  get(row: number): SynOptions | undefined {
    const k = findRow(this.rows, this.n, row)
    if (k < 0) return undefined
    const fl = this.flags[k]!
    return {
      mss: this.mss[k]!,
      wscale: this.wscale[k]!,
      sackPerm: (fl & F_SACK_PERM) !== 0,
      tsVal: fl & F_TS_VAL ? this.tsVal[k]! : -1,
      tsEcr: fl & F_TS_ECR ? this.tsEcr[k]! : -1,
    }
  }

  /** Drop the unused capacity (the index is complete); appending afterwards still works (it regrows). */
  trim(): void {
    if (this.rows.length !== this.n) this.resize(this.n)
  }

  private resize(cap: number): void {
    this.rows = grown(this.rows, cap)
    this.mss = grown(this.mss, cap)
    this.wscale = grown(this.wscale, cap)
    this.flags = grown(this.flags, cap)
    this.tsVal = grown(this.tsVal, cap)
    this.tsEcr = grown(this.tsEcr, cap)
  }
}

/**
 * SACK blocks per row: a sorted row list, and per entry the offset of its edges in one Uint32Array
 * (left0, right0, left1, right1, …; entry k's edges are edges[offsets[k] .. offsets[k+1])).
 */
export class SackBlockTable {
  private n = 0
  private rows = new Uint32Array(INITIAL_CAPACITY)
  /** offsets[k] = start of entry k in edges; offsets[n] = edges used. */
  private offsets = new Uint32Array(INITIAL_CAPACITY + 1)
  private edges = new Uint32Array(INITIAL_CAPACITY * 2)

  get size(): number {
    return this.n
  }

  /** Bytes allocated (capacity, not just the filled entries). */
  get byteSize(): number {
    return this.rows.byteLength + this.offsets.byteLength + this.edges.byteLength
  }

  /** Record `count` blocks of `row` from left[]/right[]; rows must come in increasing order (see SynOptionTable). */
  append(row: number, left: ArrayLike<number>, right: ArrayLike<number>, count: number): void {
    const n = this.n
    if (count <= 0 || (n > 0 && row <= this.rows[n - 1]!)) return
    if (n === this.rows.length) {
      const cap = Math.max(INITIAL_CAPACITY, n * 2)
      this.rows = grown(this.rows, cap)
      this.offsets = grown(this.offsets, cap + 1)
    }
    let e = this.offsets[n]!
    if (e + 2 * count > this.edges.length)
      this.edges = grown(this.edges, Math.max(INITIAL_CAPACITY * 2, this.edges.length * 2, e + 2 * count))
    for (let k = 0; k < count; k++) {
      this.edges[e++] = left[k]!
      this.edges[e++] = right[k]!
    }
    this.rows[n] = row
    this.offsets[n + 1] = e
    this.n = n + 1
  }

  /** The k-th row with SACK blocks (rows are kept in increasing order); -1 outside 0..size-1. */
  rowAt(k: number): number {
    return k >= 0 && k < this.n ? this.rows[k]! : -1
  }

  /** The row's edges [left0, right0, …] as a view into the table (do not write to it), or undefined. */
  get(row: number): Uint32Array | undefined {
    const k = findRow(this.rows, this.n, row)
    if (k < 0) return undefined
    return this.edges.subarray(this.offsets[k]!, this.offsets[k + 1]!)
  }

  /** Drop the unused capacity (the index is complete); appending afterwards still works (it regrows). */
  trim(): void {
    const n = this.n
    if (this.rows.length !== n) {
      this.rows = grown(this.rows, n)
      this.offsets = grown(this.offsets, n + 1)
    }
    const used = this.offsets[n]!
    if (this.edges.length !== used) this.edges = grown(this.edges, used)
  }
}
