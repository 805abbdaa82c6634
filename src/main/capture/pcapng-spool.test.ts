import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readCaptureFile } from '../engine/readers/read-capture-file'
import { BatchBuilder, forEachRecord } from './batch-codec'
import { MonotonicWallClock, wireLength } from './capture-session'
import { PcapngSpool } from './pcapng-spool'

const dir = mkdtempSync(join(tmpdir(), 'wirelite-spool-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('batch codec + pcapng spool', () => {
  it('round-trips records (odd lengths, ns timestamps past 2038, large seconds) through the reader', async () => {
    const b = new BatchBuilder(64) // small: forces growth
    const frames = [
      { sec: 1_700_000_000, nsec: 123_456_789, data: Uint8Array.from({ length: 61 }, (_, i) => i) },
      { sec: 4_294_967_295, nsec: 999_999_999, data: new Uint8Array(0) },
      { sec: 2_500_000_000, nsec: 1, data: Uint8Array.from({ length: 1500 }, (_, i) => (i * 7) & 255) },
    ]
    for (const f of frames) b.append(f.sec, f.nsec, f.data, f.data.length, f.data.length + 3)
    expect(b.count).toBe(3)
    const bytes = b.take()
    expect(b.count).toBe(0)
    const seen: number[] = []
    expect(forEachRecord(bytes, (r) => void seen.push(r.capLen))).toBe(3)
    expect(seen).toEqual([61, 0, 1500])

    const path = join(dir, 'a.pcapng')
    const s = PcapngSpool.create(path, { linkType: 1, snapLen: 262144, name: 'lo', filter: 'tcp' })
    s.writeBatch(bytes)
    s.writeBatch(new Uint8Array(0))
    s.close()
    const got: Array<{ sec: number; nsec: number; data: number[]; origLen: number }> = []
    const sum = await readCaptureFile(path, (r, info) => {
      expect(info.interfaces[0]).toMatchObject({
        linkType: 1,
        snapLen: 262144,
        name: 'lo',
        filter: 'tcp',
        tsPrecisionDigits: 9,
      })
      got.push({ sec: r.tsSec, nsec: r.tsNsec, data: [...r.data], origLen: r.origLen })
    })
    expect(sum.error).toBeNull()
    expect(got).toEqual(
      frames.map((f) => ({ sec: f.sec, nsec: f.nsec, data: [...f.data], origLen: f.data.length + 3 })),
    )
  })

  it('stops a truncated block as a truncated tail, keeping the packets before it', async () => {
    const b = new BatchBuilder()
    for (let i = 0; i < 5; i++) b.append(1_700_000_000 + i, 0, new Uint8Array(100).fill(i), 100, 100)
    const path = join(dir, 'b.pcapng')
    const s = PcapngSpool.create(path, { linkType: 1, snapLen: 65535, name: 'lo', filter: '' })
    s.writeBatch(b.take())
    s.close()
    const { truncateSync, statSync } = await import('node:fs')
    truncateSync(path, statSync(path).size - 40) // a crash in the middle of the last block
    let n = 0
    const sum = await readCaptureFile(path, () => void n++)
    expect(n).toBe(4)
    expect(sum.incompleteTail).not.toBeNull()
  })
})

describe('wireLength', () => {
  it("recovers the wire length of frames cut at cap's 65535 from the IP header", () => {
    const b = new Uint8Array(65535)
    b[12] = 0x08
    b[13] = 0x00
    b[16] = 0xff
    b[17] = 0xff // IPv4 total length 65535 → frame 65549
    expect(wireLength(1, b, 65535)).toBe(65549)
    expect(wireLength(1, b, 1000)).toBe(1000)
    b[12] = 0x86
    b[13] = 0xdd
    b[18] = 0xff
    b[19] = 0xd8 // IPv6 payload 65496 → 14 + 40 + 65496
    expect(wireLength(1, b, 65535)).toBe(65550)
  })
})

describe('MonotonicWallClock', () => {
  it('agrees with Date.now() to within a millisecond and advances monotonically', () => {
    const c = new MonotonicWallClock()
    c.stamp()
    const a = c.sec * 1000 + c.nsec / 1e6
    const now = Date.now()
    expect(Math.abs(a - now)).toBeLessThan(2)
    const s0 = c.sec
    const n0 = c.nsec
    c.stamp()
    expect(c.sec * 1e9 + c.nsec).toBeGreaterThanOrEqual(s0 * 1e9 + n0)
    expect(c.nsec).toBeLessThan(1e9)
  })
})
