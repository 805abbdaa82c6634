import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import {
  ENGINE_CHANNELS,
  SHELL_CHANNELS,
  type IpcResponse,
  type IpcResult,
  type ShellChannel,
} from '../../shared/ipc/contract'
import { fail } from '../engine/service/validate'
import { isTrustedSender } from '../windows/security-policy'

/**
 * Channels main answers itself (the shell channels). A handler receives the raw, untrusted argument and
 * must parse it (shell-args.ts); a RequestError it throws becomes a typed `{ ok: false, detail }`.
 */
export type LocalHandlers = {
  [C in ShellChannel]: (request: unknown) => IpcResponse<C> | Promise<IpcResponse<C>>
}

/** Forwards an engine channel to the engine process; the engine validates the request and never throws. */
export type EngineForward = (channel: string, request: unknown) => Promise<IpcResult<unknown>>

/** The part of ipcMain used here (a fake in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, request: unknown) => unknown): void
}

/** Whether an invoke came from our own page's main frame (not an iframe, not another origin). */
export function isTrustedEvent(
  event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>,
  appUrl: string,
): boolean {
  const frame = event.senderFrame
  return isTrustedSender(frame?.url, frame !== null && frame === event.sender.mainFrame, appUrl)
}

/**
 * Registers one ipcMain.handle per contract channel. Every call is checked to come from our own page's
 * main frame before anything runs; failures come back as `{ ok: false, error, detail }` with a message
 * meant for the user. Engine results are passed through as they are, so their `detail` (error code,
 * filter position) reaches the renderer.
 */
export function registerIpcHandlers(
  local: LocalHandlers,
  engine: EngineForward,
  appUrl: () => string,
  ipc: IpcMainLike = ipcMain,
): void {
  const refused = (channel: string): IpcResult<never> => ({
    ok: false,
    error: `Refused ${channel}: the request did not come from the wirelite window.`,
    detail: { code: 'bad-request', reason: 'untrusted-sender' },
  })

  for (const channel of SHELL_CHANNELS) {
    const handler = local[channel] as (request: unknown) => unknown
    ipc.handle(channel, async (event, request: unknown): Promise<IpcResult<unknown>> => {
      if (!isTrustedEvent(event, appUrl())) return refused(channel)
      try {
        return { ok: true, value: await handler(request) }
      } catch (err) {
        return fail(err)
      }
    })
  }
  for (const channel of ENGINE_CHANNELS) {
    ipc.handle(channel, (event, request: unknown): Promise<IpcResult<unknown>> => {
      if (!isTrustedEvent(event, appUrl())) return Promise.resolve(refused(channel))
      return engine(channel, request)
    })
  }
}
