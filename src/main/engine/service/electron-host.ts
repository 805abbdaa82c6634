/**
 * The engine as an Electron utilityProcess (worker-entry.ts calls this when process.parentPort exists):
 * serves main's parentPort and every MessagePort main hands over (`{ t: 'port' }` with `ports`), and
 * starts capture helpers through main (only main can fork a utilityProcess): the helper control messages
 * (capture/utility-launcher.ts's CAPTURE_HELPER_MESSAGES) on parentPort belong to the helper transports
 * (capture/port-transport.ts), never to the engine's request handling.
 */
import { utilityProcessTransport, type ParentPortLike } from '../../capture/port-transport'
import { isHelperControl } from '../../capture/utility-launcher'
import { hostEngine, type EngineHost, type HostPort } from './host'

export interface ElectronPort {
  postMessage(msg: unknown): void
  on(ev: 'message', cb: (e: { data: unknown; ports?: ElectronPort[] }) => void): void
  on(ev: 'close', cb: () => void): void
  off?(ev: 'message', cb: (e: { data: unknown; ports?: ElectronPort[] }) => void): void
  start?(): void
}

function isPortMessage(m: unknown): m is { t: 'port' } {
  return typeof m === 'object' && m !== null && (m as { t?: unknown }).t === 'port'
}

/** utilityProcess ports: structured clone without a transfer list (MessagePortMain moves ports only). */
function electronPort(port: ElectronPort, onPorts: (ports: ElectronPort[]) => void): HostPort {
  return {
    post: (msg) => port.postMessage(msg),
    onMessage: (cb) => {
      port.on('message', (e) => {
        if (isPortMessage(e.data) && e.ports?.length) onPorts(e.ports)
        else cb(e.data)
      })
      port.start?.()
    },
    onClose: (cb) => port.on('close', cb),
  }
}

export function hostElectronEngine(parentPort: ElectronPort): EngineHost {
  const attachAll = (ports: ElectronPort[]): void => {
    for (const p of ports) host.attach(electronPort(p, attachAll))
  }
  const main = electronPort(parentPort, attachAll)
  // The transport listens on parentPort itself; it only needs the ports of its messages typed its way.
  const helperParent: ParentPortLike = {
    postMessage: (m) => parentPort.postMessage(m),
    on: (ev, fn) => parentPort.on(ev, fn as (e: { data: unknown; ports?: ElectronPort[] }) => void),
    off: (ev, fn) => parentPort.off?.(ev, fn as (e: { data: unknown; ports?: ElectronPort[] }) => void),
  }
  const host = hostEngine(
    { ...main, onMessage: (cb) => main.onMessage((m) => void (isHelperControl(m) || cb(m))) },
    { captureLaunch: { transport: () => utilityProcessTransport(helperParent) } },
  )
  return host
}
