import { describe, expect, it, vi } from 'vitest'
import { ENGINE_PORT_MESSAGE } from '../shared/ipc/port-client'
import { startEngineProcess, type EngineProcessDeps } from './engine-process'

vi.mock('electron', () => ({ app: {}, utilityProcess: {}, MessageChannelMain: class {} }))

/*
 * The MessagePort hand-off with a fake utilityProcess: one end of a fresh channel goes to the engine
 * ({ t: 'port' } with the port in the transfer list), the other to the window via webContents.postMessage;
 * from then on main stops forwarding engine events to that window (they arrive on the port).
 */
function fakes() {
  const listeners = new Map<string, (arg: unknown) => void>()
  const child = {
    postMessage: vi.fn(),
    on: vi.fn((ev: string, cb: (arg: unknown) => void) => {
      listeners.set(ev, cb)
      return child
    }),
    kill: vi.fn(() => true),
  }
  const ports = { port1: { name: 'p1' }, port2: { name: 'p2' } }
  const deps: EngineProcessDeps = {
    fork: () => child as never,
    newChannel: () => ports as never,
    exists: () => true,
    appPath: '/app',
  }
  const wc = { send: vi.fn(), postMessage: vi.fn(), isDestroyed: () => false }
  return { child, listeners, ports, deps, wc }
}

describe('startEngineProcess', () => {
  it('forwards engine events through main until the window has its own port, then hands the port over', () => {
    const f = fakes()
    const proc = startEngineProcess(() => f.wc as never, f.deps)
    const message = f.listeners.get('message')!
    message({ t: 'evt', event: 'file.onProgress', payload: { fileId: 1 } })
    expect(f.wc.send).toHaveBeenCalledWith('file.onProgress', { fileId: 1 })

    proc.attachWindow(f.wc as never)
    expect(f.child.postMessage).toHaveBeenCalledWith({ t: 'port' }, [f.ports.port1])
    expect(f.wc.postMessage).toHaveBeenCalledWith(ENGINE_PORT_MESSAGE, null, [f.ports.port2])

    f.wc.send.mockClear()
    message({ t: 'evt', event: 'file.onRows', payload: { fileId: 1 } })
    expect(f.wc.send).not.toHaveBeenCalled()

    // A reload: the old page's port is gone, so main forwards again until the new page gets its own.
    proc.detachWindow(f.wc as never)
    message({ t: 'evt', event: 'file.onRows', payload: { fileId: 2 } })
    expect(f.wc.send).toHaveBeenCalledWith('file.onRows', { fileId: 2 })
  })

  it('never forwards a shell event or an unknown one from the engine', () => {
    const f = fakes()
    startEngineProcess(() => f.wc as never, f.deps)
    const message = f.listeners.get('message')!
    message({ t: 'evt', event: 'menu.onCommand', payload: { command: 'close' } })
    message({ t: 'evt', event: 'evil.event', payload: {} })
    expect(f.wc.send).not.toHaveBeenCalled()
  })

  it('requests go to the engine process and its answers resolve them; a missing bundle says how to build it', async () => {
    const f = fakes()
    const proc = startEngineProcess(() => f.wc as never, f.deps)
    const p = proc.engine.request('file.open', { path: '/x.pcap' })
    const sent = f.child.postMessage.mock.calls[0]![0] as { id: number }
    f.listeners.get('message')!({ t: 'res', id: sent.id, result: { ok: true, value: 7 } })
    expect(await p).toEqual({ ok: true, value: 7 })
    expect(() => startEngineProcess(() => null, { ...f.deps, exists: () => false })).toThrow(/npm run build/)
  })
})
