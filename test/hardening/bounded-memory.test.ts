import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { encodeBlock, BlockType } from '../../src/main/engine/writers/pcapng-encode'
import { concat } from '../../src/shared/decode/test-packets'
import { buildCase, encodeFrames, recordOffsets } from './support/hostile'
import { runPipeline } from './support/pipeline'

/**
 * No allocation sized by an untrusted length. This file runs in its own worker, so the process's peak RSS
 * (resourceUsage().maxRSS, a high-water mark) before a case is its baseline: if any reader, decoder or
 * command allocated and touched a buffer sized by a header that claims 4 GiB, the peak would jump.
 */
const PEAK_GROWTH_LIMIT_MB = 96

let dir = ''
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wirelite-mem-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const peakMb = (): number => process.resourceUsage().maxRSS / 1024

async function expectBounded(name: string, bytes: Uint8Array | ((path: string) => void)): Promise<void> {
  const path = join(dir, name)
  if (typeof bytes === 'function') bytes(path)
  else writeFileSync(path, bytes)
  const before = peakMb()
  const t0 = performance.now()
  const r = await runPipeline(path, 2)
  const ms = performance.now() - t0
  expect(r.problems).toEqual([])
  expect(peakMb() - before, `peak RSS growth on ${name}`).toBeLessThan(PEAK_GROWTH_LIMIT_MB)
  expect(ms, `time on ${name}`).toBeLessThan(20_000)
  rmSync(path, { recursive: true, force: true })
}

const valid = (): Uint8Array => buildCase({ container: 'pcap', hostile: [], mutations: [] })
const validNg = (): Uint8Array => buildCase({ container: 'pcapng', hostile: [], mutations: [] })

function setU32(b: Uint8Array, at: number, v: number): Uint8Array {
  new DataView(b.buffer, b.byteOffset).setUint32(at, v >>> 0, true)
  return b
}

describe('headers that claim huge sizes', () => {
  it('pcap record caplen 0xffffffff / 0x7fffffff / origlen 0xffffffff, and snaplen 0xffffffff', async () => {
    for (const v of [0xffffffff, 0x7fffffff, 0x10000000]) {
      const b = valid()
      const rec = recordOffsets('pcap', b)[3]!
      await expectBounded(`caplen-${v}.pcap`, setU32(b, rec + 8, v))
      await expectBounded(`origlen-${v}.pcap`, setU32(valid(), rec + 12, v))
      await expectBounded(`snaplen-${v}.pcap`, setU32(valid(), 16, v))
      await expectBounded(`snaplen-caplen-${v}.pcap`, setU32(setU32(valid(), 16, v), rec + 8, v))
    }
  }, 60_000)

  it('pcap caplen 0 on every record, and snaplen 0', async () => {
    const b = valid()
    for (const o of recordOffsets('pcap', b)) setU32(b, o + 8, 0)
    // caplen 0 records followed by their old bytes: the reader sees those bytes as record headers
    await expectBounded('caplen0.pcap', b)
    await expectBounded('snaplen0.pcap', setU32(valid(), 16, 0))
  }, 60_000)

  it('pcapng block lengths that lie (0xfffffff0, 0xffffffff, 12, trailer mismatch) and EPB caplen 0xffffffff', async () => {
    for (const v of [0xfffffff0, 0xffffffff, 0x80000000, 12, 16]) {
      const b = validNg()
      const blocks = recordOffsets('pcapng', b)
      await expectBounded(`blocklen-${v}.pcapng`, setU32(b, blocks[4]! + 4, v))
      await expectBounded(`epb-caplen-${v}.pcapng`, setU32(validNg(), blocks[4]! + 20, v))
    }
    // IDB snaplen 0 (no limit) with an EPB whose caplen claims 4 GiB
    const b = validNg()
    const blocks = recordOffsets('pcapng', b)
    setU32(b, blocks[1]! + 12, 0)
    await expectBounded('idb-snaplen0.pcapng', setU32(b, blocks[3]! + 20, 0xffffffff))
    // a custom block claiming 4 GiB right after the IDBs, with a few real bytes
    const huge = encodeBlock(BlockType.CUSTOM, new Uint8Array(64), true, { lengthOverride: 0xfffffffc })
    await expectBounded('custom-4g.pcapng', concat(validNg().subarray(0, blocks[3]!), huge))
  }, 60_000)

  it('gzip of a file whose header claims 4 GiB', async () => {
    const b = valid()
    await expectBounded(
      'caplen-4g.pcap.gz',
      gzipSync(setU32(b, recordOffsets('pcap', b)[1]! + 8, 0xffffffff)),
    )
  }, 60_000)

  it('a sparse 20 GB pcapng: header, then zeros (a preallocated file) stops at once', async () => {
    const head = encodeFrames('pcapng', []).subarray(0)
    await expectBounded('sparse-20g.pcapng', (path) => {
      const fd = openSync(path, 'w')
      writeSync(fd, head)
      ftruncateSync(fd, 20 * 2 ** 30)
      closeSync(fd)
    })
  }, 60_000)

  it('a sparse 20 GB pcap: header, a packet, then zeros: reading stops after 64 KiB of empty records', async () => {
    const head = valid().subarray(0, recordOffsets('pcap', valid())[1]!)
    await expectBounded('sparse-20g.pcap', (path) => {
      const fd = openSync(path, 'w')
      writeSync(fd, head)
      ftruncateSync(fd, 20 * 2 ** 30)
      closeSync(fd)
    })
    const { buildIndex } = await import('../../src/main/engine/index')
    const path = join(dir, 'sparse-again.pcap')
    const fd = openSync(path, 'w')
    writeSync(fd, head)
    ftruncateSync(fd, 20 * 2 ** 30)
    closeSync(fd)
    const index = await buildIndex(path)
    expect(index.count).toBeLessThanOrEqual(4096)
    expect(index.summary?.error?.message).toMatch(/only zero bytes/)
  }, 60_000)

  it('a gzip bomb: pcap header then 1 GiB of zeros (1 MB compressed)', async () => {
    const head = valid().subarray(0, 24)
    const zeros = new Uint8Array(1 << 24)
    // 64 gzip members of 16 MiB of zeros each (gunzip reads concatenated members as one stream)
    const member = gzipSync(zeros, { level: 9 })
    await expectBounded('bomb.pcap.gz', concat(gzipSync(head), ...Array.from({ length: 64 }, () => member)))
  }, 60_000)
})
