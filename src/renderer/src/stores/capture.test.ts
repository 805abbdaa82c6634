import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { calls, emit, handlers, resetScript } from './scripted-api'
import type { FileProgressEvent } from '../../../shared/ipc/contract'

/*
 * The capture store against a scripted engine: events that arrive before the file.open answer, rows
 * growing the counts, the open answer arriving after another open, a bad filter with its range, a
 * Cancel pressed before the open answer, go-to-packet through a filtered view.
 */
vi.mock('../api', () => import('./scripted-api').then((m) => m.apiModule))

const { useCaptureStore } = await import('./capture')

const info = (path: string) => ({
  path,
  name: path.split('/').pop()!,
  sizeBytes: 100,
  format: 'pcap' as const,
  gzip: false,
  linkTypes: [1],
  interfaceNames: [''],
})
const rowsEv = (fileId: number, firstRow: number, count: number) => ({ fileId, firstRow, count, columns: {} })
const progress = (fileId: number, rows: number, done: boolean, extra: Partial<FileProgressEvent> = {}) => ({
  fileId,
  rows,
  bytes: 0,
  totalBytes: 0,
  packetsPerSec: 0,
  elapsedMs: 0,
  done,
  ...extra,
})

beforeEach(() => {
  setActivePinia(createPinia())
  resetScript()
})

describe('capture store', () => {
  it('keeps rows and progress that arrive before the open answer, then follows the file', async () => {
    handlers.set('file.open', () => {
      // The engine streams at once: these events beat the answer.
      emit('file.onRows', rowsEv(3, 0, 256))
      emit('file.onProgress', progress(3, 256, false))
      return { ok: true, value: { fileId: 3, info: info('/x/a.pcap') } }
    })
    const s = useCaptureStore()
    const v0 = s.viewVersion
    expect(await s.open('/x/a.pcap')).toBe(true)
    expect(s.fileId).toBe(3)
    expect(s.total).toBe(256)
    expect(s.displayed).toBe(256)
    expect(s.loading).toBe(true)
    emit('file.onRows', rowsEv(3, 256, 1000))
    emit('file.onRows', rowsEv(99, 0, 5000)) // another file's rows: ignored
    expect(s.total).toBe(1256)
    expect(s.viewVersion).toBeGreaterThan(v0)
    emit('file.onProgress', progress(3, 1256, true))
    expect(s.loading).toBe(false)
    expect(s.loadMs).not.toBeNull()
  })

  it('an open that fails says why; an older open answered late is closed', async () => {
    const s = useCaptureStore()
    handlers.set('file.open', () => ({ ok: false, error: '/nope: no such file (check the path)' }))
    expect(await s.open('/nope')).toBe(false)
    expect(s.error).toBe('/nope: no such file (check the path)')
    expect(s.loading).toBe(false)

    let release!: () => void
    handlers.set('file.open', (req) => {
      const path = (req as { path: string }).path
      if (path === '/slow')
        return new Promise((r) => (release = () => r({ ok: true, value: { fileId: 5, info: info(path) } })))
      return { ok: true, value: { fileId: 6, info: info(path) } }
    })
    const slow = s.open('/slow')
    expect(await s.open('/fast')).toBe(true)
    release()
    expect(await slow).toBe(false)
    expect(s.fileId).toBe(6)
    expect(calls).toContainEqual(['file.close', { fileId: 5 }])
  })

  it('a Cancel pressed before the open answer is sent once the file id is known', async () => {
    let release!: () => void
    handlers.set(
      'file.open',
      () => new Promise((r) => (release = () => r({ ok: true, value: { fileId: 8, info: info('/b') } }))),
    )
    const s = useCaptureStore()
    const opened = s.open('/b')
    await s.cancel()
    expect(calls.some(([c]) => c === 'file.cancel')).toBe(false)
    release()
    await opened
    await Promise.resolve()
    expect(calls).toContainEqual(['file.cancel', { fileId: 8 }])
    emit('file.onProgress', progress(8, 40, true, { cancelled: true }))
    expect(s.loading).toBe(false)
    expect(s.progress?.cancelled).toBe(true)
  })

  it('a bad filter keeps the displayed rows and reports the range; a good one changes the view', async () => {
    handlers.set('file.open', () => ({ ok: true, value: { fileId: 1, info: info('/c') } }))
    const s = useCaptureStore()
    await s.open('/c')
    emit('file.onRows', rowsEv(1, 0, 100))
    emit('file.onProgress', progress(1, 100, true))
    handlers.set('filter.apply', (req) =>
      (req as { text: string }).text === 'tcp.port =='
        ? {
            ok: false,
            error: 'a value is missing after ==',
            detail: { code: 'bad-filter', start: 9, end: 11 },
          }
        : { ok: true, value: { count: 7, total: 100, elapsedMs: 1.5 } },
    )
    expect(await s.applyFilter('tcp.port ==')).toBe(false)
    expect(s.filterError).toEqual({ message: 'a value is missing after ==', start: 9, end: 11 })
    expect(s.displayed).toBe(100)
    expect(s.error).toBeNull() // shown by the filter bar, not the status bar
    const v = s.viewVersion
    expect(await s.applyFilter('tcp.flags.syn==1')).toBe(true)
    expect(s.filterError).toBeNull()
    expect(s.displayed).toBe(7)
    expect(s.filterText).toBe('tcp.flags.syn==1')
    expect(s.filterElapsedMs).toBe(1.5)
    expect(s.viewVersion).toBeGreaterThan(v)

    // Go to a frame: found through the displayed rows of the filter, or reported hidden.
    handlers.set('filter.rows', () => ({
      ok: true,
      value: { rows: Uint32Array.from([4, 9, 20, 33, 50, 70, 99]).buffer, count: 7 },
    }))
    handlers.set('frame.details', () => ({
      ok: true,
      value: { frame: 21, bytes: new Uint8Array(0), tree: [], issues: [] },
    }))
    expect(await s.goToFrame(21)).toBe(true)
    expect(s.selectedFrame).toBe(21)
    expect(s.selectedPos).toBe(2)
    expect(s.scrollRequest?.pos).toBe(2)
    expect(await s.goToFrame(22)).toBe(false)
    expect(await s.goToFrame(101)).toBe(false)
  })

  it('adopt shows a file opened elsewhere (live capture) without a progress bar', () => {
    const s = useCaptureStore()
    s.adopt(12, info('/spool/live.pcapng'))
    expect(s.fileId).toBe(12)
    expect(s.loading).toBe(false)
    emit('file.onRows', rowsEv(12, 0, 30))
    expect(s.total).toBe(30)
    expect(s.displayed).toBe(30)
    // Its rows end when the capture stops: that is not a load time to show.
    emit('file.onProgress', progress(12, 30, true))
    expect(s.loadMs).toBeNull()
  })
})
