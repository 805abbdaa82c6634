import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { analyzeTcp } from './analyze-tcp'
import { buildIndex, type Seg } from './test-builder'
import type { TcpAnalysis } from './types'

// analyzeTcp caches the ends of bytes_in_flight and skips ACK walks that cannot change the unacked lists.
// These shortcuts must give exactly what walking the lists on every packet gives.

function same(a: TcpAnalysis, b: TcpAnalysis): void {
  for (const k of Object.keys(a) as Array<keyof TcpAnalysis>) {
    if (k === 'conversations') continue
    const x = a[k]
    const y = b[k]
    expect(ArrayBuffer.isView(x) ? Array.from(x as Uint32Array) : x, k).toEqual(
      ArrayBuffer.isView(y) ? Array.from(y as Uint32Array) : y,
    )
  }
  expect(a.conversations).toEqual(b.conversations)
}

const FLAGS = ['A', 'A', 'A', 'PA', 'S', 'SA', 'FA', 'R', 'RA', '']

/** Segments of one or two connections with sequence numbers near a chosen base (wrap-around included). */
const segsArb = fc
  .tuple(
    fc.constantFrom(0, 1000, 0xffffff00, 0x7fffff00),
    fc.constantFrom(0, 5000, 0xfffffff0),
    fc.array(
      fc.record({
        from: fc.constantFrom<'a' | 'b'>('a', 'b'),
        seqOff: fc.integer({ min: -40, max: 600 }),
        ackOff: fc.integer({ min: -40, max: 600 }),
        flags: fc.constantFrom(...FLAGS),
        len: fc.constantFrom(0, 0, 1, 10, 50, 100),
        win: fc.constantFrom(0, 1000, 1000, 2000),
        dms: fc.constantFrom(0, 1, 2, 30),
      }),
      { minLength: 1, maxLength: 120 },
    ),
  )
  .map(([baseA, baseB, raw]) => {
    let ms = 0
    return raw.map((r): Seg => {
      ms += r.dms
      const own = r.from === 'a' ? baseA : baseB
      const peer = r.from === 'a' ? baseB : baseA
      return {
        ms,
        from: r.from,
        seq: (own + r.seqOff) >>> 0,
        ack: (peer + r.ackOff) >>> 0,
        flags: r.flags,
        len: r.len,
        win: r.win,
        ...(r.flags.includes('S') ? { wscale: 7 } : {}),
      }
    })
  })

describe('analyzeTcp shortcuts', () => {
  it('give the same analysis as exhaustive walks on random segment sequences', () => {
    fc.assert(
      fc.property(segsArb, (segs) => {
        const index = buildIndex(segs)
        same(analyzeTcp(index), analyzeTcp(index, { exhaustiveWalks: true }))
      }),
      { numRuns: 1500 },
    )
  })

  it('a long one-way run of unacked segments stays linear', () => {
    // 200k data segments, never acknowledged: each used to re-walk up to 10000 unacked segments.
    const n = 200_000
    const segs: Seg[] = []
    for (let i = 0; i < n; i++)
      segs.push({ ms: i, from: 'a', seq: 1 + i * 100, ack: 1, flags: 'A', len: 100 })
    const index = buildIndex(segs)
    // CPU time, not wall time: a crowded machine stretches wall time 10×, CPU time far less.
    const t = process.cpuUsage()
    const an = analyzeTcp(index)
    const used = process.cpuUsage(t)
    const cpuMs = (used.user + used.system) / 1000
    expect(an.bytesInFlight[n - 1]).toBe(10000 * 100)
    // Linear: ~0.1-0.3 s of CPU (under 1 s on a machine shared by 20 processes); the quadratic walks
    // took ~10 s of CPU on an idle machine.
    expect(cpuMs).toBeLessThan(4000)
    // Exhaustive on a prefix gives the same numbers.
    const small = buildIndex(segs.slice(0, 12_000))
    same(analyzeTcp(small), analyzeTcp(small, { exhaustiveWalks: true }))
  }, 60_000)
})
