import type { IpcEventName } from '../../../shared/ipc/contract'
import { collectTransfer, isWireMessage, type WireMessage } from '../../../shared/ipc/wire'
import { EngineService } from './engine-service'

/**
 * Hosts an EngineService behind a message port. The same function serves a worker_threads parentPort
 * and an Electron utilityProcess parentPort: each entry file only adapts its port to this shape.
 */
export interface HostPort {
  post(msg: WireMessage, transfer: ArrayBuffer[]): void
  onMessage(cb: (msg: unknown) => void): void
}

export function hostEngine(port: HostPort): EngineService {
  const service = new EngineService(<E extends IpcEventName>(event: E, payload: unknown, transfer: ArrayBuffer[]) => {
    port.post({ t: 'evt', event, payload }, transfer)
  })
  port.onMessage((raw) => {
    if (!isWireMessage(raw) || raw.t !== 'req') return
    const { id, channel, request } = raw
    void service.handle(channel, request).then((result) => {
      const msg: WireMessage = { t: 'res', id, result }
      // Response buffers (frame bytes, filter rows) move too; they were made for this answer.
      port.post(msg, collectTransfer(result))
    })
  })
  return service
}
