import { EventEmitter } from 'node:events'
import { MessageChannel } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { utilityProcessTransport, type ParentPortLike } from './port-transport'
import { serveCaptureHelpers, type PortLike, type UtilityLike } from './utility-launcher'
import type { HelperToParent } from './protocol'

/**
 * The Electron branch (main forks the helper as a utilityProcess on the engine's request and joins them
 * with a MessagePort) over in-memory stand-ins: node's MessageChannel ports behave like MessagePortMain
 * for what is used here. The helper stand-in answers like helper-entry.ts does once it has its port.
 */
function nodeChannel(): { port1: PortLike; port2: PortLike } {
  const { port1, port2 } = new MessageChannel()
  const wrap = (p: typeof port1): PortLike => ({
    postMessage: (m) => p.postMessage(m),
    on: (ev: 'message' | 'close', fn: (e: { data: unknown }) => void) =>
      void p.on(ev, ev === 'message' ? (data: unknown) => fn({ data }) : fn),
    start: () => p.start(),
    close: () => p.close(),
  })
  return { port1: wrap(port1), port2: wrap(port2) }
}

describe('capture helper as an Electron utilityProcess', () => {
  it('main starts a helper for the engine, joins them by a port, relays kill and exit', async () => {
    // engine <-> main: the engine's process.parentPort and main's UtilityProcess handle of the engine.
    const toEngine = new EventEmitter()
    const toMain = new EventEmitter()
    const parent: ParentPortLike = {
      postMessage: (m) => void setImmediate(() => toMain.emit('message', m)),
      on: (_e, fn) => void toEngine.on('m', fn),
      off: (_e, fn) => void toEngine.off('m', fn),
    }
    const engineChild: UtilityLike = {
      pid: 100,
      stderr: null,
      postMessage: (m, transfer) =>
        void setImmediate(() => toEngine.emit('m', { data: m, ports: transfer ?? [] })),
      on: ((e: string, fn: (...a: unknown[]) => void) => {
        if (e === 'message') toMain.on('message', fn)
      }) as UtilityLike['on'],
      kill: () => true,
    }
    const killed: number[] = []
    const helperExit = new EventEmitter()
    serveCaptureHelpers(engineChild, {
      newChannel: nodeChannel,
      fork: () => {
        let port: PortLike | null = null
        return {
          pid: 4242,
          stderr: { on: (_e, fn) => void setImmediate(() => fn(Buffer.from('helper says bye\n'))) },
          postMessage: (m, transfer) => {
            if ((m as { t: string }).t !== 'port' || !transfer?.[0]) return
            port = transfer[0]
            port.on('message', (e) => {
              if ((e.data as { type: string }).type === 'list')
                port!.postMessage({ type: 'interfaces', interfaces: [] } satisfies HelperToParent)
            })
            port.start()
            port.postMessage({ type: 'ready', pid: 4242, capAvailable: true } satisfies HelperToParent)
          },
          on: ((e: string, fn: (...a: unknown[]) => void) => {
            if (e === 'exit') helperExit.on('exit', fn)
          }) as UtilityLike['on'],
          kill: () => {
            killed.push(4242)
            setTimeout(() => helperExit.emit('exit', 15), 5)
            return true
          },
        }
      },
    })

    const t = utilityProcessTransport(parent)
    const got: HelperToParent[] = []
    t.onMessage((m) => got.push(m))
    const exited = new Promise<[number | null, string]>((r) =>
      t.onExit((code, _s, detail) => r([code, detail])),
    )
    t.send({ type: 'list' }) // queued until the port arrives
    while (got.length < 2) await new Promise((r) => setTimeout(r, 5))
    expect(got.map((m) => m.type)).toEqual(['ready', 'interfaces'])
    expect(t.pid).toBe(4242)
    t.kill()
    const [code, detail] = await exited
    expect(killed).toEqual([4242])
    expect(code).toBe(15)
    expect(detail).toBe('helper says bye\n')
    // A helper that is gone no longer listens on the engine's parentPort (one listener per helper otherwise).
    expect(toEngine.listenerCount('m')).toBe(0)
  })
})
