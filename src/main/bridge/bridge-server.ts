import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { isShellChannel, type IpcResult } from '../../shared/ipc/contract'
import { decodeWire, encodeWire } from '../../shared/ipc/wire'
import type { EngineEndpoint } from '../engine/service/endpoint'
import { OpenedFiles } from '../engine/service/opened-files'
import { createBridgeShell } from './bridge-shell'
import type { UploadStore } from './uploads'

/**
 * Browser mode: serves the built renderer and the IPC contract over a WebSocket on 127.0.0.1 only.
 *
 * Guards (a local web server is reachable by every page the user's browser opens):
 * - bound to 127.0.0.1, never 0.0.0.0;
 * - a random token: the page URL carries ?token=…; the first authenticated page load sets it as an
 *   HttpOnly SameSite=Strict cookie so the page's own assets load; the WebSocket needs it too;
 * - Host must be 127.0.0.1:PORT or localhost:PORT (DNS rebinding: evil.com resolving to 127.0.0.1);
 * - Origin, when sent, must be this server (cross-site pages and WebSockets are refused);
 * - Referrer-Policy no-referrer so the token never leaks in a Referer header.
 */
export interface BridgeOptions {
  engine: EngineEndpoint
  /** Directory of the built renderer (out/renderer); null or missing → a page that says how to build it. */
  rendererDir: string | null
  /** 0 = any free port. */
  port?: number
  token?: string
  /** app.version answer. */
  version?: string
  /** Added to the URL as &file=… so the renderer opens it at start (also the answer of app.launchFile). */
  openFile?: string
  /** fs.listDir's starting folder when no file is served (default: the working directory). */
  cwd?: string
  /** Where dropped files are stored (tests pass their own); default: os.tmpdir()/wirelite-uploads-<pid>. */
  uploads?: UploadStore
}

