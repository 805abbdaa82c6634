import type { IpcEventName } from '../../../shared/ipc/contract'
import { collectTransfer, isWireMessage, type WireMessage } from '../../../shared/ipc/wire'
import { EngineService, type EngineServiceOptions } from './engine-service'
import { OpenedFiles } from './opened-files'

/**
 * Hosts an EngineService behind message ports. The same code serves a worker_threads parentPort and an
 * Electron utilityProcess parentPort (each entry file only adapts its port to HostPort), plus any extra
 * ports attached later — in Electron, the MessagePort main hands to the window, so requests and row
 * batches go renderer ⇄ engine directly. Events go to every attached port; a response to the port that
 * asked.
 */
export interface HostPort {
  post(msg: WireMessage, transfer: ArrayBuffer[]): void
  onMessage(cb: (msg: unknown) => void): void
  onClose?(cb: () => void): void
}

export interface EngineHost {
  service: EngineService
  attach(port: HostPort): void
}

export function hostEngine(first: HostPort, options: EngineServiceOptions = {}): EngineHost {
  const ports = new Set<HostPort>()
  const service = new EngineService(
    <E extends IpcEventName>(event: E, payload: unknown, transfer: ArrayBuffer[]) => {
      const msg: WireMessage = { t: 'evt', event, payload }
      // A buffer can be transferred once: with several listeners, all but the last get a copy.
      let k = 0
      for (const p of ports) p.post(msg, ++k === ports.size ? transfer : [])
    },
    options,
  )
  const attach = (port: HostPort): void => {
    ports.add(port)
    // A window's port closes when its page goes away (reload, crash, window closed) without file.close.
    const opened = new OpenedFiles()
    port.onClose?.(() => {
      ports.delete(port)
      void (async () => {
        for (const fileId of opened.takeAll()) await service.handle('file.close', { fileId })
      })()
    })
    port.onMessage((raw) => {
      if (!isWireMessage(raw) || raw.t !== 'req') return
      const { id, channel, request } = raw
      void service.handle(channel, request).then((result) => {
        opened.note(channel, request, result)
        // Response buffers (frame bytes, filter rows) were made for this answer: they move.
        port.post({ t: 'res', id, result }, collectTransfer(result))
      })
    })
  }
  attach(first)
  return { service, attach }
}
