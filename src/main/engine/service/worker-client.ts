import type { MessagePort, Worker } from 'node:worker_threads'
import type { IpcEventName, IpcResult } from '../../../shared/ipc/contract'
import { collectTransfer, isWireMessage, type WireMessage } from '../../../shared/ipc/wire'
import { startWorker, workerFile } from '../../util/module-worker'
import type { EngineEndpoint } from './endpoint'

/**
 * Clients of an engine that runs in another thread or process. `MessageEngine` speaks the wire protocol
 * over any child with postMessage / message events, so Electron main can wrap its utilityProcess:
 *
 *   const child = utilityProcess.fork(engineWorkerPath)
 *   const engine = new MessageEngine({
 *     post: (m) => child.postMessage(m), onMessage: (cb) => child.on('message', cb),
 *     onExit: (cb) => child.on('exit', cb), terminate: async () => void child.kill(),
 *   })
 *
 * `WorkerEngine` is the worker_threads flavour (`wirelite serve`, tests).
 */
export interface EngineChild {
  post(msg: unknown, transfer?: Transferable[]): void
  onMessage(cb: (msg: unknown) => void): void
  onExit(cb: (why: string) => void): void
  terminate(): Promise<void>
}

export class MessageEngine implements EngineEndpoint {
  private nextId = 1
  private readonly pending = new Map<number, (r: IpcResult<unknown>) => void>()
  private readonly listeners = new Set<
    (event: IpcEventName, payload: unknown, transfer: ArrayBuffer[]) => void
  >()
  private dead: string | null = null

  constructor(protected readonly child: EngineChild) {
    child.onMessage((m: unknown) => {
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
    child.onExit((why) => {
      this.dead = why
      for (const cb of this.pending.values()) cb({ ok: false, error: why, detail: { code: 'internal' } })
      this.pending.clear()
    })
  }

  request(channel: string, request: unknown): Promise<IpcResult<unknown>> {
    if (this.dead) return Promise.resolve({ ok: false, error: this.dead, detail: { code: 'internal' } })
    const id = this.nextId++
    const msg: WireMessage = { t: 'req', id, channel, request }
    return new Promise((resolve) => {
      this.pending.set(id, resolve)
      try {
        this.child.post(msg)
      } catch (err) {
        this.pending.delete(id)
        // e.g. a value that cannot be cloned: a bad request, reported like any other.
        resolve({
          ok: false,
          error: `invalid request: ${(err as Error).message}`,
          detail: { code: 'bad-request' },
        })
      }
    })
  }

  onEvent(cb: (event: IpcEventName, payload: unknown, transfer: ArrayBuffer[]) => void): () => void {
    this.listeners.add(cb)
    return () => this.listeners.delete(cb)
  }

  close(): Promise<void> {
    return this.child.terminate()
  }
}

/**
 * The engine worker file: the bundled out/cli/engine-worker.mjs next to the bundled CLI, or (running
 * from source under tsx) worker-entry.ts beside this file.
 */
export function engineWorkerFile(): string | null {
  return workerFile(import.meta.url, 'engine-worker.mjs', 'worker-entry.ts')
}

export class WorkerEngine extends MessageEngine {
  private constructor(private readonly worker: Worker) {
    super({
      post: (msg, transfer) => worker.postMessage(msg, transfer as never),
      onMessage: (cb) => worker.on('message', cb),
      onExit: (cb) => {
        worker.on('error', (e) => cb(`the engine worker failed: ${e.message}`))
        worker.on('exit', (code) => cb(`the engine worker exited (code ${code})`))
      },
      terminate: async () => {
        await worker.terminate()
      },
    })
  }

  static start(file = engineWorkerFile()): WorkerEngine {
    if (!file) throw new Error('engine worker file not found (run `npm run build:node`)')
    return new WorkerEngine(startWorker(file))
  }

  /**
   * Let the engine also serve `port` (the other end goes to a renderer/window): requests and events then
   * flow over that port directly, with row buffers transferred.
   */
  attachPort(port: MessagePort): void {
    this.worker.postMessage({ t: 'port', port }, [port])
  }
}
