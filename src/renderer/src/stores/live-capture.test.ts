import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { calls, emit, handlers, resetScript } from './scripted-api'
import type { CaptureStatusEvent } from '../../../shared/ipc/contract'

/*
 * The live-capture store against a scripted engine: the capture's file shows in the packet list's
 * store, status events move the counters (and the filtered count while capturing), a refused start
 * and a bad capture filter come back as the engine's messages.
 */
vi.mock('../api', () => import('./scripted-api').then((m) => m.apiModule))

const { useLiveCaptureStore } = await import('./live-capture')
const { useCaptureStore } = await import('./capture')

function status(s: Partial<CaptureStatusEvent>): CaptureStatusEvent {
  return {
    fileId: 7,
    iface: 'lo',
    filter: 'tcp port 80',
    running: true,
    packets: 0,
    displayed: 0,
    dropped: null,
    bytes: 0,
    spoolBytes: 0,
    elapsedMs: 0,
    ...s,
  }
}

beforeEach(() => {
  setActivePinia(createPinia())
  resetScript()
  handlers.set('capture.start', () => ({
    ok: true,
    value: {
      fileId: 7,
      spoolPath: '/tmp/x/spool.pcapng',
      linkType: 1,
      info: {
        path: '/tmp/x/spool.pcapng',
        name: 'lo (live)',
        sizeBytes: 0,
        format: 'pcapng',
        gzip: false,
        linkTypes: [1],
        interfaceNames: ['lo'],
      },
    },
  }))
})

describe('live capture store', () => {
  it('starts: the capture is the packet list file, counters follow capture.onStatus', async () => {
    const live = useLiveCaptureStore()
    const view = useCaptureStore()
    live.setIface('lo')
    live.filter = 'tcp port 80'
    expect(await live.start()).toBe(true)
    expect(calls.find(([c]) => c === 'capture.start')?.[1]).toEqual({
      iface: 'lo',
      filter: 'tcp port 80',
      snaplen: 262144,
      bufferSize: 64 << 20,
    })
    expect(live.phase).toBe('running')
    expect(view.fileId).toBe(7)
    expect(view.info?.name).toBe('lo (live)')
    expect(view.followTail).toBe(true)

    // A display filter applied during the capture: the engine's filtered count reaches the list.
    view.filterText = 'tcp.len > 0'
    const v0 = view.viewVersion
    emit('capture.onStatus', status({ packets: 120, displayed: 30 }))
    expect(live.status?.packets).toBe(120)
    expect(view.total).toBe(120)
    expect(view.displayed).toBe(30)
    expect(view.viewVersion).toBeGreaterThan(v0)
    // Another capture's status is not ours.
    emit('capture.onStatus', status({ fileId: 99, packets: 5 }))
    expect(live.status?.packets).toBe(120)

    // The helper died: stopped, with its message.
    emit(
      'capture.onStatus',
      status({
        packets: 130,
        running: false,
        error: { code: 'helper-exited', message: 'The capture helper was killed' },
      }),
    )
    expect(live.phase).toBe('stopped')
    expect(live.running).toBe(false)
    expect(live.error).toBe('The capture helper was killed')
  })

  it("a refused start shows the engine's message and captures nothing", async () => {
    handlers.set('capture.start', () => ({
      ok: false,
      error: 'No permission to capture on lo (socket: Operation not permitted). On Linux …',
      detail: { code: 'open-failed', reason: 'permission' },
    }))
    const live = useLiveCaptureStore()
    live.setIface('lo')
    expect(await live.start()).toBe(false)
    expect(live.phase).toBe('idle')
    expect(live.error).toMatch(/^No permission to capture on lo/)
    expect(useCaptureStore().fileId).toBeNull()
  })

  it("checks the capture filter as you type (debounced) and keeps libpcap's message", async () => {
    vi.useFakeTimers()
    try {
      handlers.set('capture.check', (req) =>
        (req as { filter: string }).filter === 'tcp port 80'
          ? { ok: true, value: { valid: true, linkType: 1 } }
          : {
              ok: true,
              value: {
                valid: false,
                code: 'bad-filter',
                message: "can't parse filter expression: syntax error",
              },
            },
      )
      const live = useLiveCaptureStore()
      live.setIface('lo')
      live.setFilter('tcp p')
      live.setFilter('tcp port')
      expect(live.check.state).toBe('checking')
      await vi.advanceTimersByTimeAsync(400)
      expect(calls.filter(([c]) => c === 'capture.check')).toHaveLength(1)
      expect(live.check).toEqual({ state: 'invalid', message: "can't parse filter expression: syntax error" })
      live.setFilter('tcp port 80')
      await vi.advanceTimersByTimeAsync(400)
      expect(live.check.state).toBe('valid')
      live.setFilter('  ')
      expect(live.check.state).toBe('empty')
    } finally {
      vi.useRealTimers()
    }
  })
})
