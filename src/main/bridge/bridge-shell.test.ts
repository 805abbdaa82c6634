import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import {
  UPLOAD_CHUNK_BYTES,
  type FileProgressEvent,
  type FileUploadResponse,
  type IpcResult,
} from '../../shared/ipc/contract'
import { createWsApi, type WsApi } from '../../shared/ipc/ws-client'
import { InProcessEngine } from '../engine/service/endpoint'
import { startBridge, type Bridge } from './bridge-server'
import { UploadStore } from './uploads'

/*
 * The browser-mode shell channels end to end: a real bridge on 127.0.0.1, a real WebSocket client (the
 * one the renderer uses), real temp directories, and the real engine opening what was uploaded.
 */
const FIXTURE = resolve(__dirname, '../../../test/fixtures/loopback-pingpong.pcap')
const tmp = mkdtempSync(join(tmpdir(), 'wirelite-bridge-shell-'))
const tree = join(tmp, 'tree')
const uploadDir = join(tmp, 'uploads')
let freeBytes = Number.MAX_SAFE_INTEGER
let engine: InProcessEngine
let bridge: Bridge
let api: WsApi

beforeAll(async () => {
  mkdirSync(join(tree, 'b-folder'), { recursive: true })
  mkdirSync(join(tree, 'a-folder'))
  writeFileSync(join(tree, 'notes.txt'), 'hello')
  writeFileSync(join(tree, 'z.pcapng'), 'x'.repeat(10))
  writeFileSync(join(tree, 'a.pcap.gz'), 'x'.repeat(3))
  symlinkSync(join(tree, 'missing-target'), join(tree, 'broken.pcap'))
  engine = new InProcessEngine()
  bridge = await startBridge({
    engine,
    rendererDir: null,
    version: '1.0.0',
    cwd: tree,
    uploads: new UploadStore(uploadDir, async () => freeBytes),
  })
  api = createWsApi({
    url: `ws://127.0.0.1:${bridge.port}/ws?token=${bridge.token}`,
    WebSocketImpl: WebSocket as never,
  })
  await api.ready
})
afterAll(async () => {
  api?.close()
  await bridge?.close()
  await engine?.close()
  rmSync(tmp, { recursive: true, force: true })
})

function expectCode(r: IpcResult<unknown>, code: string): void {
  expect(r.ok).toBe(false)
  if (!r.ok) expect(r.detail?.code).toBe(code)
}

async function upload(name: string, bytes: Uint8Array, chunk = UPLOAD_CHUNK_BYTES): Promise<string> {
  const begin = await api.invoke('file.upload', { op: 'begin', name, size: bytes.byteLength })
  if (!begin.ok) throw new Error(begin.error)
  const id = begin.value.uploadId
  // All chunks sent at once, without waiting: the bridge must still write them in arrival order.
  const sent = []
  for (let off = 0; off < bytes.byteLength; off += chunk)
    sent.push(
      api.invoke('file.upload', {
        op: 'chunk',
        uploadId: id,
        offset: off,
        data: bytes.subarray(off, off + chunk),
      }),
    )
  for (const r of await Promise.all(sent)) if (!r.ok) throw new Error(r.error)
  const end = await api.invoke('file.upload', { op: 'end', uploadId: id })
  if (!end.ok || !end.value.path) throw new Error(end.ok ? 'no path' : end.error)
  return end.value.path
}

describe('fs.listDir', () => {
  it('starts at the working directory: folders, then captures, then the rest; errors per entry', async () => {
    const r = await api.invoke('fs.listDir', {})
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.path).toBe(tree)
    expect(r.value.parent).toBe(tmp)
    expect(r.value.entries.map((e) => e.name)).toEqual([
      'a-folder',
      'b-folder',
      'a.pcap.gz',
      'broken.pcap',
      'z.pcapng',
      'notes.txt',
    ])
    const z = r.value.entries.find((e) => e.name === 'z.pcapng')!
    expect(z).toEqual({ name: 'z.pcapng', dir: false, sizeBytes: 10, capture: true })
    const broken = r.value.entries.find((e) => e.name === 'broken.pcap')!
    expect(broken.error).toMatch(/does not exist/)
    expect(r.value.entries.find((e) => e.name === 'a-folder')).toMatchObject({ dir: true, sizeBytes: null })
  })

  it('lists a given folder, reaches the root, and reports an unreadable path as a typed io error', async () => {
    const sub = await api.invoke('fs.listDir', { path: join(tree, 'a-folder') })
    expect(sub.ok && sub.value.entries).toEqual([])
    const root = await api.invoke('fs.listDir', { path: '/' })
    expect(root.ok && root.value.parent).toBe(null)
    const file = await api.invoke('fs.listDir', { path: join(tree, 'notes.txt') })
    expectCode(file, 'io')
    if (!file.ok) expect(file.error).toMatch(/it is a file/)
    const gone = await api.invoke('fs.listDir', { path: join(tree, 'nope') })
    expectCode(gone, 'io')
    expectCode(await api.invoke('fs.listDir', { path: 42 } as never), 'bad-request')
    expectCode(await api.invoke('fs.listDir', { path: 'a\0b' }), 'bad-request')
  })
})

