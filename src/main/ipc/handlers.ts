import { app } from 'electron'
import type { IpcHandlers } from './register-handlers'

/** The implementation of the IPC contract. Each handler is thin: real work lives in src/main/engine. */
export const handlers = {
  'app.version': () => app.getVersion(),
} satisfies IpcHandlers
