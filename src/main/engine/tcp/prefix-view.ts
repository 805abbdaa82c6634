import type { IndexChunk } from '../../../shared/model/index-columns'
import type { RowSideTable, TcpIndexView } from './types'

// Tests and benchmarks of IncrementalTcpAnalysis: an index cut to its first n rows stands for a live
// index at the moment it held n rows (its last chunk partly filled, its side tables shorter).

/** The first n rows of `index` as an index of their own (a live index at the moment it held n rows). */
export function prefixView(index: TcpIndexView, n: number): TcpIndexView {
  const chunks: IndexChunk[] = []
  for (const ch of index.chunks) {
    if (ch.firstRow >= n) break
    const cnt = Math.min(ch.count, n - ch.firstRow)
    chunks.push(cnt === ch.count ? ch : { ...ch, count: cnt })
  }
  return {
    chunks,
    count: n,
    synOptions: prefixTable(index.synOptions, n),
    ...(index.sackBlocks ? { sackBlocks: prefixTable(index.sackBlocks, n) } : {}),
    ...(index.nonSynWindowScale ? { nonSynWindowScale: prefixTable(index.nonSynWindowScale, n) } : {}),
  }
}

/** A side table restricted to rows < n (kept sorted when the original is). */
export function prefixTable<T>(t: RowSideTable<T>, n: number): RowSideTable<T> {
  const rowAt = t.rowAt?.bind(t)
  if (rowAt === undefined) {
    const m = new Map<number, T>()
    for (let r = 0; r < n; r++) {
      const v = t.get(r)
      if (v !== undefined) m.set(r, v)
    }
    return m
  }
  let lo = 0
  let hi = t.size
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (rowAt(mid) < n) lo = mid + 1
    else hi = mid
  }
  const size = lo
  return {
    size,
    get: (row) => (row < n ? t.get(row) : undefined),
    rowAt: (k) => (k >= 0 && k < size ? rowAt(k) : -1),
  }
}
