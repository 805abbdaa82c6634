import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SAVED_FILTERS,
  FilterHistory,
  HISTORY_KEY,
  SAVED_KEY,
  SavedFilters,
  stepHistory,
  type KeyValueStorage,
} from './filter-history'

function memory(init: Record<string, string> = {}): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(init))
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) }
}

describe('FilterHistory', () => {
  it('keeps newest first, deduplicated, trimmed, without empty entries', () => {
    const s = memory()
    const h = new FilterHistory(s)
    h.add('tcp')
    h.add('  udp ')
    h.add('')
    h.add('tcp')
    expect(h.list()).toEqual(['tcp', 'udp'])
    expect(JSON.parse(s.data.get(HISTORY_KEY)!)).toEqual(['tcp', 'udp'])
    // A new instance over the same storage sees the same list (persisted).
    expect(new FilterHistory(s).list()).toEqual(['tcp', 'udp'])
  })

  it('keeps only the last 50', () => {
    const h = new FilterHistory(memory())
    for (let i = 0; i < 60; i++) h.add(`frame.number == ${i}`)
    expect(h.list()).toHaveLength(50)
    expect(h.list()[0]).toBe('frame.number == 59')
    expect(h.list()[49]).toBe('frame.number == 10')
  })

  it('ignores corrupt or foreign storage content', () => {
    expect(new FilterHistory(memory({ [HISTORY_KEY]: '{not json' })).list()).toEqual([])
    expect(new FilterHistory(memory({ [HISTORY_KEY]: '{"a":1}' })).list()).toEqual([])
    expect(new FilterHistory(memory({ [HISTORY_KEY]: '["tcp", 3, null, "tcp", ""]' })).list()).toEqual([
      'tcp',
    ])
    expect(new FilterHistory(null).list()).toEqual([])
  })

  it('survives a storage that throws on write', () => {
    const h = new FilterHistory({
      getItem: () => null,
      setItem: () => {
        throw new Error('quota')
      },
    })
    h.add('tcp')
    expect(h.list()).toEqual(['tcp'])
  })
})

describe('stepHistory', () => {
  const items = ['c', 'b', 'a']
  it('walks older with ↑ and back to the draft with ↓', () => {
    let s = stepHistory(items, -1, 'draft', 'older')
    expect(s).toEqual({ position: 0, text: 'c' })
    s = stepHistory(items, s.position, 'draft', 'older')
    s = stepHistory(items, s.position, 'draft', 'older')
    expect(s).toEqual({ position: 2, text: 'a' })
    // Stops at the oldest.
    expect(stepHistory(items, 2, 'draft', 'older')).toEqual({ position: 2, text: 'a' })
    expect(stepHistory(items, 0, 'draft', 'newer')).toEqual({ position: -1, text: 'draft' })
    expect(stepHistory(items, -1, 'draft', 'newer')).toEqual({ position: -1, text: 'draft' })
  })
  it('an empty history keeps the draft', () => {
    expect(stepHistory([], -1, 'x', 'older')).toEqual({ position: -1, text: 'x' })
  })
})

describe('SavedFilters', () => {
  it('starts with the defaults, including the SYN filter', () => {
    const f = new SavedFilters(memory())
    expect(f.list()).toEqual(DEFAULT_SAVED_FILTERS)
    expect(f.list().map((x) => x.text)).toContain('tcp.flags.syn==1 && tcp.flags.ack==0')
  })

  it('saves, replaces by name, removes and persists (an emptied list stays empty)', () => {
    const s = memory()
    const f = new SavedFilters(s)
    expect(f.save('web', 'tcp.port == 80')).toBe(true)
    expect(f.save('web', 'tcp.port == 443')).toBe(true)
    expect(f.save('', 'tcp')).toBe(false)
    expect(f.save('x', '  ')).toBe(false)
    expect(f.list().filter((x) => x.name === 'web')).toEqual([{ name: 'web', text: 'tcp.port == 443' }])
    for (const x of [...f.list()]) f.remove(x.name)
    expect(new SavedFilters(s).list()).toEqual([])
    expect(s.data.get(SAVED_KEY)).toBe('[]')
  })

  it('drops malformed entries from storage', () => {
    const s = memory({ [SAVED_KEY]: '[{"name":"a","text":"tcp"},{"name":1},null,"x"]' })
    expect(new SavedFilters(s).list()).toEqual([{ name: 'a', text: 'tcp' }])
  })
})
