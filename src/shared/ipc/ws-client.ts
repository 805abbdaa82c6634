/**
 * Browser mode: the same `window.api` (WireliteApi) as the Electron preload, over the bridge's WebSocket.
 * Pure browser TypeScript (uses the global WebSocket), no Node imports. Usage in the renderer:
 *
 *   if (!window.api) window.api = createWsApi()   // reads ?token=… from location
 *
 * Requests resolve to IpcResult like the preload's invoke; events arrive through `on`.
 */
import type { WireliteApi } from './contract'
import { decodeWire, encodeWire } from './wire'
import { createWireClient } from './wire-client'

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

/** The file `wirelite serve FILE` asked the UI to open (the &file= parameter of the page URL), or null. */
export function bridgeInitialFile(href: string): string | null {
  return new URL(href).searchParams.get('file')
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
  const ready = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve())
    ws.addEventListener('error', () =>
      reject(
        new Error(
          'wirelite: cannot connect to the engine (is `wirelite serve` still running, and is the token in the URL right?)',
        ),
      ),
    )
  })
  ready.catch(() => {})
  const client = createWireClient({ ready, send: (msg) => ws.send(encodeWire(msg)) })

  ws.addEventListener('message', (ev: MessageEvent) => {
    const data = ev.data as unknown
    if (!(data instanceof ArrayBuffer) && !(data instanceof Uint8Array)) return
    const msg = decodeWire(data)
    if (msg) client.receive(msg)
  })
  ws.addEventListener('close', (ev: CloseEvent) => {
    client.closed(
      `the engine connection closed (${ev.code}${ev.reason ? ': ' + ev.reason : ''}); reload the page or restart \`wirelite serve\``,
    )
  })

  return {
    ready,
    close: () => ws.close(),
    app: {
      async version() {
        const r = await client.invoke('app.version', undefined)
        if (!r.ok) throw new Error(r.error)
        return r.value
      },
    },
    invoke: client.invoke,
    on: client.on,
  }
}
