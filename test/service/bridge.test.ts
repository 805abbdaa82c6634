import { spawn } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { MessageChannel } from 'node:worker_threads'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { FileRowsEvent } from '../../src/shared/ipc/contract'
import { createWsApi } from '../../src/shared/ipc/ws-client'
import { createPortApi, type PortLike } from '../../src/shared/ipc/port-client'
import { decodeWire, encodeWire } from '../../src/shared/ipc/wire'
import { startBridge, type Bridge } from '../../src/main/bridge/bridge-server'
import { InProcessEngine } from '../../src/main/engine/service/endpoint'
import { WorkerEngine } from '../../src/main/engine/service/worker-client'
import { CAPTURES_DIR, requireShared } from '../support/corpus'
import { tempDir } from './service-helpers'

requireShared()

const MYSQL = join(CAPTURES_DIR, 'real/arkime/mysql-deny.pcap')
const ROOT = resolve(__dirname, '../..')
const tmp = tempDir()
const rendererDir = join(tmp, 'renderer')
let bridge: Bridge
let engine: InProcessEngine

interface HttpReply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<HttpReply> {
  return new Promise((res, rej) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, headers: { Host: `127.0.0.1:${port}`, ...headers } },
      (r) => {
        let body = ''
        r.setEncoding('utf8')
        r.on('data', (c: string) => (body += c))
        r.on('end', () => res({ status: r.statusCode ?? 0, headers: r.headers, body }))
      },
    )
    req.on('error', rej)
    req.end()
  })
}

/** Outcome of a WebSocket handshake: 'open', or the HTTP status of the refusal. */
function wsOutcome(url: string, headers: Record<string, string> = {}): Promise<string | number> {
  return new Promise((res) => {
    const ws = new WebSocket(url, { headers })
    ws.on('open', () => {
      ws.close()
      res('open')
    })
    ws.on('unexpected-response', (_req, r) => {
      res(r.statusCode ?? 0)
      ws.terminate()
    })
    ws.on('error', () => res('error'))
  })
}

beforeAll(async () => {
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><title>wirelite test</title><script src="/assets/app.js"></script>',
  )
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(tmp, 'secret.txt'), 'secret')
  engine = new InProcessEngine()
  bridge = await startBridge({ engine, rendererDir, version: '9.9.9' })
})
afterAll(async () => {
  await bridge.close()
  await engine.close()
})

describe('bridge: where it listens', () => {
  it('binds 127.0.0.1 only (another loopback address is refused) and prints a tokened URL', async () => {
    expect(bridge.url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${bridge.port}/\\?token=[A-Za-z0-9_-]{32}$`),
    )
    const refused = await new Promise<string>((res) => {
      const s = connect({ host: '127.0.0.2', port: bridge.port })
      s.on('connect', () => {
        s.destroy()
        res('connected')
      })
      s.on('error', (e: NodeJS.ErrnoException) => res(e.code ?? 'error'))
    })
    expect(refused).toBe('ECONNREFUSED')
  })
})

describe('bridge: HTTP guards', () => {
  it('serves the renderer with the token, sets the cookie, then assets load with the cookie', async () => {
    const r = await get(bridge.port, `/?token=${bridge.token}`)
    expect(r.status).toBe(200)
    expect(r.body).toContain('wirelite test')
    expect(r.headers['referrer-policy']).toBe('no-referrer')
    expect(String(r.headers['content-security-policy'])).toContain("default-src 'self'")
    const cookie = String(r.headers['set-cookie']).split(';')[0]!
    expect(cookie).toBe(`wirelite_token=${bridge.token}`)
    const asset = await get(bridge.port, '/assets/app.js', { Cookie: cookie })
    expect(asset.status).toBe(200)
    expect(asset.headers['content-type']).toContain('javascript')
  })

  it('401 without the token or with a wrong one', async () => {
    expect((await get(bridge.port, '/')).status).toBe(401)
    expect((await get(bridge.port, '/assets/app.js')).status).toBe(401)
    expect((await get(bridge.port, '/?token=wrong')).status).toBe(401)
    expect((await get(bridge.port, `/?token=${bridge.token}x`)).status).toBe(401)
    expect((await get(bridge.port, '/', { Cookie: 'wirelite_token=nope' })).status).toBe(401)
  })

  it('403 for a foreign Host (DNS rebinding) or a cross-site Origin, even with the token', async () => {
    const t = `/?token=${bridge.token}`
    expect((await get(bridge.port, t, { Host: `evil.example:${bridge.port}` })).status).toBe(403)
    expect((await get(bridge.port, t, { Host: '127.0.0.1:1' })).status).toBe(403)
    expect((await get(bridge.port, t, { Origin: 'http://evil.example' })).status).toBe(403)
    expect((await get(bridge.port, t, { Host: `localhost:${bridge.port}` })).status).toBe(200)
    expect((await get(bridge.port, t, { Origin: `http://127.0.0.1:${bridge.port}` })).status).toBe(200)
  })

  it('no path escapes the renderer directory', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const r = await get(bridge.port, `${p}?token=${bridge.token}`)
      expect(r.body).not.toBe('secret')
      expect([200, 404]).toContain(r.status)
    }
  })
})

