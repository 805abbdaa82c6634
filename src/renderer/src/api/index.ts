import type { WireliteApi } from '../../../shared/ipc/contract'

/** Where the page runs: inside the Electron window (preload present) or in a plain browser. */
export type RuntimeMode = 'electron' | 'browser'

export const runtimeMode: RuntimeMode = window.api ? 'electron' : 'browser'

/*
 * Browser mode for now serves the built renderer statically, with no backend. Until the browser bridge
 * exists (`wirelite serve`), the few answers it needs come from build-time constants.
 */
const browserApi: WireliteApi = {
  app: {
    version: () => Promise.resolve(__WIRELITE_VERSION__),
  },
}

/** The API the rest of the renderer talks to; components never touch window.api directly. */
export const api: WireliteApi = window.api ?? browserApi
