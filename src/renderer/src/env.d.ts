/// <reference types="vite/client" />
import type { WireliteApi } from '../../shared/ipc/contract'

declare global {
  interface Window {
    /** Present in the Electron window (the preload); absent in browser mode. */
    api?: WireliteApi
  }
  /** package.json version, injected at build time. */
  const __WIRELITE_VERSION__: string
}
