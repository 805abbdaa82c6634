/**
 * Electron: the engine's requests and events over a MessagePort that main handed straight to the window
 * (main creates a MessageChannelMain, gives one end to the engine utilityProcess with
 * `{ t: 'port' }`, the other to the renderer). Row batches then never pass through the main process.
 * Messages are structured clones (ArrayBuffers stay binary). Pure DOM TypeScript.
 */
import type { WireliteApi } from './contract'
import { isWireMessage } from './wire'
import { createWireClient, type WireClient } from './wire-client'

/** The ipcRenderer message main sends, with the window's end of the engine channel in `ports[0]`. */
export const ENGINE_PORT_MESSAGE = 'wirelite.enginePort'

/** The minimal MessagePort shape (DOM MessagePort, or a test double). */
export interface PortLike {
  postMessage(message: unknown, transfer?: Transferable[]): void
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void
  start?(): void
}

/**
 * A wire client speaking over `port`: requests out (cloned, so the caller keeps its buffers), responses
 * and events in (their buffers were transferred by the engine).
 */
export function createPortClient(port: PortLike): WireClient {
  const client = createWireClient({ ready: Promise.resolve(), send: (msg) => port.postMessage(msg) })
  port.addEventListener('message', (ev: MessageEvent) => {
    const m = ev.data as unknown
    if (isWireMessage(m)) client.receive(m)
  })
  port.start?.()
  return client
}

export function createPortApi(port: PortLike, version: () => Promise<string>): WireliteApi {
  const client = createPortClient(port)
  return { app: { version }, invoke: client.invoke, on: client.on }
}
