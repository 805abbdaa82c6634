import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { analyzeTcp } from './analyze-tcp'
import { IncrementalTcpAnalysis } from './incremental-tcp'
import { prefixView } from './prefix-view'
import { buildIndex, type Seg } from './test-builder'
import type { TcpAnalysis, TcpIndexView } from './types'

// Unit checks of IncrementalTcpAnalysis on hand-built indexes (the corpus equivalence test is in
// test/tcp-analysis/incremental.test.ts).

function plain(a: TcpAnalysis): unknown {
  const o: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(a)) o[k] = ArrayBuffer.isView(v) ? Array.from(v as Uint32Array) : v
  o.conversations = a.conversations.map((c) => ({ ...c, rows: Array.from(c.rows) }))
  return o
}

const FLAGS = ['A', 'A', 'A', 'PA', 'S', 'SA', 'FA', 'R', 'RA', '']
const TUPLES: Array<Seg['from']> = ['a', 'b', [1, 40001, 2, 80], [2, 80, 1, 40001], [3, 5000, 1, 443]]

/** Segments of a few connections (ports reused, SYNs anywhere), with SACK blocks on some rows. */
const caseArb = fc.record({
  segs: fc.array(
    fc.record({
      from: fc.constantFrom(...TUPLES),
      seqOff: fc.integer({ min: -40, max: 600 }),
      ackOff: fc.integer({ min: -40, max: 600 }),
      flags: fc.constantFrom(...FLAGS),
      len: fc.constantFrom(0, 0, 1, 10, 100),
      win: fc.constantFrom(0, 1000, 1000, 2000),
      dms: fc.constantFrom(0, 1, 2, 30),
      sack: fc.constantFrom(false, false, false, true),
    }),
    { minLength: 1, maxLength: 80 },
  ),
  cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }),
})

/** Whether a sender is the second endpoint of its connection (its ISN is near 5000, the other's near 1000). */
function reverse(from: Seg['from']): boolean {
  return from === 'b' || (Array.isArray(from) && from[0] === 2)
}

type RawSeg = Parameters<Parameters<typeof caseArb.map>[0]>[0]['segs'][number]

function indexOf(raw: RawSeg[]): TcpIndexView {
  let ms = 0
  const segs = raw.map((r): Seg => {
    ms += r.dms
    return {
      ms,
      from: r.from,
      seq: ((reverse(r.from) ? 5000 : 1000) + r.seqOff) >>> 0,
      ack: ((reverse(r.from) ? 1000 : 5000) + r.ackOff) >>> 0,
      flags: r.flags,
      len: r.len,
      win: r.win,
      ...(r.flags.includes('S') ? { wscale: 7 } : {}),
    }
  })
  const index = buildIndex(segs)
  const sackBlocks = new Map<number, number[]>()
  raw.forEach((r, i) => {
    if (r.sack) sackBlocks.set(i, reverse(r.from) ? [1010, 1050] : [5010, 5050])
  })
  return { ...index, sackBlocks }
}

describe('IncrementalTcpAnalysis', () => {
  it('equals analyzeTcp over the same prefix after every advance (random segments and splits)', () => {
    fc.assert(
      fc.property(caseArb, ({ segs, cuts }) => {
        const index = indexOf(segs)
        const pts = [...new Set([...cuts.map((c) => Math.floor(c * index.count)), index.count])].sort(
          (a, b) => a - b,
        )
        const inc = new IncrementalTcpAnalysis()
        for (const n of pts) {
          const view = prefixView(index, n)
          inc.advance(view)
          expect(plain(inc.analysis())).toEqual(plain(analyzeTcp(view)))
        }
      }),
      { numRuns: 800 },
    )
  })

  it('uses the side tables of the index it is advanced over (a SACK block after the split)', () => {
    const segs: Seg[] = [
      { ms: 0, from: 'a', seq: 1000, ack: 0, flags: 'S', wscale: 7 },
      { ms: 1, from: 'b', seq: 5000, ack: 1001, flags: 'SA', wscale: 7 },
      { ms: 2, from: 'a', seq: 1001, ack: 5001, flags: 'A', len: 100 },
      { ms: 3, from: 'b', seq: 5001, ack: 1001, flags: 'A', len: 0 },
      { ms: 4, from: 'a', seq: 1101, ack: 5001, flags: 'A', len: 100 },
    ]
    const index: TcpIndexView = { ...buildIndex(segs), sackBlocks: new Map([[3, [1010, 1050]]]) }
    const inc = new IncrementalTcpAnalysis()
    inc.advance(prefixView(index, 2))
    inc.advance(prefixView(index, 5))
    // 200 bytes in flight, less the 40 the receiver SACKed.
    expect(inc.analysis().bytesInFlight[4]).toBe(160)
    expect(plain(inc.analysis())).toEqual(plain(analyzeTcp(index)))
  })

  it('an empty index gives an empty analysis, and a shrinking index is refused', () => {
    const index = indexOf([
      { from: 'a', seqOff: 0, ackOff: 0, flags: 'S', len: 0, win: 1000, dms: 0, sack: false },
      { from: 'b', seqOff: 0, ackOff: 1, flags: 'SA', len: 0, win: 1000, dms: 1, sack: false },
    ])
    const inc = new IncrementalTcpAnalysis()
    inc.advance(prefixView(index, 0))
    expect(plain(inc.analysis())).toEqual(plain(analyzeTcp(prefixView(index, 0))))
    inc.advance(index)
    expect(inc.count).toBe(2)
    expect(() => inc.advance(prefixView(index, 1))).toThrow(RangeError)
  })

  it('advance() costs the new rows, not all rows', () => {
    // 200k rows of 2000 connections; then 1000 more. Growing the index's only chunk in place, as a live
    // capture does.
    const total = 201_000
    const segs: Seg[] = []
    for (let i = 0; i < total; i++) {
      const c = i % 2000
      const k = Math.floor(i / 2000)
      segs.push({ ms: i, from: [1, 10000 + c, 2, 80], seq: 1 + k * 100, ack: 1, flags: 'A', len: 100 })
    }
    const index = buildIndex(segs)
    const ch = index.chunks[0]!
    const inc = new IncrementalTcpAnalysis()
    const grow = (n: number): TcpIndexView => {
      ch.count = n
      return { ...index, count: n }
    }
    inc.advance(grow(total - 1000))
    inc.analysis()
    // CPU time, not wall time (a crowded machine stretches wall time far more).
    let t = process.cpuUsage()
    inc.advance(grow(total))
    const an = inc.analysis()
    let used = process.cpuUsage(t)
    const stepMs = (used.user + used.system) / 1000
    t = process.cpuUsage()
    const full = analyzeTcp(grow(total))
    used = process.cpuUsage(t)
    const fullMs = (used.user + used.system) / 1000
    for (const k of ['stream', 'relSeq', 'relAck', 'bytesInFlight', 'acksFrame'] as const)
      expect(an[k].every((v, i) => Object.is(v, full[k][i])) && an[k].length === full[k].length, k).toBe(true)
    expect(an.conversations.map((c) => c.packetsClientToServer)).toEqual(
      full.conversations.map((c) => c.packetsClientToServer),
    )
    // ~0.5 ms against ~100 ms: a pass over all rows would be ≥ fullMs.
    expect(stepMs).toBeLessThan(Math.max(5, fullMs / 5))
  }, 60_000)
})
