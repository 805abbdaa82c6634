import { describe, expect, it } from 'vitest'
import type { PacketRow } from '../../../../shared/ipc/contract'
import { RowFetcher } from './row-fetcher'

function fakeRow(pos: number, tag = ''): PacketRow {
  const t = String(pos)
  return {
    no: pos + 1,
    pos,
    time: { sinceStart: t, sincePrevious: t, sincePreviousDisplayed: t, absolute: t, epoch: t },
    source: 'a',
    destination: 'b',
    protocol: 'TCP',
    length: 60,
    info: `row ${pos}${tag}`,
    color: 'tcp',
    stream: 0,
  }
}

function setup(opts: { fail?: boolean } = {}) {
  const frames: Array<() => void> = []
  const calls: Array<[number, number]> = []
  let pending: Array<() => void> = []
  let tag = ''
  const f = new RowFetcher({
    fetch: (start, count) => {
      calls.push([start, count])
      return new Promise((resolve) => {
        pending.push(() =>
          resolve(opts.fail ? null : Array.from({ length: count }, (_, i) => fakeRow(start + i, tag))),
        )
      })
    },
    onData: () => {},
    schedule: (fn) => frames.push(fn),
    margin: 10,
    maxCached: 200,
  })
  const frame = () => frames.splice(0).forEach((fn) => fn())
  const settle = async () => {
    const p = pending
    pending = []
    p.forEach((r) => r())
    await new Promise((r) => setTimeout(r, 0))
  }
  return { f, frame, settle, calls, setTag: (t: string) => (tag = t) }
}

describe('RowFetcher', () => {
  it('sends one request per frame for the visible window plus a margin, never one per row', async () => {
    const { f, frame, settle, calls } = setup()
    f.request(0, 30, 1000)
    f.request(5, 35, 1000) // same frame: replaces the wish
    expect(calls).toEqual([])
    frame()
    expect(calls).toEqual([[0, 45]])
    await settle()
    expect(f.get(44)?.info).toBe('row 44')
    f.request(10, 40, 1000) // all cached: nothing to ask
    frame()
    await settle()
    expect(calls.length).toBe(1)
  })

  it('sends a first screen at once when asked (no frame of waiting)', async () => {
    const { f, settle, calls } = setup()
    f.request(0, 30, 1000, true)
    expect(calls).toEqual([[0, 40]])
    await settle()
    expect(f.get(0)?.info).toBe('row 0')
  })

  it('keeps one request in flight and then asks for where the view is now', async () => {
    const { f, frame, settle, calls } = setup()
    f.request(0, 30, 1000)
    frame()
    f.request(100, 130, 1000)
    f.request(500, 530, 1000) // while the first is in flight: only the last wish survives
    frame()
    expect(calls.length).toBe(1)
    await settle()
    frame()
    expect(calls).toEqual([
      [0, 40],
      [490, 50],
    ])
  })

  it('drops answers of an older view version and shows stale rows only when asked to', async () => {
    const { f, frame, settle, setTag } = setup()
    f.request(0, 20, 1000)
    frame()
    await settle()
    expect(f.get(3)?.info).toBe('row 3')
    f.invalidate(true)
    expect(f.has(3)).toBe(false)
    expect(f.get(3)?.info).toBe('row 3') // stale, still drawn
    setTag('*')
    f.request(0, 20, 1000)
    frame()
    await settle()
    expect(f.get(3)?.info).toBe('row 3*')
    f.invalidate(false)
    expect(f.get(3)).toBeUndefined()
    // An answer that arrives after an invalidate is thrown away.
    f.request(0, 20, 1000)
    frame()
    f.invalidate(false)
    await settle()
    expect(f.get(3)).toBeUndefined()
  })

  it('an answer for the version just replaced with keepStale still fills the screen', async () => {
    const { f, frame, settle, calls, setTag } = setup()
    f.request(0, 20, 1000)
    frame()
    f.invalidate(true) // e.g. indexing finished while the first screen was being fetched
    await settle()
    expect(f.has(3)).toBe(false)
    expect(f.get(3)?.info).toBe('row 3') // drawn now, as stale
    frame()
    setTag('*')
    expect(calls.length).toBe(2) // and asked again for the current version
    await settle()
    expect(f.get(3)?.info).toBe('row 3*')
  })

  it('does not retry a failing request every frame', async () => {
    const { f, frame, settle, calls } = setup({ fail: true })
    f.request(0, 20, 1000)
    frame()
    await settle()
    frame()
    await settle()
    expect(calls.length).toBe(1)
  })

  it('bounds the cache', async () => {
    const { f, frame, settle } = setup()
    for (let s = 0; s < 2000; s += 100) {
      f.request(s, s + 30, 5000)
      frame()
      await settle()
    }
    expect(f.get(0)).toBeUndefined()
    expect(f.get(1905)?.info).toBe('row 1905')
  })
})
