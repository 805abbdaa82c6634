import { app } from 'electron'
import type { LocalHandlers } from './register-handlers'

/** The channels main answers itself. Everything else in the contract is forwarded to the engine process. */
export const handlers = {
  'app.version': () => app.getVersion(),
} satisfies LocalHandlers
