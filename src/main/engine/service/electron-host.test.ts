import { EventEmitter } from 'node:events'
import { MessageChannel } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import type { HelperToParent, ParentToHelper } from '../../capture/protocol'
import { CAPTURE_HELPER_PORT, CAPTURE_HELPER_SPAWN } from '../../capture/utility-launcher'
import { hostElectronEngine, type ElectronPort } from './electron-host'

/**
 * The engine as an Electron utilityProcess with a fake process.parentPort (an EventEmitter, like
 * Electron's): a capture.interfaces request makes the engine ask main for a capture helper
 * (capture-helper.spawn, not a node child process), talks to the helper over the port main hands back,
 * and answers on parentPort; the control messages never reach the request handling.
 */
function fakeParentPort() {
  const ee = new EventEmitter()
  const posted: unknown[] = []
  const pp: ElectronPort & { deliver(data: unknown, ports?: unknown[]): void } = {
    postMessage: (m) => void posted.push(m),
    on: ((ev: string, cb: (...a: unknown[]) => void) => void ee.on(ev, cb)) as ElectronPort['on'],
    off: (ev, cb) => void ee.off(ev, cb),
    deliver: (data, ports = []) => void ee.emit('message', { data, ports }),
  }
  return { pp, posted, ee }
}

/** A node MessagePort dressed as Electron's MessagePortMain ({ data } events). */
function mainPort(p: import('node:worker_threads').MessagePort) {
  return {
    postMessage: (m: unknown) => p.postMessage(m),
    on: (ev: string, fn: (e: { data: unknown }) => void) =>
      void p.on(ev, ev === 'message' ? (data: unknown) => fn({ data }) : fn),
    start: () => p.start(),
    close: () => p.close(),
  }
}

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 5))
}

describe('engine in an Electron utilityProcess', () => {
  it('starts capture helpers through main and answers capture.interfaces from the helper', async () => {
    const { pp, posted, ee } = fakeParentPort()
    hostElectronEngine(pp)
    const baseListeners = ee.listenerCount('message')

    pp.deliver({ t: 'req', id: 1, channel: 'capture.interfaces', request: null })
    await until(() => posted.some((m) => (m as { t?: string }).t === CAPTURE_HELPER_SPAWN))
    const spawn = posted.find((m) => (m as { t?: string }).t === CAPTURE_HELPER_SPAWN) as { id: number }
    expect(spawn).toBeTruthy()

    // main forked the helper and hands the engine its end of the channel; the helper answers.
    const { port1, port2 } = new MessageChannel()
    const helperGot: ParentToHelper[] = []
    port2.on('message', (m: ParentToHelper) => {
      helperGot.push(m)
      if (m.type === 'list')
        port2.postMessage({
          type: 'interfaces',
          interfaces: [
            { name: 'lo', addresses: [{ addr: '127.0.0.1' }], loopback: true, up: true, linkTypes: [1] },
          ],
        } satisfies HelperToParent)
    })
    port2.postMessage({ type: 'ready', pid: 77, capAvailable: true } satisfies HelperToParent)
    pp.deliver({ t: CAPTURE_HELPER_PORT, id: spawn.id, pid: 77 }, [mainPort(port1)])

    await until(() => posted.some((m) => (m as { t?: string }).t === 'res'))
    const res = posted.find((m) => (m as { t?: string }).t === 'res') as {
      id: number
      result: { ok: boolean; value: Array<{ name: string }> }
    }
    expect(res.id).toBe(1)
    expect(res.result.ok).toBe(true)
    expect(res.result.value.map((i) => i.name)).toEqual(['lo'])
    expect(helperGot.map((m) => m.type)).toEqual(['list'])
    // The short-lived helper is killed through main once the answer is in.
    expect(posted).toContainEqual({ t: 'capture-helper.kill', id: spawn.id })

    // main reports its exit: the transport stops listening on parentPort.
    pp.deliver({ t: 'capture-helper.exit', id: spawn.id, code: 0, detail: '' })
    expect(ee.listenerCount('message')).toBe(baseListeners)
    // Control messages were never taken for engine requests (no error answers for them).
    expect(posted.filter((m) => (m as { t?: string }).t === 'res')).toHaveLength(1)
    port2.close()
  })

  it('serves the ports main hands over ({ t: "port" }) like parentPort', async () => {
    const { pp } = fakeParentPort()
    hostElectronEngine(pp)
    const { port1, port2 } = new MessageChannel()
    pp.deliver({ t: 'port' }, [mainPort(port1)])
    const answer = new Promise<{ id: number; result: { ok: boolean } }>((r) => port2.once('message', r))
    port2.postMessage({ t: 'req', id: 9, channel: 'file.close', request: { fileId: 99 } })
    const got = await answer
    expect(got.id).toBe(9)
    expect(got.result.ok).toBe(false)
    port1.close()
  })
})
