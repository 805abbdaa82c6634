/**
 * The client half of the wire protocol (wire.ts) over any transport: the browser-mode WebSocket
 * (ws-client.ts) or a MessagePort handed to the window in Electron (port-client.ts). Pure TypeScript.
 * Requests resolve to IpcResult (never throw); events are delivered to `on` listeners.
 */
import type { IpcChannel, IpcEventName, IpcEvents, IpcRequest, IpcResponse, IpcResult } from './contract'
import type { WireMessage } from './wire'

export interface WireTransport {
  /** Resolves when messages can be sent; rejects with a user-facing message when the link cannot open. */
  ready: Promise<void>
  send(msg: WireMessage): void
}

export interface WireClient {
  invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<IpcResponse<C>>>
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void
  /** Feed a message received from the transport. */
  receive(msg: WireMessage): void
  /** The transport is gone: pending and later requests fail with this message. */
  closed(message: string): void
}

export function createWireClient(transport: WireTransport): WireClient {
  let nextId = 1
  const pending = new Map<number, (r: IpcResult<unknown>) => void>()
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  let closedWith: string | null = null

  return {
    async invoke<C extends IpcChannel>(
      channel: C,
      request: IpcRequest<C>,
    ): Promise<IpcResult<IpcResponse<C>>> {
      try {
        await transport.ready
      } catch (err) {
        return { ok: false, error: (err as Error).message, detail: { code: 'io' } }
      }
      if (closedWith) return { ok: false, error: closedWith, detail: { code: 'io' } }
      const id = nextId++
      return new Promise((resolve) => {
        pending.set(id, resolve as (r: IpcResult<unknown>) => void)
        try {
          transport.send({ t: 'req', id, channel, request: request ?? null })
        } catch (err) {
          pending.delete(id)
          resolve({
            ok: false,
            error: `invalid request: ${(err as Error).message}`,
            detail: { code: 'bad-request' },
          })
        }
      })
    },
    on<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      const l = listener as (p: unknown) => void
      set.add(l)
      return () => set.delete(l)
    },
    receive(msg: WireMessage): void {
      if (msg.t === 'res') {
        const cb = pending.get(msg.id)
        pending.delete(msg.id)
        cb?.(msg.result)
      } else if (msg.t === 'evt') {
        for (const l of listeners.get(msg.event) ?? []) l(msg.payload)
      }
    },
    closed(message: string): void {
      closedWith = message
      for (const cb of pending.values()) cb({ ok: false, error: message, detail: { code: 'io' } })
      pending.clear()
    },
  }
}
