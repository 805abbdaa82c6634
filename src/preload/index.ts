import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  isIpcChannel,
  isIpcEventName,
  type IpcChannel,
  type IpcRequest,
  type IpcResponse,
  type IpcResult,
  type WireliteApi,
} from '../shared/ipc/contract'

/*
 * The only bridge between the sandboxed page and main. It exposes named functions, never ipcRenderer
 * itself, and only for the contract's channel and event allow-lists.
 */

async function invoke<C extends IpcChannel>(
  channel: C,
  request: IpcRequest<C>,
): Promise<IpcResult<IpcResponse<C>>> {
  if (!isIpcChannel(channel)) {
    return { ok: false, error: `unknown IPC channel ${String(channel)}`, detail: { code: 'unknown-channel' } }
  }
  return (await ipcRenderer.invoke(channel, request)) as IpcResult<IpcResponse<C>>
}

const api: WireliteApi = {
  app: {
    version: async () => {
      const r = await invoke('app.version', undefined)
      if (!r.ok) throw new Error(r.error)
      return r.value
    },
  },
  invoke,
  on(event, listener) {
    if (!isIpcEventName(event)) throw new Error(`unknown IPC event ${String(event)}`)
    const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload as never)
    ipcRenderer.on(event, wrapped)
    return () => {
      ipcRenderer.removeListener(event, wrapped)
    }
  },
}

contextBridge.exposeInMainWorld('api', api)
