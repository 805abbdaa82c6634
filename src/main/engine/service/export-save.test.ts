import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildIndex } from '../index/build-index'
import type { PacketIndex } from '../index'
import { encodePcap } from '../writers'
import { exportPackets } from './export-save'
import { RequestError } from './validate'

/*
 * Save As / export: the written file is read back BEFORE it replaces the target, so a save whose
 * read-back fails (or counts the wrong number of packets) leaves the old file byte-identical and no
 * temp file behind.
 */
let dir = ''
let source = ''
let index: PacketIndex
const oldBytes = encodePcap({ linkType: 1 }, [{ tsSec: 9, data: new Uint8Array(60).fill(7) }])

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wirelite-export-'))
  source = join(dir, 'source.pcap')
  const frames = Array.from({ length: 5 }, (_, i) => ({ tsSec: 100 + i, data: new Uint8Array(64).fill(i) }))
  writeFileSync(source, encodePcap({ linkType: 1 }, frames))
  index = await buildIndex(source)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const leftovers = (): string[] => readdirSync(dir).filter((n) => n.endsWith('.tmp'))

describe.each(['pcap', 'pcapng'] as const)('exportPackets as %s', (format) => {
  const all = () => new Uint8Array(index.count).fill(1)

  it('a read-back that fails: an io error, the old file byte-identical, no temp file', async () => {
    const target = join(dir, `fails.${format}`)
    writeFileSync(target, oldBytes)
    let checked = ''
    const err = await exportPackets(source, index, all(), format, target, {
      readBack: async (p) => {
        checked = p
        throw new Error('EIO: i/o error, read')
      },
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RequestError)
    expect((err as RequestError).message).toBe(
      `${target} was not saved: the written file cannot be read back (EIO: i/o error, read); the existing file is unchanged`,
    )
    expect(checked).not.toBe(target) // the temp file was checked, not the target
    expect(Buffer.compare(readFileSync(target), Buffer.from(oldBytes))).toBe(0)
    expect(leftovers()).toEqual([])
  })

  it('a read-back with the wrong packet count: refused the same way', async () => {
    const target = join(dir, `short.${format}`)
    writeFileSync(target, oldBytes)
    await expect(
      exportPackets(source, index, all(), format, target, { readBack: async () => 4 }),
    ).rejects.toThrow(
      `${target} was not saved: wrote 5 of 5 packets but read back 4; the existing file is unchanged`,
    )
    expect(Buffer.compare(readFileSync(target), Buffer.from(oldBytes))).toBe(0)
    expect(leftovers()).toEqual([])
  })

  it('the ordinary read-back passes and the file is replaced', async () => {
    const target = join(dir, `ok.${format}`)
    writeFileSync(target, oldBytes)
    const pick = all()
    pick[2] = 0
    const r = await exportPackets(source, index, pick, format, target)
    expect(r).toMatchObject({ path: target, packets: 4, verifiedPackets: 4 })
    expect((await buildIndex(target)).count).toBe(4)
    expect(leftovers()).toEqual([])
  })
})
