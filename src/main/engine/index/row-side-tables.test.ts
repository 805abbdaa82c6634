import { describe, expect, it } from 'vitest'
import { SackBlockTable, SynOptionTable } from './row-side-tables'

describe('SynOptionTable', () => {
  it('returns what was appended, -1 / false for absent options, undefined for other rows', () => {
    const t = new SynOptionTable()
    t.append(3, 1460, 7, true, 100, 0)
    t.append(10, -1, -1, false, -1, -1)
    t.append(11, 536, 14, false, 0xffffffff, 0x80000000)
    expect(t.size).toBe(3)
    expect(t.get(3)).toEqual({ mss: 1460, wscale: 7, sackPerm: true, tsVal: 100, tsEcr: 0 })
    expect(t.get(10)).toEqual({ mss: -1, wscale: -1, sackPerm: false, tsVal: -1, tsEcr: -1 })
    expect(t.get(11)).toEqual({ mss: 536, wscale: 14, sackPerm: false, tsVal: 0xffffffff, tsEcr: 0x80000000 })
    for (const r of [0, 2, 4, 9, 12, 1e9]) expect(t.get(r)).toBeUndefined()
  })

  it('keeps wscale values above 127 (the option byte is 0..255)', () => {
    const t = new SynOptionTable()
    t.append(0, -1, 200, false, -1, -1)
    expect(t.get(0)?.wscale).toBe(200)
  })

  it('grows past its initial capacity, counts capacity in byteSize and trims to the entries', () => {
    const t = new SynOptionTable()
    const n = 1000
    for (let i = 0; i < n; i++) t.append(i * 3, i, i % 15, i % 2 === 0, i, -1)
    expect(t.size).toBe(n)
    // 1024 slots of 4+4+2+1+4+4 bytes allocated by doubling from 64.
    expect(t.byteSize).toBe(1024 * 19)
    t.trim()
    expect(t.byteSize).toBe(n * 19)
    for (let i = 0; i < n; i++) {
      expect(t.get(i * 3)).toEqual({ mss: i, wscale: i % 15, sackPerm: i % 2 === 0, tsVal: i, tsEcr: -1 })
      expect(t.get(i * 3 + 1)).toBeUndefined()
    }
    t.append(n * 3, 1, 2, true, 3, 4) // still appendable after trim
    expect(t.get(n * 3)).toEqual({ mss: 1, wscale: 2, sackPerm: true, tsVal: 3, tsEcr: 4 })
  })

  it('ignores a row that is not above the last one (the search needs sorted rows)', () => {
    const t = new SynOptionTable()
    t.append(5, 1, 1, false, -1, -1)
    t.append(5, 2, 2, false, -1, -1)
    t.append(4, 3, 3, false, -1, -1)
    expect(t.size).toBe(1)
    expect(t.get(5)?.mss).toBe(1)
    expect(t.get(4)).toBeUndefined()
  })

  it('trims an empty table to nothing and can be filled afterwards', () => {
    const t = new SynOptionTable()
    t.trim()
    expect(t.byteSize).toBe(0)
    expect(t.get(0)).toBeUndefined()
    t.append(0, 1, 1, false, -1, -1)
    expect(t.get(0)?.mss).toBe(1)
  })
})

describe('SackBlockTable', () => {
  it("returns each row's edges in order, undefined elsewhere", () => {
    const t = new SackBlockTable()
    t.append(2, [10, 30], [20, 40], 2)
    t.append(7, [0xfffffff0], [5], 1)
    t.append(8, [1], [2], 0) // no blocks: no entry
    expect(t.size).toBe(2)
    expect([...t.get(2)!]).toEqual([10, 20, 30, 40])
    expect([...t.get(7)!]).toEqual([0xfffffff0, 5])
    expect(t.get(8)).toBeUndefined()
    expect(t.get(3)).toBeUndefined()
  })

  it('grows rows and edges independently, trims to the exact size', () => {
    const t = new SackBlockTable()
    const left = new Uint32Array(4)
    const right = new Uint32Array(4)
    for (let r = 0; r < 500; r++) {
      const k = (r % 4) + 1
      for (let j = 0; j < k; j++) {
        left[j] = r * 100 + j
        right[j] = r * 100 + j + 50
      }
      t.append(r * 2, left, right, k)
    }
    const edges = 2 * 125 * (1 + 2 + 3 + 4)
    t.trim()
    expect(t.byteSize).toBe(500 * 4 + 501 * 4 + edges * 4)
    for (let r = 0; r < 500; r++) {
      const k = (r % 4) + 1
      const want: number[] = []
      for (let j = 0; j < k; j++) want.push(r * 100 + j, r * 100 + j + 50)
      expect([...t.get(r * 2)!]).toEqual(want)
      expect(t.get(r * 2 + 1)).toBeUndefined()
    }
  })

  it('trims an empty table and can be filled afterwards', () => {
    const t = new SackBlockTable()
    t.trim()
    expect(t.byteSize).toBe(4)
    t.append(1, [1], [2], 1)
    expect([...t.get(1)!]).toEqual([1, 2])
  })
})

describe('SackBlockTable.rowAt', () => {
  it('lists the rows with blocks in increasing order, -1 outside', () => {
    const t = new SackBlockTable()
    t.append(3, [1], [2], 1)
    t.append(9, [5, 7], [6, 8], 2)
    expect([t.rowAt(0), t.rowAt(1), t.rowAt(2), t.rowAt(-1)]).toEqual([3, 9, -1, -1])
  })
})
