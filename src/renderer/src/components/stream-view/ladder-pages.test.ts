import { describe, expect, it } from 'vitest'
import { LadderPages, PAGE } from './ladder-pages'
import {
  LADDER_COLUMN_TYPES,
  type LadderColumnName,
  type StreamLadderRequest,
  type StreamLadderResponse,
} from '../../../../shared/ipc/contract'

const ARRAYS = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, f64: Float64Array } as const

/** A fake engine: packet i has frame 10 + 2i and seq i (enough to check paging and positions). */
function fakeEngine(total: number) {
  const calls: StreamLadderRequest[] = []
  const invoke = async (req: StreamLadderRequest) => {
    calls.push(req)
    const s = Math.min(req.start ?? 0, total)
    const e = Math.min(total, s + (req.count ?? 1000))
    const columns = {} as Record<LadderColumnName, ArrayBuffer>
    for (const [name, type] of Object.entries(LADDER_COLUMN_TYPES) as Array<
      [LadderColumnName, keyof typeof ARRAYS]
    >) {
      const a = new ARRAYS[type](e - s)
      for (let i = s; i < e; i++) a[i - s] = name === 'frame' ? 10 + 2 * i : name === 'seq' ? i : 0
      columns[name] = a.buffer as ArrayBuffer
    }
    const value: StreamLadderResponse = {
      stream: req.stream,
      total,
      start: s,
      count: e - s,
      columns,
      explain: Array.from({ length: e - s }, () => [{ key: 'ex.empty' as const }]),
      phases: [],
      summary: {} as StreamLadderResponse['summary'],
      elapsedMs: 1,
      ...(req.overview
        ? {
            overview: {
              frame: Uint32Array.from({ length: total }, (_, i) => 10 + 2 * i).buffer as ArrayBuffer,
              ...(req.times
                ? { time: Float64Array.from({ length: total }, (_, i) => i / 1000).buffer as ArrayBuffer }
                : {}),
            },
          }
        : {}),
    }
    return { ok: true as const, value }
  }
  return { invoke, calls }
}

describe('LadderPages', () => {
  it('loads the first page with the overview, then pages on demand, each once', async () => {
    const { invoke, calls } = fakeEngine(3 * PAGE + 7)
    let loads = 0
    const p = new LadderPages(1, 0, invoke, () => loads++)
    expect(await p.init()).toBe(true)
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ start: 0, count: PAGE, overview: true })
    expect(p.frames[3 * PAGE + 6]).toBe(10 + 2 * (3 * PAGE + 6))
    expect(p.row(5)!.frame).toBe(20)
    expect(p.row(PAGE)).toBeNull()
    await Promise.all([p.ensure(PAGE - 2, 2 * PAGE + 3), p.ensure(PAGE, PAGE + 1)])
    expect(calls.map((c) => c.start)).toEqual([0, PAGE, 2 * PAGE])
    expect(loads).toBe(2)
    expect(p.row(2 * PAGE + 3)!.seq).toBe(2 * PAGE + 3)
    expect(p.row(3 * PAGE + 7)).toBeNull()
    await p.ensure(3 * PAGE, 10 * PAGE) // clipped at the end of the stream
    expect(p.row(3 * PAGE + 6)!.seq).toBe(3 * PAGE + 6)
  })

  it('fetches every packet time once, on demand', async () => {
    const { invoke, calls } = fakeEngine(PAGE + 3)
    const p = new LadderPages(1, 0, invoke)
    await p.init()
    expect(p.times.length).toBe(0)
    expect(p.timeOf(PAGE + 1)).toBeNaN()
    await Promise.all([p.loadTimes(), p.loadTimes()])
    await p.loadTimes()
    expect(calls.filter((c) => c.times)).toHaveLength(1)
    expect(p.timeOf(PAGE + 1)).toBeCloseTo((PAGE + 1) / 1000, 9)
  })

  it('reports an engine refusal', async () => {
    const p = new LadderPages(1, 9, async () => ({
      ok: false as const,
      error: 'tcp.stream 9 does not exist',
    }))
    expect(await p.init()).toBe(false)
    expect(p.error).toContain('does not exist')
  })
})
