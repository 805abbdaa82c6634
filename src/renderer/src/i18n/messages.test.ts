import { describe, expect, it } from 'vitest'
import { mergeMessages, type MessageModule } from './index'

/*
 * Every area's messages file (this area's and the other helpers') must give English and Simplified
 * Chinese the same keys, the same {placeholders}, no empty strings, and actual Chinese text.
 */
const modules = import.meta.glob<{ default: MessageModule }>('./messages/*.ts', { eager: true })

function flatten(obj: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (typeof obj === 'string') out.set(prefix, obj)
  else if (obj && typeof obj === 'object')
    for (const [k, v] of Object.entries(obj)) flatten(v, prefix ? `${prefix}.${k}` : k, out)
  else out.set(prefix, `<${typeof obj}>`)
  return out
}

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort()

describe('i18n messages', () => {
  const entries = Object.entries(modules)

  it('finds the message modules (common and packetList at least)', () => {
    const names = entries.map(([p]) => p)
    expect(names).toContain('./messages/common.ts')
    expect(names).toContain('./messages/packetList.ts')
  })

  for (const [path, mod] of entries) {
    describe(path, () => {
      const en = flatten(mod.default.en)
      const zh = flatten(mod.default['zh-CN'])

      it('has the same keys in en and zh-CN', () => {
        expect([...zh.keys()].sort()).toEqual([...en.keys()].sort())
        expect(en.size).toBeGreaterThan(0)
      })

      it('has only non-empty strings with the same placeholders', () => {
        for (const [key, value] of en) {
          expect(value, `${key} (en)`).toMatch(/\S/)
          expect(value.startsWith('<'), `${key} (en) is not a string`).toBe(false)
          const z = zh.get(key)
          if (z === undefined) continue // reported by the key test
          expect(z, `${key} (zh-CN)`).toMatch(/\S/)
          expect(placeholders(z), `${key}: placeholders`).toEqual(placeholders(value))
        }
      })

      it('has one top-level area, the same in both locales, and real Chinese text', () => {
        expect(Object.keys(mod.default['zh-CN'])).toEqual(Object.keys(mod.default.en))
        expect([...zh.values()].some((s) => /[\u4e00-\u9fff]/.test(s))).toBe(true)
      })
    })
  }

  it('no two files define the same area', () => {
    const areas = entries.flatMap(([, m]) => Object.keys(m.default.en))
    expect(new Set(areas).size).toBe(areas.length)
    const merged = mergeMessages(modules)
    expect(Object.keys(merged.en).sort()).toEqual([...areas].sort())
  })
})
