import { contextBridge, ipcRenderer } from 'electron'
import {
  isIpcChannel,
  type IpcChannel,
  type IpcRequest,
  type IpcResponse,
  type IpcResult,
  type WireliteApi,
} from '../shared/ipc/contract'

/*
 * The only bridge between the sandboxed page and main. It exposes named functions, never ipcRenderer
 * itself, and only for channels of the contract's allow-list.
 */

async function invoke<C extends IpcChannel>(channel: C, request?: IpcRequest<C>): Promise<IpcResponse<C>> {
  if (!isIpcChannel(channel)) throw new Error(`wirelite: unknown IPC channel ${String(channel)}`)
  const result = (await ipcRenderer.invoke(channel, request)) as IpcResult<IpcResponse<C>>
  if (!result.ok) throw new Error(result.error)
  return result.value
}

const api: WireliteApi = {
  app: {
    version: () => invoke('app.version'),
  },
}

contextBridge.exposeInMainWorld('api', api)
