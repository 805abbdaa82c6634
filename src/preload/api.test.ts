import { MessageChannel } from 'node:worker_threads'
import { describe, expect, it, vi } from 'vitest'
import { ENGINE_PORT_MESSAGE, type PortLike } from '../shared/ipc/port-client'
import { isWireMessage } from '../shared/ipc/wire'
import { createEnginePortBridge, type PreloadIpc } from './api'

/*
 * window.api in Electron without Electron: a fake ipcRenderer and a real MessageChannel standing in for
 * the port main hands the page. Engine requests move to the port once it arrives; shell ones stay on
 * ipcRenderer; events arrive once; unknown channels and events are refused.
 */
function fakeIpc() {
  const subs = new Map<string, (payload: unknown, ports: readonly PortLike[]) => void>()
  const ipc: PreloadIpc = {
    invoke: vi.fn(async (channel: string) => ({ ok: true, value: `ipc:${channel}` })),
    on: (channel, cb) => void subs.set(channel, cb),
    pathForFile: vi.fn((f: File) => (f.name === 'mem' ? '' : `/home/u/${f.name}`)),
  }
  return { ipc, subs }
}

/** Engine side of the port: answers every request with its channel, and can push events. */
function engineEnd() {
  const { port1, port2 } = new MessageChannel()
  port1.on('message', (m: unknown) => {
    if (isWireMessage(m) && m.t === 'req')
      port1.postMessage({ t: 'res', id: m.id, result: { ok: true, value: `port:${m.channel}` } })
  })
  const page: PortLike = {
    postMessage: (msg) => port2.postMessage(msg),
    addEventListener: (_t, l) => port2.on('message', (data: unknown) => l({ data } as MessageEvent)),
    start: () => undefined,
  }
  return { engine: port1, page, close: () => (port1.close(), port2.close()) }
}

describe('preload api', () => {
  it('routes engine channels over the port once it arrives, shell channels through main', async () => {
    const { ipc, subs } = fakeIpc()
    const api = createEnginePortBridge(ipc)
    expect(await api.invoke('file.rows', { fileId: 1, start: 0, count: 1 })).toEqual({
      ok: true,
      value: 'ipc:file.rows',
    })
    const ch = engineEnd()
    subs.get(ENGINE_PORT_MESSAGE)!(null, [ch.page])
    expect(await api.invoke('file.rows', { fileId: 1, start: 0, count: 1 })).toEqual({
      ok: true,
      value: 'port:file.rows',
    })
    expect(await api.invoke('dialog.openCapture', {})).toEqual({ ok: true, value: 'ipc:dialog.openCapture' })
    expect(await api.app.version()).toBe('ipc:app.version')
    ch.close()
  })

  it('delivers engine events from the port and shell events from main, and refuses unknown names', async () => {
    const { ipc, subs } = fakeIpc()
    const api = createEnginePortBridge(ipc)
    const ch = engineEnd()
    subs.get(ENGINE_PORT_MESSAGE)!(null, [ch.page])
    const rows: unknown[] = []
    const menu: unknown[] = []
    const off = api.on('file.onRows', (p) => rows.push(p))
    api.on('menu.onCommand', (p) => menu.push(p))
    const buf = new Uint8Array([1, 2, 3]).buffer
    ch.engine.postMessage({ t: 'evt', event: 'file.onRows', payload: { fileId: 1, buf } }, [buf])
    subs.get('menu.onCommand')!({ command: 'open' }, [])
    await vi.waitFor(() => expect(rows).toHaveLength(1))
    expect((rows[0] as { buf: ArrayBuffer }).buf.byteLength).toBe(3)
    expect(menu).toEqual([{ command: 'open' }])
    off()
    subs.get('file.onRows')!({ fileId: 2 }, [])
    expect(rows).toHaveLength(1)
    expect(() => api.on('evil' as never, () => undefined)).toThrow(/unknown IPC event/)
    expect(await api.invoke('shell.exec' as never, {} as never)).toMatchObject({
      ok: false,
      detail: { code: 'unknown-channel' },
    })
    expect(ipc.invoke).not.toHaveBeenCalledWith('shell.exec', expect.anything())
    ch.close()
  })

  it("pathForFile gives a dropped file's path, null for a file not on disk", () => {
    const { ipc } = fakeIpc()
    const api = createEnginePortBridge(ipc)
    expect(api.files!.pathForFile({ name: 'a.pcap' } as File)).toBe('/home/u/a.pcap')
    expect(api.files!.pathForFile({ name: 'mem' } as File)).toBe(null)
  })
})