describe('bridge: WebSocket guards', () => {
  const base = (): string => `ws://127.0.0.1:${bridge.port}/ws`
  it('refuses a socket without / with a wrong token, a foreign Origin or Host', async () => {
    expect(await wsOutcome(base())).toBe(401)
    expect(await wsOutcome(`${base()}?token=bad`)).toBe(401)
    expect(await wsOutcome(`${base()}?token=${bridge.token}`, { Origin: 'http://evil.example' })).toBe(403)
    expect(await wsOutcome(`${base()}?token=${bridge.token}`, { Host: `evil.example:${bridge.port}` })).toBe(
      403,
    )
    expect(
      await wsOutcome(`${base()}?token=${bridge.token}`, { Origin: `http://127.0.0.1:${bridge.port}` }),
    ).toBe('open')
  })

  it('closes a socket that sends garbage or text', async () => {
    const code = await new Promise<number>((res) => {
      const ws = new WebSocket(`${base()}?token=${bridge.token}`)
      ws.on('open', () => ws.send(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9])))
      ws.on('close', (c) => res(c))
    })
    expect(code).toBe(1007)
  })
})

describe('bridge: the contract end to end over the WebSocket', () => {
  it('window.api over ws: open, rows events as ArrayBuffers, rows, filter, details bytes', async () => {
    const api = createWsApi({
      url: `ws://127.0.0.1:${bridge.port}/ws?token=${bridge.token}`,
      WebSocketImpl: WebSocket as unknown as new (url: string) => globalThis.WebSocket,
    })
    await api.ready
    expect(await api.app.version()).toBe('9.9.9')
    const batches: FileRowsEvent[] = []
    const done = new Promise<void>((res) =>
      api.on('file.onProgress', (p) => {
        if (p.done) res()
      }),
    )
    api.on('file.onRows', (b) => batches.push(b))
    const open = await api.invoke('file.open', { path: MYSQL })
    if (!open.ok) throw new Error(open.error)
    await done
    expect(batches.reduce((n, b) => n + b.count, 0)).toBe(10)
    expect(batches[0]!.columns.tsSec).toBeInstanceOf(ArrayBuffer)
    expect(new Uint32Array(batches[0]!.columns.origLen)[0]).toBe(74)
    const rows = await api.invoke('file.rows', { fileId: open.value.fileId, start: 0, count: 2 })
    if (!rows.ok) throw new Error(rows.error)
    expect(rows.value.rows[1]!.info).toContain('[S.] seq=0 ack=1')
    const bad = await api.invoke('filter.apply', { fileId: open.value.fileId, text: 'tcp.port ==' })
    expect(bad).toMatchObject({ ok: false, detail: { code: 'bad-filter' } })
    const d = await api.invoke('frame.details', { fileId: open.value.fileId, frame: 1 })
    if (!d.ok) throw new Error(d.error)
    expect(d.value.bytes).toBeInstanceOf(Uint8Array)
    expect(d.value.bytes.length).toBe(74)
    const junk = await api.invoke('file.rows', { fileId: 'nope' } as never)
    expect(junk).toMatchObject({ ok: false, detail: { code: 'bad-request' } })
    api.close()
  })

  it('a page that goes away without closing its files has them closed for it; other pages keep theirs', async () => {
    const connect = async (): Promise<ReturnType<typeof createWsApi>> => {
      const api = createWsApi({
        url: `ws://127.0.0.1:${bridge.port}/ws?token=${bridge.token}`,
        WebSocketImpl: WebSocket as unknown as new (url: string) => globalThis.WebSocket,
      })
      await api.ready
      return api
    }
    const opener = async (api: ReturnType<typeof createWsApi>): Promise<number> => {
      const r = await api.invoke('file.open', { path: MYSQL })
      if (!r.ok) throw new Error(r.error)
      await engine.request('file.rows', { fileId: r.value.fileId, start: 0, count: 1 })
      return r.value.fileId
    }
    const stays = await connect()
    const kept = await opener(stays)
    const closedByHand = await opener(stays)
    await stays.invoke('file.close', { fileId: closedByHand })
    // More pages than the engine's open-file limit (64) come and go, each leaving a file open.
    let lastGone = 0
    for (let i = 0; i < 70; i++) {
      const page = await connect()
      lastGone = await opener(page)
      page.close()
    }
    await expect
      .poll(async () => (await engine.request('file.rows', { fileId: lastGone, start: 0, count: 1 })).ok)
      .toBe(false)
    const gone = await engine.request('file.rows', { fileId: lastGone, start: 0, count: 1 })
    expect(gone).toMatchObject({ ok: false, detail: { code: 'no-such-file' } })
    expect((await stays.invoke('file.rows', { fileId: kept, start: 0, count: 1 })).ok).toBe(true)
    await stays.invoke('file.close', { fileId: kept })
    stays.close()
  })

  it('wire encoding round-trips buffers and rejects truncated frames', () => {
    const msg = {
      t: 'evt' as const,
      event: 'file.onRows' as const,
      payload: { a: new Uint8Array([1, 2, 3]), b: new Float64Array([1.5]).buffer, c: 'x' },
    }
    const back = decodeWire(encodeWire(msg))!
    expect(back).toMatchObject({ t: 'evt', event: 'file.onRows' })
    const p = (back as { payload: { a: Uint8Array; b: ArrayBuffer; c: string } }).payload
    expect(Array.from(p.a)).toEqual([1, 2, 3])
    expect(new Float64Array(p.b)[0]).toBe(1.5)
    const bytes = encodeWire(msg)
    for (let n = 0; n < bytes.length; n += 3) expect(decodeWire(bytes.subarray(0, n))).toBeNull()
  })
})