export interface Bridge {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const HOST = '127.0.0.1'
const COOKIE = 'wirelite_token'
const MAX_WS_MESSAGE = 1 << 20

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function cookieToken(req: IncomingMessage): string | null {
  const h = req.headers.cookie
  if (!h) return null
  for (const part of h.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === COOKIE) return v.join('=')
  }
  return null
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>wirelite</title>
<p>The wirelite renderer is not built yet. Run <code>npm run build</code> (electron-vite builds <code>out/renderer</code>), then restart <code>wirelite serve</code>.</p>`

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const root = opts.rendererDir ? resolve(opts.rendererDir) : null
  let port = 0

  const hostOk = (req: IncomingMessage): boolean => {
    const h = (req.headers.host ?? '').toLowerCase()
    return h === `${HOST}:${port}` || h === `localhost:${port}`
  }
  const originOk = (req: IncomingMessage): boolean => {
    const o = req.headers.origin
    if (o === undefined) return true
    return o === `http://${HOST}:${port}` || o === `http://localhost:${port}`
  }
  const tokenOf = (req: IncomingMessage): string | null => {
    const u = new URL(req.url ?? '/', `http://${HOST}`)
    return u.searchParams.get('token') ?? cookieToken(req)
  }
  const authorised = (req: IncomingMessage): boolean => {
    const t = tokenOf(req)
    return t !== null && sameSecret(t, token)
  }

  const send = (
    res: ServerResponse,
    status: number,
    body: string | Uint8Array,
    type = 'text/plain; charset=utf-8',
    extra: Record<string, string> = {},
  ): void => {
    res.writeHead(status, {
      'Content-Type': type,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy':
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      ...extra,
    })
    res.end(body)
  }

  const server = createServer((req, res) => {
    void (async () => {
      if (!hostOk(req))
        return send(res, 403, 'wirelite: wrong Host header (open the URL printed by `wirelite serve`)\n')
      if (!originOk(req)) return send(res, 403, 'wirelite: cross-origin request refused\n')
      if (!authorised(req))
        return send(
          res,
          401,
          'wirelite: missing or wrong token (open the exact URL printed by `wirelite serve`)\n',
        )
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n')
      const setCookie = { 'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` }
      const pathname = decodeURIComponent(new URL(req.url ?? '/', `http://${HOST}`).pathname)
      if (!root) return send(res, 200, NOT_BUILT, MIME['.html'], setCookie)
      const rel = normalize(pathname).replace(/^([/\\])+/, '')
      let file = resolve(root, rel || 'index.html')
      if (file !== root && !file.startsWith(root + sep)) return send(res, 404, 'not found\n')
      try {
        let st = await stat(file).catch(() => null)
        if (st?.isDirectory()) {
          file = join(file, 'index.html')
          st = await stat(file).catch(() => null)
        }
        // Single-page app: unknown non-asset paths get index.html.
        if (!st && !extname(file)) {
          file = join(root, 'index.html')
          st = await stat(file).catch(() => null)
        }
        if (!st) {
          if (rel === '' || rel === 'index.html') return send(res, 200, NOT_BUILT, MIME['.html'], setCookie)
          return send(res, 404, 'not found\n')
        }
        const body = await readFile(file)
        return send(
          res,
          200,
          req.method === 'HEAD' ? '' : body,
          MIME[extname(file)] ?? 'application/octet-stream',
          setCookie,
        )
      } catch {
        return send(res, 500, 'read error\n')
      }
    })()
  })

  // Dialogs, folder listings and uploads: answered here, never by the engine.
  const shell = createBridgeShell({
    version: opts.version ?? '0.0.0',
    ...(opts.openFile ? { openFile: opts.openFile } : {}),
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    ...(opts.uploads ? { uploads: opts.uploads } : {}),
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE })
  const sockets = new Set<WebSocket>()

  server.on('upgrade', (req, socket, head) => {
    const reject = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    const path = new URL(req.url ?? '/', `http://${HOST}`).pathname
    if (path !== '/ws') return reject(404, 'Not Found')
    if (!hostOk(req) || !originOk(req)) return reject(403, 'Forbidden')
    if (!authorised(req)) return reject(401, 'Unauthorized')
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })

  const off = opts.engine.onEvent((event, payload) => {
    if (sockets.size === 0) return
    const bytes = encodeWire({ t: 'evt', event, payload })
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(bytes, { binary: true })
  })

  /*
   * Files each page opened. A page that goes away (tab closed, reloaded, browser gone) never sends
   * file.close, so the bridge closes its files for it (OpenedFiles).
   */
  const filesOf = new Map<WebSocket, OpenedFiles>()

  /** Engine requests, watched to track who opened which file and to remove an upload's temp copy. */
  const engineRequest = async (
    channel: string,
    request: unknown,
    owner: WebSocket | null,
  ): Promise<IpcResult<unknown>> => {
    const result = await opts.engine.request(channel, request)
    if (channel === 'file.open') {
      const path = (request as { path?: unknown } | null)?.path
      if (result.ok) shell.opened(path, (result.value as { fileId: number }).fileId)
      else await shell.openFailed(path)
    }
    if (result.ok && channel === 'file.close') await shell.closed((request as { fileId: number }).fileId)
    if (owner) {
      const opened = filesOf.get(owner)
      if (opened) opened.note(channel, request, result)
      // The page left while its file was opening: nobody will ever close it.
      else if (channel === 'file.open' && result.ok)
        await engineRequest('file.close', { fileId: (result.value as { fileId: number }).fileId }, null)
    }
    return result
  }

  const clientGone = async (ws: WebSocket): Promise<void> => {
    const ids = filesOf.get(ws)?.takeAll() ?? []
    filesOf.delete(ws)
    for (const fileId of ids) await engineRequest('file.close', { fileId }, null)
    await shell.clientGone(ws)
  }

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws)
    filesOf.set(ws, new OpenedFiles())
    ws.on('close', () => {
      sockets.delete(ws)
      // Never an unhandled rejection: a failing close must not take the server down.
      clientGone(ws).catch(() => {})
    })
    ws.on('message', (data, isBinary) => {
      if (!isBinary) return ws.close(1003, 'binary messages only')
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)
      const msg = decodeWire(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength))
      if (!msg || msg.t !== 'req') return ws.close(1007, 'malformed message')
      const { id, channel, request } = msg
      const answer = (result: IpcResult<unknown>): void => {
        if (ws.readyState === ws.OPEN) ws.send(encodeWire({ t: 'res', id, result }), { binary: true })
      }
      if (isShellChannel(channel)) return void shell.handle(channel, request, ws).then(answer)
      void engineRequest(channel, request, ws).then(answer, (err: unknown) =>
        answer({
          ok: false,
          error: `internal error: ${(err as Error)?.message ?? String(err)}`,
          detail: { code: 'internal' },
        }),
      )
    })
  })

  await new Promise<void>((res, rej) => {
    server.once('error', rej)
    server.listen(opts.port ?? 0, HOST, () => {
      server.off('error', rej)
      res()
    })
  })
  port = (server.address() as AddressInfo).port
  let url = `http://${HOST}:${port}/?token=${token}`
  if (opts.openFile) url += `&file=${encodeURIComponent(opts.openFile)}`

  return {
    url,
    port,
    token,
    async close() {
      off()
      for (const ws of sockets) ws.terminate()
      wss.close()
      await shell.dispose()
      await new Promise<void>((res) => server.close(() => res()))
    },
  }
}
