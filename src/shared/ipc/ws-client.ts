/**
 * Browser mode: the same `window.api` (WireliteApi) as the Electron preload, over the bridge's WebSocket.
 * Pure browser TypeScript (uses the global WebSocket), no Node imports. Usage in the renderer:
 *
 *   if (!window.api) window.api = createWsApi()   // reads ?token=… from location
 *
 * Requests resolve to IpcResult like the preload's invoke; events arrive through `on`.
 */
import type { IpcChannel, IpcEventName, IpcEvents, IpcRequest, IpcResponse, IpcResult, WireliteApi } from './contract'
import { decodeWire, encodeWire, type WireMessage } from './wire'

export interface WsApiOptions {
  /** ws:// URL including the token; default: same host as the page, path /ws, token from location. */
  url?: string
  /** WebSocket constructor (tests pass the `ws` package's). */
  WebSocketImpl?: new (url: string) => WebSocket
}

/** The ws:// URL for the page at `href` (http://127.0.0.1:PORT/?token=T → ws://127.0.0.1:PORT/ws?token=T). */
export function bridgeSocketUrl(href: string): string {
  const u = new URL(href)
  const token = u.searchParams.get('token') ?? ''
  return `${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}/ws?token=${encodeURIComponent(token)}`
}

export interface WsApi extends WireliteApi {
  /** Resolves when the socket is open; rejects when it could not connect (wrong token, server gone). */
  ready: Promise<void>
  close(): void
}

export function createWsApi(opts: WsApiOptions = {}): WsApi {
  const url = opts.url ?? bridgeSocketUrl(globalThis.location.href)
  const Impl = opts.WebSocketImpl ?? globalThis.WebSocket
  const ws = new Impl(url)
  ws.binaryType = 'arraybuffer'
  let nextId = 1
  const pending = new Map<number, (r: IpcResult<unknown>) => void>()
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  let closedWith: string | null = null

  const ready = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve())
    ws.addEventListener('error', () => reject(new Error('wirelite: cannot connect to the engine (is `wirelite serve` still running, and is the token in the URL right?)')))
  })
  ready.catch(() => {})

  ws.addEventListener('message', (ev: MessageEvent) => {
    const data = ev.data as unknown
    if (!(data instanceof ArrayBuffer) && !(data instanceof Uint8Array)) return
    const msg = decodeWire(data)
    if (!msg) return
    if (msg.t === 'res') {
      const cb = pending.get(msg.id)
      pending.delete(msg.id)
      cb?.(msg.result)
    } else if (msg.t === 'evt') {
      for (const l of listeners.get(msg.event) ?? []) l(msg.payload)
    }
  })
  ws.addEventListener('close', (ev: CloseEvent) => {
    closedWith = `the engine connection closed (${ev.code}${ev.reason ? ': ' + ev.reason : ''}); reload the page or restart \`wirelite serve\``
    for (const cb of pending.values()) cb({ ok: false, error: closedWith, detail: { code: 'io' } })
    pending.clear()
  })

  async function invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<IpcResponse<C>>> {
    try {
      await ready
    } catch (err) {
      return { ok: false, error: (err as Error).message, detail: { code: 'io' } }
    }
    if (closedWith) return { ok: false, error: closedWith, detail: { code: 'io' } }
    const id = nextId++
    const msg: WireMessage = { t: 'req', id, channel, request: request ?? null }
    return new Promise((resolve) => {
      pending.set(id, resolve as (r: IpcResult<unknown>) => void)
      ws.send(encodeWire(msg))
    })
  }

  return {
    ready,
    close: () => ws.close(),
    app: {
      async version() {
        const r = await invoke('app.version', undefined)
        if (!r.ok) throw new Error(r.error)
        return r.value
      },
    },
    invoke,
    on<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      const l = listener as (p: unknown) => void
      set.add(l)
      return () => set.delete(l)
    },
  }
}
