import { describe, expect, it } from 'vitest'
import { buildIndex } from '../../src/main/engine/index'
import type { PacketIndex } from '../../src/main/engine/index'
import { ROW_OUTPUT_NAMES, analyzeTcp } from '../../src/main/engine/tcp/analyze-tcp'
import { IncrementalTcpAnalysis } from '../../src/main/engine/tcp/incremental-tcp'
import { prefixView } from '../../src/main/engine/tcp/prefix-view'
import type { TcpAnalysis, TcpIndexView } from '../../src/main/engine/tcp/types'
import { Proto } from '../../src/shared/model/decoded-frame'
import { CHUNK_ROWS, COLUMN_NAMES, newIndexChunk } from '../../src/shared/model/index-columns'
import type { IndexChunk } from '../../src/shared/model/index-columns'
import { corpusFiles, requireShared } from '../support/corpus'

// IncrementalTcpAnalysis fed an index that grows (as during a live capture) must give, after each
// advance(), exactly what analyzeTcp gives over an index holding only the rows seen so far.

/** Index of the first element where the columns differ (NaN equals NaN), or -1. */
function firstDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length)
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i
  return -1
}

const ROW_COLUMNS = [...ROW_OUTPUT_NAMES, 'initialRtt', 'initialRttRow'] as const

/** Assert that got equals want field by field; `where` names the case in failure messages. */
function expectSame(got: TcpAnalysis, want: TcpAnalysis, where: string): void {
  expect(Object.keys(got).sort(), where).toEqual(Object.keys(want).sort())
  expect(got.count, where).toBe(want.count)
  for (const k of ROW_COLUMNS) {
    const d = firstDiff(got[k], want[k])
    expect(d, `${where}: ${k} differs at ${d} (${got[k][d]} vs ${want[k][d]})`).toBe(-1)
  }
  expect(got.initialRttText, where).toEqual(want.initialRttText)
  expect(got.conversations.length, where).toBe(want.conversations.length)
  for (let s = 0; s < want.conversations.length; s++) {
    const { rows: gr, ...g } = got.conversations[s]!
    const { rows: wr, ...w } = want.conversations[s]!
    expect(g, `${where}: stream ${s}`).toEqual(w)
    expect(firstDiff(gr, wr), `${where}: rows of stream ${s}`).toBe(-1)
  }
}

/** Deterministic LCG (Numerical Recipes constants) so that failures reproduce. */
function lcg(seed: number): () => number {
  let x = seed >>> 0
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0
    return x / 2 ** 32
  }
}

/**
 * Split points for an n-row index: a few random ones, runs of one-row and empty advances, and the end.
 * analysis() is asked for at most split points (not all: several advances then build up before it).
 */
function splits(n: number, rnd: () => number, extra: number[] = []): number[] {
  const pts = new Set<number>([n, ...extra.filter((x) => x > 0 && x <= n)])
  for (let k = 0; k < 5; k++) pts.add(1 + Math.floor(rnd() * n))
  const one = Math.floor(rnd() * n)
  for (let k = 0; k < 3; k++) if (one + k >= 1 && one + k <= n) pts.add(one + k)
  return [...pts].sort((a, b) => a - b)
}

function tcpRows(index: TcpIndexView): number {
  let t = 0
  for (const ch of index.chunks) for (let i = 0; i < ch.count; i++) if (ch.proto[i] === Proto.TCP) t++
  return t
}

/**
 * Feed `index` to an incremental analysis in prefixes ending at the split points; after each (or only
 * some) compare with analyzeTcp over the same prefix. Also checks that a result handed out earlier is not
 * changed by later advances. Returns the number of comparisons made.
 */
