import { describe, expect, it } from 'vitest'
import { listFields } from '../../../../shared/filter'
import { applyCompletion, completionAt } from './filter-completion'

const fields = listFields().map((f) => ({ name: f.name, description: f.description }))

describe('completionAt', () => {
  it('offers the field table names starting with the word at the caret, shortest first', () => {
    const c = completionAt('tcp.fl', 6, fields)!
    expect(c.start).toBe(0)
    expect(c.end).toBe(6)
    const names = c.items.map((i) => i.name)
    expect(names[0]).toBe('tcp.flags')
    expect(names).toContain('tcp.flags.syn')
    expect(names.every((n) => n.startsWith('tcp.fl'))).toBe(true)
  })

  it('completes the word after && and inside parentheses', () => {
    const t = 'tcp.flags.syn==1 && (tcp.str'
    const c = completionAt(t, t.length, fields)!
    expect(c.start).toBe(21)
    expect(c.items.map((i) => i.name)).toContain('tcp.stream')
  })

  it('offers nothing where a value goes, in a string, on a number, or for a complete unique name', () => {
    expect(completionAt('tcp.port == 8', 13, fields)).toBeNull()
    expect(completionAt('tcp contains "tc', 16, fields)).toBeNull()
    expect(completionAt('ip.addr == 10.0', 15, fields)).toBeNull()
    expect(completionAt('tcp.stream', 10, fields)).toBeNull()
    expect(completionAt('', 0, fields)).toBeNull()
    expect(completionAt('zzz', 3, fields)).toBeNull()
  })

  it('replaces the whole word the caret is in', () => {
    const t = 'tcp.sr && udp'
    const c = completionAt(t, 4, fields)!
    expect(c.end).toBe(6)
    expect(applyCompletion(t, c, 'tcp.srcport')).toEqual({ text: 'tcp.srcport && udp', caret: 11 })
  })

  it('limits the list', () => {
    expect(completionAt('t', 1, fields, 5)!.items).toHaveLength(5)
  })
})
