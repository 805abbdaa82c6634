/**
 * Electron: the engine's requests and events over a MessagePort that main handed straight to the window
 * (main creates a MessageChannelMain, gives one end to the engine utilityProcess with
 * `{ t: 'port' }`, the other to the renderer). Row batches then never pass through the main process.
 * Messages are structured clones (ArrayBuffers stay binary). Pure DOM TypeScript.
 */
import type { WireliteApi } from './contract'
import { isWireMessage } from './wire'
import { createWireClient } from './wire-client'

/** The minimal MessagePort shape (DOM MessagePort, or a test double). */
export interface PortLike {
  postMessage(message: unknown, transfer?: Transferable[]): void
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void
  start?(): void
}

export function createPortApi(port: PortLike, version: () => Promise<string>): WireliteApi {
  const client = createWireClient({ ready: Promise.resolve(), send: (msg) => port.postMessage(msg) })
  port.addEventListener('message', (ev: MessageEvent) => {
    const m = ev.data as unknown
    if (isWireMessage(m)) client.receive(m)
  })
  port.start?.()
  return { app: { version }, invoke: client.invoke, on: client.on }
}