describe('shell answers in browser mode', () => {
  it('app.launchFile is null without a served file; native dialogs are refused with a reason', async () => {
    expect(await api.invoke('app.launchFile', undefined)).toEqual({ ok: true, value: null })
    const d = await api.invoke('dialog.openCapture', {})
    expectCode(d, 'bad-request')
    if (!d.ok) expect(d.error).toMatch(/desktop app/)
    expect(await api.invoke('app.noteRecent', { path: '/x.pcap' })).toEqual({ ok: true, value: null })
  })
})

describe('file.upload', () => {
  it('streams a capture in chunks into a private temp file that the engine opens; closing removes it', async () => {
    const bytes = new Uint8Array(readFileSync(FIXTURE))
    const path = await upload('../../etc/dropped capture.pcap', bytes, 300)
    expect(path.startsWith(uploadDir + '/')).toBe(true)
    expect(path).toMatch(/dropped_capture\.pcap$/)
    expect(new Uint8Array(readFileSync(path))).toEqual(bytes)
    const done = new Promise<FileProgressEvent>((res) =>
      api.on('file.onProgress', (p) => {
        if (p.done) res(p)
      }),
    )
    const opened = await api.invoke('file.open', { path })
    expect(opened.ok).toBe(true)
    if (!opened.ok) return
    // tcpdump -r prints 11 packets for this fixture.
    expect((await done).rows).toBe(11)
    expect((await api.invoke('file.close', { fileId: opened.value.fileId })).ok).toBe(true)
    expect(existsSync(path)).toBe(false)
  })

  it('an uploaded file that cannot be opened is removed at once', async () => {
    const path = await upload('notes.pcap', new TextEncoder().encode('not a capture at all\n'))
    expect(existsSync(path)).toBe(true)
    const r = await api.invoke('file.open', { path })
    expectCode(r, 'open-failed')
    expect(existsSync(path)).toBe(false)
  })

  it('the next server removes the upload folders of dead wirelite processes, and only those', async () => {
    const parent = join(tmp, 'sweep')
    mkdirSync(join(parent, 'wirelite-uploads-999999999'), { recursive: true })
    writeFileSync(join(parent, 'wirelite-uploads-999999999', '1-x.pcap'), 'x')
    mkdirSync(join(parent, `wirelite-uploads-${process.ppid}`))
    mkdirSync(join(parent, 'other-folder'))
    const store = new UploadStore(join(parent, `wirelite-uploads-${process.pid}`), async () => 1e12)
    await store.handle({ op: 'begin', name: 'a.pcap', size: 0 }, 'me')
    expect(readdirSync(parent).sort()).toEqual(
      [`wirelite-uploads-${process.pid}`, `wirelite-uploads-${process.ppid}`, 'other-folder'].sort(),
    )
    await store.dispose()
  })

  it('refuses out-of-order chunks, more bytes than announced, an early end, and a file bigger than the free disk', async () => {
    const b = await api.invoke('file.upload', { op: 'begin', name: 'x.pcap', size: 4 })
    if (!b.ok) throw new Error(b.error)
    const id = b.value.uploadId
    const gap = await api.invoke('file.upload', {
      op: 'chunk',
      uploadId: id,
      offset: 2,
      data: new Uint8Array(2),
    })
    expectCode(gap, 'bad-request')
    const over = await api.invoke('file.upload', {
      op: 'chunk',
      uploadId: id,
      offset: 0,
      data: new Uint8Array(5),
    })
    expectCode(over, 'bad-request')
    // The oversized chunk cancelled the upload: its temp file is gone and the id is dead.
    expectCode(await api.invoke('file.upload', { op: 'end', uploadId: id }), 'bad-request')
    expect(readdirSync(uploadDir).some((n) => n.startsWith(`${id}-`))).toBe(false)

    const b2 = await api.invoke('file.upload', { op: 'begin', name: 'y.pcap', size: 4 })
    if (!b2.ok) throw new Error(b2.error)
    await api.invoke('file.upload', {
      op: 'chunk',
      uploadId: b2.value.uploadId,
      offset: 0,
      data: new Uint8Array(2),
    })
    const early = await api.invoke('file.upload', { op: 'end', uploadId: b2.value.uploadId })
    expectCode(early, 'bad-request')
    if (!early.ok) expect(early.error).toMatch(/after 2 of 4 bytes/)

    freeBytes = 300 * 1024 * 1024
    const big = await api.invoke('file.upload', { op: 'begin', name: 'big.pcap', size: 100 * 1024 * 1024 })
    freeBytes = Number.MAX_SAFE_INTEGER
    expectCode(big, 'io')
    if (!big.ok) expect(big.error).toMatch(/does not fit in the free space.*File ▸ Open/)

    const tooBig = await api.invoke('file.upload', {
      op: 'chunk',
      uploadId: 1,
      offset: 0,
      data: new Uint8Array(UPLOAD_CHUNK_BYTES + 1),
    })
    expectCode(tooBig, 'bad-request')
  })

  it("another client cannot write into someone else's upload; a client's unfinished uploads go when it leaves", async () => {
    const other = createWsApi({
      url: `ws://127.0.0.1:${bridge.port}/ws?token=${bridge.token}`,
      WebSocketImpl: WebSocket as never,
    })
    await other.ready
    const b = await other.invoke('file.upload', { op: 'begin', name: 'mine.pcap', size: 8 })
    if (!b.ok) throw new Error(b.error)
    const id = b.value.uploadId
    const stolen: IpcResult<FileUploadResponse> = await api.invoke('file.upload', {
      op: 'chunk',
      uploadId: id,
      offset: 0,
      data: new Uint8Array(8),
    })
    expectCode(stolen, 'bad-request')
    expect(readdirSync(uploadDir).some((n) => n === `${id}-mine.pcap`)).toBe(true)
    other.close()
    await expect
      .poll(() => readdirSync(uploadDir).some((n) => n === `${id}-mine.pcap`), { timeout: 5000 })
      .toBe(false)
  })

  it('refuses to write into an upload folder that is not private (e.g. made by someone else beforehand)', async () => {
    const dir = join(tmp, 'shared-uploads')
    mkdirSync(dir, { mode: 0o777 })
    chmodSync(dir, 0o777)
    const store = new UploadStore(dir, async () => 1e12)
    await expect(store.handle({ op: 'begin', name: 'a.pcap', size: 1 }, 'me')).rejects.toMatchObject({
      code: 'io',
      message: expect.stringMatching(/not private/),
    })
    const link = join(tmp, 'link-uploads')
    symlinkSync(tree, link)
    const viaLink = new UploadStore(link, async () => 1e12)
    await expect(viaLink.handle({ op: 'begin', name: 'a.pcap', size: 1 }, 'me')).rejects.toMatchObject({
      code: 'io',
    })
    await store.dispose()
    await viaLink.dispose()
  })

  it('closing the bridge removes the upload directory', async () => {
    const e2 = new InProcessEngine()
    const dir = join(tmp, 'uploads-2')
    const b2 = await startBridge({
      engine: e2,
      rendererDir: null,
      uploads: new UploadStore(dir, async () => 1e12),
    })
    const c = createWsApi({
      url: `ws://127.0.0.1:${b2.port}/ws?token=${b2.token}`,
      WebSocketImpl: WebSocket as never,
    })
    await c.ready
    const b = await c.invoke('file.upload', { op: 'begin', name: 'a.pcap', size: 1 })
    expect(b.ok).toBe(true)
    expect(existsSync(dir)).toBe(true)
    c.close()
    await b2.close()
    await e2.close()
    expect(existsSync(dir)).toBe(false)
  })
})
