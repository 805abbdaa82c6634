import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveSpool } from '../../src/main/capture/capture-client'
import { readCaptureFile } from '../../src/main/engine/readers/read-capture-file'
import { encodePcap, encodePcapngSection } from '../../src/main/engine/writers'

/*
 * Saving a capture's spool (`wirelite capture -w`, LiveCapture.save): the copy is read back before it
 * replaces the target, so a failed read-back or a wrong packet count is an error and an existing file
 * stays byte-identical. No capture privileges needed: the spool is a pcapng file made here.
 */
let dir = ''
let spool = ''
const PACKETS = 6
const oldBytes = encodePcap({ linkType: 1 }, [{ tsSec: 3, data: new Uint8Array(42).fill(1) }])

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wirelite-spool-save-'))
  spool = join(dir, 'spool.pcapng')
  writeFileSync(
    spool,
    encodePcapngSection({
      interfaces: [{ linkType: 1, snapLen: 65535, tsresol: 9, name: 'lo' }],
      packets: Array.from({ length: PACKETS }, (_, i) => ({
        tsSec: 1000 + i,
        tsNsec: 5,
        data: new Uint8Array(60 + i).fill(i),
      })),
    }),
  )
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const leftovers = (): string[] => readdirSync(dir).filter((n) => n.endsWith('.tmp'))
async function count(path: string): Promise<number> {
  let n = 0
  await readCaptureFile(path, () => void n++)
  return n
}

describe.each(['pcap', 'pcapng'] as const)('saveSpool as %s', (format) => {
  it('reads the copy back: every packet, the file replaced, no temp file', async () => {
    const target = join(dir, `ok.${format}`)
    writeFileSync(target, oldBytes)
    expect(await saveSpool(spool, target, format)).toBe(PACKETS)
    expect(await count(target)).toBe(PACKETS)
    expect(leftovers()).toEqual([])
  })

  it('a read-back count that differs is an error and the old file stays byte-identical', async () => {
    const target = join(dir, `short.${format}`)
    writeFileSync(target, oldBytes)
    await expect(saveSpool(spool, target, format, {}, { readBack: async () => PACKETS - 1 })).rejects.toThrow(
      `wrote ${PACKETS} packets but read back ${PACKETS - 1}; ${target} was not replaced`,
    )
    expect(Buffer.compare(readFileSync(target), Buffer.from(oldBytes))).toBe(0)
    expect(leftovers()).toEqual([])
  })

  it('a read-back that fails is an error and the old file stays byte-identical', async () => {
    const target = join(dir, `fails.${format}`)
    writeFileSync(target, oldBytes)
    await expect(
      saveSpool(spool, target, format, {}, { readBack: () => Promise.reject(new Error('EIO')) }),
    ).rejects.toThrow(`the written file cannot be read back (EIO); ${target} was not replaced`)
    expect(Buffer.compare(readFileSync(target), Buffer.from(oldBytes))).toBe(0)
    expect(leftovers()).toEqual([])
  })
})
