import fc from 'fast-check'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import {
  IPC_EVENT_NAMES,
  IPC_REQUEST_CHANNELS,
  type IpcResult,
  type WireliteApi,
} from '../shared/ipc/contract'
import { ENGINE_PORT_MESSAGE } from '../shared/ipc/port-client'
import { foreignChannel, hostileRequest } from '../../test/hardening/support/ipc-arbitraries'

/*
 * What the sandboxed page can reach (issue 7): the real preload (index.ts) run against a fake electron.
 * It must expose one global, `api`, whose members are exactly the contract's WireliteApi, made of plain
 * functions (never ipcRenderer, webUtils or any Electron/Node object), talking to main only through
 * ipcRenderer.invoke on the contract's channels and listening only to the contract's events.
 * Channel lists come from the contract, so a channel added there is checked here too.
 */
const exposed = new Map<string, unknown>()
const invoked: Array<[string, unknown]> = []
const subscribed: string[] = []
const forbidden: string[] = []
const ipcRenderer = {
  invoke: async (channel: string, request: unknown): Promise<IpcResult<unknown>> => {
    invoked.push([channel, request])
    return { ok: true, value: `answer to ${channel}` }
  },
  on: (channel: string) => void subscribed.push(channel),
  once: (channel: string) => void subscribed.push(channel),
  // Fire-and-forget and synchronous messages are not part of the contract.
  send: (channel: string) => void forbidden.push(`send ${channel}`),
  sendSync: (channel: string) => void forbidden.push(`sendSync ${channel}`),
  postMessage: (channel: string) => void forbidden.push(`postMessage ${channel}`),
  removeListener: () => {},
  removeAllListeners: () => {},
}
const webUtils = { getPathForFile: () => '/home/u/dropped.pcap' }
vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => {
      if (exposed.has(key)) throw new Error(`${key} exposed twice`)
      exposed.set(key, value)
    },
    exposeInIsolatedWorld: (_id: number, key: string) => void forbidden.push(`exposeInIsolatedWorld ${key}`),
  },
  ipcRenderer,
  webUtils,
}))

/** The members of WireliteApi, checked complete against the interface at compile time. */
const API_MEMBERS = ['app', 'invoke', 'on', 'files'] as const satisfies readonly (keyof WireliteApi)[]
type MissingMembers = Exclude<keyof WireliteApi, (typeof API_MEMBERS)[number]>
const membersComplete: MissingMembers extends never ? true : MissingMembers = true
void membersComplete

let api: WireliteApi
beforeAll(async () => {
  await import('./index')
  api = exposed.get('api') as WireliteApi
})

describe('what the preload exposes', () => {
  it('exactly one global, `api`, nothing in an isolated world, no send/sendSync', () => {
    expect([...exposed.keys()]).toEqual(['api'])
    expect(forbidden).toEqual([])
  })

  it("api's members are the contract's WireliteApi, and app/files hold only their functions", () => {
    expect(Object.keys(api).sort()).toEqual([...API_MEMBERS].sort())
    expect(Object.keys(api.app)).toEqual(['version'])
    expect(Object.keys(api.files ?? {})).toEqual(['pathForFile'])
  })

  it('every value reachable from api is a plain object or a function — no Electron or Node object', () => {
    const electronObjects = new Set<unknown>([ipcRenderer, webUtils, ...Object.values(ipcRenderer)])
    const seen = new Set<unknown>()
    const walk = (v: unknown, path: string): void => {
      expect(electronObjects.has(v), path).toBe(false)
      if (typeof v === 'function') {
        // contextBridge copies functions only by reference to their behaviour; their own properties
        // (none expected) would travel too.
        expect(Object.keys(v), path).toEqual([])
        return
      }
      expect(typeof v === 'object' && v !== null, `${path} is ${typeof v}`).toBe(true)
      if (seen.has(v)) return
      seen.add(v)
      expect(Object.getPrototypeOf(v), `${path}: a plain object`).toBe(Object.prototype)
      for (const [k, x] of Object.entries(v as object)) walk(x, `${path}.${k}`)
    }
    walk(api, 'api')
  })

  it("listens only to the contract's events and the engine-port hand-off", () => {
    const allowed = new Set<string>([...IPC_EVENT_NAMES, ENGINE_PORT_MESSAGE])
    expect(subscribed.length).toBeGreaterThan(0)
    for (const c of subscribed) expect(allowed, c).toContain(c)
  })
})

describe('api.invoke and api.on with hostile arguments', () => {
  it('a channel outside the contract is refused in the page, without reaching main', async () => {
    await fc.assert(
      fc.asyncProperty(foreignChannel(IPC_REQUEST_CHANNELS), hostileRequest(), async (channel, request) => {
        const before = invoked.length
        const r = await api.invoke(channel as never, request as never)
        expect(r).toMatchObject({ ok: false, detail: { code: 'unknown-channel' } })
        expect(invoked.length).toBe(before)
      }),
      { seed: 0x5eed_0007, numRuns: 300 },
    )
  })

  it('non-string channels too (a page can pass anything)', async () => {
    for (const channel of [undefined, null, 1, {}, [], Object.create(null), Symbol('x'), () => 1]) {
      const r = await api.invoke(channel as never, undefined as never)
      expect(r).toMatchObject({ ok: false, detail: { code: 'unknown-channel' } })
    }
  })

  it('a contract channel goes to main on that very channel, its argument untouched', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...IPC_REQUEST_CHANNELS),
        hostileRequest(),
        async (channel, request) => {
          invoked.length = 0
          const r = await api.invoke(channel, request as never)
          // No engine port was handed over in this test, so engine channels go through main as well.
          expect(invoked.length).toBe(1)
          expect(invoked[0]![0]).toBe(channel)
          expect(invoked[0]![1]).toBe(request)
          expect(r).toEqual({ ok: true, value: `answer to ${channel}` })
        },
      ),
      { seed: 0x5eed_0008, numRuns: 300 },
    )
  })

  it('subscribing to an event outside the contract throws and subscribes nothing', () => {
    const before = subscribed.length
    fc.assert(
      fc.property(foreignChannel(IPC_EVENT_NAMES), (event) => {
        expect(() => api.on(event as never, () => {})).toThrow(/unknown IPC event/)
      }),
      { seed: 0x5eed_0009, numRuns: 200 },
    )
    expect(subscribed.length).toBe(before)
    for (const event of IPC_EVENT_NAMES) expect(api.on(event, () => {})).toBeTypeOf('function')
  })
})
