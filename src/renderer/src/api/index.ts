import type { WireliteApi } from '../../../shared/ipc/contract'
import { createWsApi } from '../../../shared/ipc/ws-client'

/** Where the page runs: inside the Electron window (preload present) or in a plain browser. */
export type RuntimeMode = 'electron' | 'browser'

export const runtimeMode: RuntimeMode = window.api ? 'electron' : 'browser'

/*
 * Browser mode: the same contract over the token-guarded WebSocket bridge of `wirelite serve`. A page
 * served without the bridge (a static server) still renders; engine requests then fail with a message.
 */
function browserApi(): WireliteApi {
  try {
    const ws = createWsApi()
    // The page is built with the app's version: no round trip (and no failure when no bridge is there).
    return { ...ws, app: { version: () => Promise.resolve(__WIRELITE_VERSION__) } }
  } catch {
    return {
      app: { version: () => Promise.resolve(__WIRELITE_VERSION__) },
      invoke: () =>
        Promise.resolve({
          ok: false,
          error: 'No engine is connected: start wirelite with `npm start` or `wirelite serve`.',
          detail: { code: 'internal' },
        }),
      on: () => () => undefined,
    }
  }
}

/** The API the rest of the renderer talks to; components never touch window.api directly. */
export const api: WireliteApi = window.api ?? browserApi()
