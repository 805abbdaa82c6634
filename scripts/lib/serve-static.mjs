// A tiny static file server for the built renderer (browser mode). Listens on 127.0.0.1 only, serves
// only files under `root`, and sends the same Content-Security-Policy as the Electron window.
import { createServer } from 'node:http'
import { createReadStream, statSync } from 'node:fs'
import { extname, join, normalize, sep } from 'node:path'

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
}

/**
 * @param {string} root directory to serve
 * @param {{ port?: number, host?: string, csp: string }} opts
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export function serveStatic(root, { port = 0, host = '127.0.0.1', csp }) {
  const base = normalize(root + sep)
  const server = createServer((req, res) => {
    let pathname
    try {
      // URL() resolves '..' segments; decoding afterwards cannot climb out either (checked below).
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    } catch {
      return send(res, 400, 'bad request')
    }
    let file = normalize(join(base, pathname === '/' ? 'index.html' : pathname))
    if (!file.startsWith(base)) return send(res, 403, 'forbidden')
    let st = safeStat(file)
    // Unknown paths get the app page, so a reload on a client-side route still works; a missing file
    // (a path with an extension) is a plain 404.
    if ((!st || st.isDirectory()) && extname(pathname)) return send(res, 404, 'not found')
    if (!st || st.isDirectory()) {
      file = join(base, 'index.html')
      st = safeStat(file)
      if (!st) return send(res, 404, 'the renderer is not built (run `npm run build`)')
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': st.size,
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    })
    if (req.method === 'HEAD') return res.end()
    createReadStream(file).pipe(res)
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      const addr = server.address()
      resolve({
        url: `http://${host}:${typeof addr === 'object' && addr ? addr.port : port}/`,
        close: () => new Promise((r) => server.close(() => r())),
      })
    })
  })
}

function safeStat(file) {
  try {
    return statSync(file)
  } catch {
    return null
  }
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(text + '\n')
}
