import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import {
  IPC_REQUEST_CHANNELS,
  type IpcChannel,
  type IpcRequest,
  type IpcResponse,
  type IpcResult,
} from '../../shared/ipc/contract'
import { isTrustedSender } from '../windows/security-policy'

export type IpcHandlers = {
  [C in IpcChannel]: (request: IpcRequest<C>) => IpcResponse<C> | Promise<IpcResponse<C>>
}

/**
 * Registers one ipcMain.handle per contract channel. Every call is checked to come from our own page's
 * main frame before the handler runs; failures come back as `{ ok: false, error }` with a message meant
 * for the user.
 */
export function registerIpcHandlers(handlers: IpcHandlers, appUrl: () => string): void {
  for (const channel of IPC_REQUEST_CHANNELS) {
    const handler = handlers[channel] as (request: unknown) => unknown
    ipcMain.handle(
      channel,
      async (event: IpcMainInvokeEvent, request: unknown): Promise<IpcResult<unknown>> => {
        const frame = event.senderFrame
        if (!isTrustedSender(frame?.url, frame !== null && frame === event.sender.mainFrame, appUrl())) {
          return {
            ok: false,
            error: `Refused ${channel}: the request did not come from the wirelite window.`,
          }
        }
        try {
          return { ok: true, value: await handler(request) }
        } catch (err) {
          return { ok: false, error: err instanceof Error ? err.message : String(err) }
        }
      },
    )
  }
}
