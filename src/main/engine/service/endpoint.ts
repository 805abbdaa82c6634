import type {
  EngineChannel,
  IpcEventName,
  IpcRequest,
  IpcResponse,
  IpcResult,
} from '../../../shared/ipc/contract'
import { EngineService } from './engine-service'

/**
 * What a transport (the Electron main process, the browser-mode bridge, tests) needs from the engine,
 * wherever it runs: in-process, in a worker_threads Worker, or in a utilityProcess.
 */
export interface EngineEndpoint {
  request(channel: string, request: unknown): Promise<IpcResult<unknown>>
  /** Events with the buffers a transport may transfer instead of copying. */
  onEvent(cb: (event: IpcEventName, payload: unknown, transfer: ArrayBuffer[]) => void): () => void
  close(): Promise<void>
}

export function typedRequest<C extends EngineChannel>(
  ep: EngineEndpoint,
  channel: C,
  request: IpcRequest<C>,
): Promise<IpcResult<IpcResponse<C>>> {
  return ep.request(channel, request) as Promise<IpcResult<IpcResponse<C>>>
}

/** The engine on the current thread (tests, and the fallback when no worker file is available). */
export class InProcessEngine implements EngineEndpoint {
  private readonly listeners = new Set<
    (event: IpcEventName, payload: unknown, transfer: ArrayBuffer[]) => void
  >()
  readonly service = new EngineService((event, payload, transfer) => {
    for (const l of this.listeners) l(event, payload, transfer)
  })

  request(channel: string, request: unknown): Promise<IpcResult<unknown>> {
    return this.service.handle(channel, request)
  }

  onEvent(cb: (event: IpcEventName, payload: unknown, transfer: ArrayBuffer[]) => void): () => void {
    this.listeners.add(cb)
    return () => this.listeners.delete(cb)
  }

  close(): Promise<void> {
    return this.service.dispose()
  }
}