describe('engine in a worker thread, and `wirelite serve`', () => {
  // Inside the project so the bundle's externals (ws) resolve from node_modules; .cache is git-ignored.
  const out = join(ROOT, '.cache', `service-build-${process.pid}`)
  beforeAll(async () => {
    await build({
      entryPoints: {
        'cli/wirelite': join(ROOT, 'src/cli/entry.ts'),
        'cli/engine-worker': join(ROOT, 'src/main/engine/service/worker-entry.ts'),
      },
      outdir: out,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      external: ['cap', 'electron', 'ws', 'bufferutil', 'utf-8-validate'],
      define: { __WIRELITE_VERSION__: '"0.0.0-test"' },
      banner: {
        js: "import { createRequire as __wlCreateRequire } from 'node:module'; const require = __wlCreateRequire(import.meta.url);",
      },
      nodePaths: [join(ROOT, 'node_modules')],
      logLevel: 'error',
    })
  }, 60_000)
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  it('WorkerEngine answers the contract and transfers row buffers', async () => {
    const w = WorkerEngine.start(join(out, 'cli/engine-worker.mjs'))
    try {
      let rows = 0
      const done = new Promise<void>((res) =>
        w.onEvent((e, p) => {
          if (e === 'file.onRows') rows += (p as FileRowsEvent).count
          if (e === 'file.onProgress' && (p as { done: boolean }).done) res()
        }),
      )
      const open = await w.request('file.open', { path: MYSQL })
      expect(open.ok).toBe(true)
      await done
      expect(rows).toBe(10)
      const conv = await w.request('conv.list', { fileId: 1 })
      expect(conv).toMatchObject({ ok: true, value: [{ serverPort: 3306 }] })
      expect(await w.request('file.rows', { fileId: 1, start: -1, count: 1 })).toMatchObject({
        ok: false,
        detail: { code: 'bad-request' },
      })
    } finally {
      await w.close()
    }
  })

  it('a MessagePort handed to the engine serves the same contract (the Electron window path)', async () => {
    const w = WorkerEngine.start(join(out, 'cli/engine-worker.mjs'))
    const { port1, port2 } = new MessageChannel()
    try {
      w.attachPort(port2)
      const api = createPortApi(port1 as unknown as PortLike, async () => '1.2.3')
      expect(await api.app.version()).toBe('1.2.3')
      const batches: FileRowsEvent[] = []
      const done = new Promise<void>((res) =>
        api.on('file.onProgress', (p) => {
          if (p.done) res()
        }),
      )
      api.on('file.onRows', (b) => batches.push(b))
      const open = await api.invoke('file.open', { path: MYSQL })
      if (!open.ok) throw new Error(open.error)
      await done
      expect(batches.reduce((n, b) => n + b.count, 0)).toBe(10)
      expect(batches[0]!.columns.capLen).toBeInstanceOf(ArrayBuffer)
      const d = await api.invoke('frame.details', { fileId: open.value.fileId, frame: 2 })
      expect(d.ok && d.value.bytes.length).toBe(74)
    } finally {
      port1.close()
      await w.close()
    }
  })

  it('`wirelite serve FILE --port 0` prints the URL first, serves it, stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [join(out, 'cli/wirelite.mjs'), 'serve', MYSQL, '--port', '0', '--renderer', rendererDir],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const first = await new Promise<string>((res, rej) => {
      let buf = ''
      child.stdout.on('data', (c: Buffer) => {
        buf += c.toString()
        if (buf.includes('\n')) res(buf.split('\n')[0]!)
      })
      child.on('exit', (code) => rej(new Error(`serve exited early (${code}): ${stderr}`)))
    })
    expect(first).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+&file=/)
    const u = new URL(first)
    expect(decodeURIComponent(u.searchParams.get('file')!)).toBe(MYSQL)
    const port = Number(u.port)
    expect((await get(port, `/?token=${u.searchParams.get('token')}`)).status).toBe(200)
    expect((await get(port, '/')).status).toBe(401)
    const code = await new Promise<number | null>((res) => {
      child.on('exit', (c) => res(c))
      child.kill('SIGTERM')
    })
    expect(code).toBe(0)
  }, 30_000)
})
