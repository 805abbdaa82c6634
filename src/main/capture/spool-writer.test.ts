import { mkdtempSync, openSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readCaptureFile } from '../engine/readers/read-capture-file'
import { BatchBuilder } from './batch-codec'
import { SpoolWriter } from './spool-writer'

const dir = mkdtempSync(join(tmpdir(), 'wirelite-spool-writer-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function batch(first: number, n: number): Uint8Array {
  const b = new BatchBuilder(256)
  for (let i = first; i < first + n; i++)
    b.append(1_700_000_000, i, new Uint8Array(20 + (i % 7)).fill(i & 255), 20 + (i % 7), 60)
  return b.take()
}

describe('SpoolWriter (the capture spool written from a worker thread)', () => {
  it('writes batches in order, hands each back once it is on disk, and closes after the last', async () => {
    const written: Array<{ count: number; length: number }> = []
    const path = join(dir, 'ordered.pcapng')
    const w = SpoolWriter.create(
      path,
      { linkType: 1, snapLen: 65535, name: 'lo', filter: 'tcp port 1' },
      {
        written: (count, bytes) => written.push({ count, length: bytes.length }),
        failed: (message) => expect.fail(message),
      },
    )
    const sent: Array<{ count: number; length: number }> = []
    for (let k = 0, first = 0; k < 50; k++) {
      const n = 1 + (k % 13)
      const b = batch(first, n)
      sent.push({ count: n, length: b.length })
      w.write(b, n)
      expect(b.byteLength).toBe(0) // transferred, not copied
      first += n
    }
    await w.close()
    expect(written).toEqual(sent)
    const total = sent.reduce((a, s) => a + s.count, 0)
    const nsecs: number[] = []
    const sum = await readCaptureFile(path, (r) => void nsecs.push(r.tsNsec))
    expect(sum.error).toBeNull()
    expect(sum.incompleteTail).toBeNull()
    expect(nsecs).toEqual(Array.from({ length: total }, (_, i) => i))
    expect(w.bytesWritten).toBe((await import('node:fs')).statSync(path).size)
  })

  it('copies a batch that is a view into a larger buffer instead of detaching the buffer', async () => {
    const whole = new Uint8Array(batch(0, 4).length + 8)
    const b = batch(0, 4)
    whole.set(b, 8)
    const view = whole.subarray(8)
    const w = SpoolWriter.create(
      join(dir, 'view.pcapng'),
      { linkType: 1, snapLen: 65535, name: 'lo', filter: '' },
      { written: () => {}, failed: (m) => expect.fail(m) },
    )
    w.write(view, 4)
    expect(whole.byteLength).toBe(b.length + 8)
    await w.close()
  })

  it('reports a failed write once (disk full) and still closes', async () => {
    const failures: Array<{ message: string; code: string | null }> = []
    let written = 0
    const w = SpoolWriter.forDescriptor(openSync('/dev/full', 'w'), {
      written: () => void written++,
      failed: (message, code) => failures.push({ message, code }),
    })
    w.write(batch(0, 3), 3)
    w.write(batch(3, 3), 3)
    await w.close()
    expect(written).toBe(0)
    expect(failures).toHaveLength(1)
    expect(failures[0]!.code).toBe('ENOSPC')
  })

  it('refuses to create a spool it cannot open, before starting a worker', () => {
    expect(() =>
      SpoolWriter.create(
        join(dir, 'no-such-dir', 'x.pcapng'),
        { linkType: 1, snapLen: 65535, name: 'lo', filter: '' },
        { written: () => {}, failed: () => {} },
      ),
    ).toThrow(/ENOENT/)
  })
})
