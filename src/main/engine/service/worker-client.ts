import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker, type MessagePort } from 'node:worker_threads'
import type { IpcEventName, IpcResult } from '../../../shared/ipc/contract'
import { collectTransfer, isWireMessage, type WireMessage } from '../../../shared/ipc/wire'
import type { EngineEndpoint } from './endpoint'

/**
 * The engine in a worker_threads Worker. The worker file is the bundled out/cli/engine-worker.mjs next to
 * the bundled CLI, or (running from source under tsx) worker-entry.ts beside this file.
 */
export function engineWorkerFile(): string | null {
  const candidates = [new URL('./engine-worker.mjs', import.meta.url), new URL('./worker-entry.ts', import.meta.url)]
  for (const u of candidates) {
    const p = fileURLToPath(u)
    if (existsSync(p)) return p
  }
  return null
}

export class WorkerEngine implements EngineEndpoint {
  private nextId = 1
  private readonly pending = new Map<number, (r: IpcResult<unknown>) => void>()
  private readonly listeners = new Set<(event: IpcEventName, payload: unknown, transfer: ArrayBuffer[]) => void>()
  private dead: string | null = null

  constructor(private readonly worker: Worker) {
    worker.on('message', (m: unknown) => {
      if (!isWireMessage(m)) return
      if (m.t === 'res') {
        const cb = this.pending.get(m.id)
        this.pending.delete(m.id)
        cb?.(m.result)
      } else if (m.t === 'evt') {
        const transfer = collectTransfer(m.payload)
        for (const l of this.listeners) l(m.event, m.payload, transfer)
      }
    })
    const die = (why: string): void => {
      this.dead = why
      for (const cb of this.pending.values()) cb({ ok: false, error: why, detail: { code: 'internal' } })
      this.pending.clear()
    }
    worker.on('error', (e) => die(`the engine worker failed: ${e.message}`))
    worker.on('exit', (code) => die(`the engine worker exited (code ${code})`))
  }

  static start(file = engineWorkerFile()): WorkerEngine {
    if (!file) throw new Error('engine worker file not found (run `npm run build:node`)')
    if (!file.endsWith('.ts')) return new WorkerEngine(new Worker(file))
    // From source (tsx): the worker thread registers tsx's loader itself, then imports the entry.
    const api = import.meta.resolve('tsx/esm/api')
    const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(file).href)}) })`
    return new WorkerEngine(new Worker(boot, { eval: true }))
  }

  request(channel: string, request: unknown): Promise<IpcResult<unknown>> {
    if (this.dead) return Promise.resolve({ ok: false, error: this.dead, detail: { code: 'internal' } })
    const id = this.nextId++
    const msg: WireMessage = { t: 'req', id, channel, request }
    return new Promise((resolve) => {
      this.pending.set(id, resolve)
      try {
        this.worker.postMessage(msg)
      } catch (err) {
        this.pending.delete(id)
        // e.g. a value that cannot be cloned: a bad request, reported like any other.
        resolve({ ok: false, error: `invalid request: ${(err as Error).message}`, detail: { code: 'bad-request' } })
      }
    })
  }

  /**
   * Let the engine also serve `port` (the other end goes to a renderer/window): requests and events then
   * flow over that port directly, with row buffers transferred.
   */
  attachPort(port: MessagePort): void {
    this.worker.postMessage({ t: 'port', port }, [port])
  }

  onEvent(cb: (event: IpcEventName, payload: unknown, transfer: ArrayBuffer[]) => void): () => void {
    this.listeners.add(cb)
    return () => this.listeners.delete(cb)
  }

  async close(): Promise<void> {
    await this.worker.terminate()
  }
}
