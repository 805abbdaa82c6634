/**
 * Test support for the store tests: a scripted stand-in for `../api` (the engine bridge). A test sets
 * a handler per channel, reads the calls made, and emits engine events; channels without a handler
 * answer `{ ok: true, value: null }`. Use it as
 *   vi.mock('../api', () => import('./scripted-api').then((m) => m.apiModule))
 * Module-level state, so the mocked module and the test see the same maps; `resetScript()` clears them.
 */
import type { IpcResult } from '../../../shared/ipc/contract'

export type Handler = (req: unknown) => IpcResult<unknown> | Promise<IpcResult<unknown>>
export const handlers = new Map<string, Handler>()
export const listeners = new Map<string, Array<(p: unknown) => void>>()
export const calls: Array<[string, unknown]> = []

export const apiModule = {
  runtimeMode: 'browser',
  api: {
    invoke: (channel: string, req: unknown) => {
      calls.push([channel, req])
      const h = handlers.get(channel)
      return Promise.resolve(h ? h(req) : { ok: true, value: null })
    },
    on: (event: string, fn: (p: unknown) => void) => {
      listeners.set(event, [...(listeners.get(event) ?? []), fn])
      return () => undefined
    },
  },
}

/** Delivers an engine event to every listener of it. */
export function emit(event: string, payload: unknown): void {
  for (const fn of listeners.get(event) ?? []) fn(payload)
}

export function resetScript(): void {
  handlers.clear()
  listeners.clear()
  calls.length = 0
}
