import { afterAll, describe, expect, it } from 'vitest'
import type { FileProgressEvent, FileRowsEvent } from '../../src/shared/ipc/contract'
import { recordingService, tempDir, writeManyTcp } from './service-helpers'

/** Rows reach the renderer while the file is still loading, and loading can be cancelled. */
const tmp = tempDir()
const N = 200_000
const path = writeManyTcp(tmp, N)
const { service, events } = recordingService()
afterAll(() => service.dispose())

describe('streaming while indexing', () => {
  it('several row batches in order, progress with packets/s, rows browsable before the end', async () => {
    events.length = 0
    const open = await service.call('file.open', { path })
    if (!open.ok) throw new Error(open.error)
    const id = open.value.fileId
    // Ask for rows as soon as some exist (the load goes on meanwhile).
    let early: number | null = null
    while (early === null) {
      const r = await service.call('file.rows', { fileId: id, start: 0, count: 3 })
      if (!r.ok) throw new Error(r.error)
      if (r.value.rows.length === 3) early = r.value.total
      else await new Promise((res) => setTimeout(res, 1))
    }
    // Before the analysis exists, TCP-only requests say so instead of failing obscurely.
    const conv = await service.call('conv.list', { fileId: id })
    if (!conv.ok) expect(conv.detail?.code).toBe('not-ready')
    await service.whenLoaded(id)
    const batches = events.filter((e) => e.event === 'file.onRows').map((e) => e.payload as FileRowsEvent)
    const prog = events
      .filter((e) => e.event === 'file.onProgress')
      .map((e) => e.payload as FileProgressEvent)
    expect(batches.length).toBeGreaterThan(3)
    let next = 0
    for (const b of batches) {
      expect(b.firstRow).toBe(next)
      next += b.count
    }
    expect(next).toBe(N)
    expect(early).toBeLessThan(N)
    expect(prog.length).toBeGreaterThan(1)
    expect(prog.at(-1)).toMatchObject({ done: true, rows: N })
    expect(prog.at(-1)!.packetsPerSec).toBeGreaterThan(0)
    const f = await service.call('filter.apply', { fileId: id, text: 'tcp.len == 6' })
    expect(f).toMatchObject({ ok: true, value: { count: N / 2 } })
  }, 60_000)

  it('cancel stops indexing; the rows read so far stay browsable and filterable', async () => {
    events.length = 0
    const open = await service.call('file.open', { path })
    if (!open.ok) throw new Error(open.error)
    const id = open.value.fileId
    expect(await service.call('file.cancel', { fileId: id })).toEqual({ ok: true, value: null })
    await service.whenLoaded(id)
    const last = events.filter((e) => e.event === 'file.onProgress').at(-1)!.payload as FileProgressEvent
    expect(last).toMatchObject({ fileId: id, done: true, cancelled: true })
    expect(last.rows).toBeLessThan(N)
    const rows = await service.call('file.rows', { fileId: id, start: 0, count: 5 })
    if (!rows.ok) throw new Error(rows.error)
    expect(rows.value.total).toBe(last.rows)
    const f = await service.call('filter.apply', { fileId: id, text: 'tcp' })
    expect(f).toMatchObject({ ok: true, value: { count: last.rows } })
  }, 60_000)
})
