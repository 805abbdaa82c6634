import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MAX_DIR_ENTRIES, isCaptureName, listDir } from './list-dir'

const tmp = mkdtempSync(join(tmpdir(), 'wirelite-list-dir-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('listDir', () => {
  it('recognises capture names by extension, compressed or not', () => {
    for (const n of ['a.pcap', 'A.PCAPNG', 'x.cap', 'y.pcap.gz', 'z.pcapng.gz', 'w.ntar', 'trace.gz'])
      expect(isCaptureName(n), n).toBe(true)
    for (const n of ['a.txt', 'pcap', 'x.pcap.txt', 'archive.tar', '.pcapx'])
      expect(isCaptureName(n), n).toBe(false)
  })

  it('lists at most MAX_DIR_ENTRIES and counts the rest as truncated', async () => {
    const big = join(tmp, 'big')
    mkdirSync(big)
    for (let i = 0; i < MAX_DIR_ENTRIES + 7; i++)
      writeFileSync(join(big, `f${String(i).padStart(5, '0')}.pcap`), '')
    const r = await listDir(big, tmp)
    expect(r.entries).toHaveLength(MAX_DIR_ENTRIES)
    expect(r.truncated).toBe(7)
    expect(r.entries[0]).toEqual({ name: 'f00000.pcap', dir: false, sizeBytes: 0, capture: true })
  })

  it('resolves a relative path against the starting folder', async () => {
    mkdirSync(join(tmp, 'rel', 'inner'), { recursive: true })
    const r = await listDir('rel', tmp)
    expect(r.path).toBe(join(tmp, 'rel'))
    expect(r.entries).toEqual([{ name: 'inner', dir: true, sizeBytes: null, capture: false }])
  })
})
