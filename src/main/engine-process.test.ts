import { describe, expect, it, vi } from 'vitest'
import { ENGINE_PORT_MESSAGE } from '../shared/ipc/port-client'
import {
  CAPTURE_HELPER_EXIT,
  CAPTURE_HELPER_KILL,
  CAPTURE_HELPER_PORT,
  CAPTURE_HELPER_SPAWN,
} from './capture/utility-launcher'
import { startEngineProcess, type EngineProcessDeps } from './engine-process'

vi.mock('electron', () => ({ app: {}, utilityProcess: {}, MessageChannelMain: class {} }))

/*
 * The MessagePort hand-off with a fake utilityProcess: one end of a fresh channel goes to the engine
 * ({ t: 'port' } with the port in the transfer list), the other to the window via webContents.postMessage;
 * from then on main stops forwarding engine events to that window (they arrive on the port).
 */
/** A fake utilityProcess: every listener of an event is called (main and the helper launcher both listen). */
function fakeProcess(pid?: number) {
  const on = new Map<string, Array<(arg: unknown) => void>>()
  const proc = {
    pid,
    stderr: null,
    postMessage: vi.fn(),
    on: vi.fn((ev: string, cb: (arg: unknown) => void) => {
      on.set(ev, [...(on.get(ev) ?? []), cb])
      return proc
    }),
    kill: vi.fn(() => true),
    emit: (ev: string, arg: unknown) => {
      for (const cb of on.get(ev) ?? []) cb(arg)
    },
  }
  return proc
}

function fakes() {
  const child = fakeProcess()
  const listeners = new Map<string, (arg: unknown) => void>([
    ['message', (m) => child.emit('message', m)],
    ['exit', (c) => child.emit('exit', c)],
  ])
  const ports = { port1: { name: 'p1' }, port2: { name: 'p2' } }
  const helpers: Array<ReturnType<typeof fakeProcess>> = []
  const deps: EngineProcessDeps = {
    fork: () => child as never,
    newChannel: () => ports as never,
    exists: () => true,
    appPath: '/app',
    forkHelper: () => {
      const h = fakeProcess(5000 + helpers.length)
      helpers.push(h)
      return h as never
    },
  }
  const wc = { send: vi.fn(), postMessage: vi.fn(), isDestroyed: () => false }
  return { child, listeners, ports, deps, wc, helpers }
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

  it('starts a capture helper utilityProcess when the engine asks, hands one port to each, relays kill and exit', () => {
    const f = fakes()
    startEngineProcess(() => f.wc as never, f.deps)
    const message = f.listeners.get('message')!
    expect(f.helpers).toHaveLength(0)

    message({ t: CAPTURE_HELPER_SPAWN, id: 3 })
    expect(f.helpers).toHaveLength(1)
    const helper = f.helpers[0]!
    // The helper gets port1 (helper-entry.ts talks over it), the engine port2 with the helper's pid.
    expect(helper.postMessage).toHaveBeenCalledWith({ t: 'port' }, [f.ports.port1])
    expect(f.child.postMessage).toHaveBeenCalledWith({ t: CAPTURE_HELPER_PORT, id: 3, pid: 5000 }, [
      f.ports.port2,
    ])
    // Helper control messages are not engine events: nothing reaches the window.
    expect(f.wc.send).not.toHaveBeenCalled()

    message({ t: CAPTURE_HELPER_KILL, id: 4 }) // not ours: ignored
    expect(helper.kill).not.toHaveBeenCalled()
    message({ t: CAPTURE_HELPER_KILL, id: 3 })
    expect(helper.kill).toHaveBeenCalledTimes(1)

    helper.emit('exit', 0)
    expect(f.child.postMessage).toHaveBeenLastCalledWith({
      t: CAPTURE_HELPER_EXIT,
      id: 3,
      code: 0,
      detail: '',
    })
    // Once gone, a late kill does nothing and a new spawn forks a new helper.
    message({ t: CAPTURE_HELPER_KILL, id: 3 })
    expect(helper.kill).toHaveBeenCalledTimes(1)
    message({ t: CAPTURE_HELPER_SPAWN, id: 5 })
    expect(f.helpers).toHaveLength(2)
    // The engine dies: its running helpers are stopped (the exited one is not touched again).
    f.listeners.get('exit')!(1)
    expect(f.helpers[1]!.kill).toHaveBeenCalledTimes(1)
    expect(helper.kill).toHaveBeenCalledTimes(1)
  })
})