function checkIndex(index: TcpIndexView, name: string, seed: number, extra: number[] = []): number {
  const rnd = lcg(seed)
  const pts = splits(index.count, rnd, extra)
  const inc = new IncrementalTcpAnalysis()
  let compared = 0
  let kept: { got: TcpAnalysis; want: TcpAnalysis } | null = null
  for (const n of pts) {
    const view = prefixView(index, n)
    inc.advance(view)
    if (rnd() < 0.3) inc.advance(view) // nothing new: must change nothing
    expect(inc.count).toBe(n)
    if (n !== index.count && rnd() < 0.35) continue // let advances pile up before the next analysis()
    const got = inc.analysis()
    const want = analyzeTcp(view)
    expectSame(got, want, `${name} @${n}/${index.count}`)
    compared++
    if (kept === null && n < index.count) kept = { got, want }
  }
  if (kept !== null) expectSame(kept.got, kept.want, `${name} earlier result after later advances`)
  return compared
}

/** An index of `rows` rows made by repeating the rows of `src` (its side tables as Maps), several chunks long. */
function tiled(src: PacketIndex, rows: number): TcpIndexView {
  const chunks: IndexChunk[] = []
  const synOptions = new Map<number, ReturnType<PacketIndex['synOptions']['get']> & object>()
  const sackBlocks = new Map<number, Uint32Array | number[]>()
  const srcRows = src.count
  for (let r = 0; r < rows; r++) {
    if (r % CHUNK_ROWS === 0) chunks.push(newIndexChunk(r))
    const ch = chunks[chunks.length - 1]!
    const i = r - ch.firstRow
    const sr = r % srcRows
    const sc = src.chunkOf(sr)
    const si = sr - sc.firstRow
    for (const col of COLUMN_NAMES) ch[col][i] = sc[col][si]!
    ch.count = i + 1
    const so = src.synOptions.get(sr)
    if (so) synOptions.set(r, so)
    const sb = src.sackBlocks.get(sr)
    if (sb) sackBlocks.set(r, sb)
  }
  return { chunks, count: rows, synOptions, sackBlocks }
}

/** The index of a corpus file, or null for files the reader refuses (compressed, not a capture). */
async function tryIndex(f: string): Promise<PacketIndex | null> {
  try {
    return await buildIndex(f, { verifyChecksums: false })
  } catch {
    return null
  }
}

describe('IncrementalTcpAnalysis equals analyzeTcp over every prefix', () => {
  requireShared()
  // captures/real (all of them) and every third tcpdump-tests file, each with TCP rows.
  const all = corpusFiles()
  const files = all.filter((f, k) => !f.includes('/tcpdump-tests/') || k % 3 === 0)

  it('on corpus captures with TCP, at seeded random split points', { timeout: 240_000 }, async () => {
    let withTcp = 0
    let compared = 0
    let seed = 1
    for (const f of files) {
      const index = await tryIndex(f)
      seed++
      if (index === null || index.count === 0 || tcpRows(index) === 0) continue
      withTcp++
      compared += checkIndex(index, f.replace(/.*\/(captures|fixtures)\//, ''), seed)
    }
    console.log(`incremental TCP analysis: ${withTcp} files with TCP, ${compared} prefix comparisons`)
    expect(withTcp).toBeGreaterThan(60)
    expect(compared).toBeGreaterThan(3 * withTcp)
  })

  it(
    'across chunk boundaries (a capture repeated over three chunks, Map side tables)',
    { timeout: 120_000 },
    async () => {
      // The corpus file with the most TCP rows that has SACK blocks, repeated to fill three chunks.
      let best: PacketIndex | null = null
      let bestRows = 0
      for (const f of files.filter((x) => !x.includes('/tcpdump-tests/'))) {
        const index = await tryIndex(f)
        if (index === null) continue
        const t = tcpRows(index)
        if (index.sackBlocks.size > 0 && t > bestRows && index.count < 40_000) {
          best = index
          bestRows = t
        }
      }
      expect(best, 'a corpus capture with SACK blocks').not.toBeNull()
      const rows = 2 * CHUNK_ROWS + 1234
      const index = tiled(best!, rows)
      const b = CHUNK_ROWS
      const n = checkIndex(index, 'tiled', 7, [b - 1, b, b + 1, 2 * b, 2 * b + 5])
      expect(n).toBeGreaterThan(3)
    },
  )
})
