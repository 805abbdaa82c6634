import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import {
  ENGINE_CHANNELS,
  type IpcChannel,
  type IpcRequest,
  type IpcResponse,
  type IpcResult,
} from '../../shared/ipc/contract'
import { isTrustedSender } from '../windows/security-policy'

type LocalChannel = Exclude<IpcChannel, (typeof ENGINE_CHANNELS)[number]>

/** Channels main answers itself (everything that is not an engine channel). */
export type LocalHandlers = {
  [C in LocalChannel]: (request: IpcRequest<C>) => IpcResponse<C> | Promise<IpcResponse<C>>
}

/** Forwards an engine channel to the engine process; the engine validates the request and never throws. */
export type EngineForward = (channel: string, request: unknown) => Promise<IpcResult<unknown>>

/**
 * Registers one ipcMain.handle per contract channel. Every call is checked to come from our own page's
 * main frame before anything runs; failures come back as `{ ok: false, error }` with a message meant for
 * the user. Engine results are passed through as they are, so their `detail` (error code, filter
 * position) reaches the renderer.
 */
export function registerIpcHandlers(local: LocalHandlers, engine: EngineForward, appUrl: () => string): void {
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame
    return isTrustedSender(frame?.url, frame !== null && frame === event.sender.mainFrame, appUrl())
  }
  const refused = (channel: string): IpcResult<never> => ({
    ok: false,
    error: `Refused ${channel}: the request did not come from the wirelite window.`,
  })

  for (const channel of Object.keys(local) as LocalChannel[]) {
    const handler = local[channel] as (request: unknown) => unknown
    ipcMain.handle(channel, async (event, request: unknown): Promise<IpcResult<unknown>> => {
      if (!trusted(event)) return refused(channel)
      try {
        return { ok: true, value: await handler(request) }
      } catch (err) {
        return { ok: false, error: err instanceof Error ? err.message : String(err) }
      }
    })
  }
  for (const channel of ENGINE_CHANNELS) {
    ipcMain.handle(channel, (event, request: unknown): Promise<IpcResult<unknown>> => {
      if (!trusted(event)) return Promise.resolve(refused(channel))
      return engine(channel, request)
    })
  }
}
