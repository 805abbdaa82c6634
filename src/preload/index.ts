import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import { createEnginePortBridge } from './api'

/*
 * The only bridge between the sandboxed page and main. It exposes named functions, never ipcRenderer
 * itself, and only for the contract's channel and event allow-lists (see api.ts, which is unit-tested).
 */
const api = createEnginePortBridge({
  invoke: (channel, request) => ipcRenderer.invoke(channel, request),
  on: (channel, cb) => {
    const wrapped = (e: IpcRendererEvent, payload: unknown): void => cb(payload, e.ports)
    ipcRenderer.on(channel, wrapped)
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
})

contextBridge.exposeInMainWorld('api', api)
