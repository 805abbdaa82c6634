/**
 * Entry of the engine worker: a worker_threads Worker (Node: `wirelite serve`, tests) or an Electron
 * utilityProcess (process.parentPort). Bundled by scripts/build-node.mjs as out/cli/engine-worker.mjs.
 *
 * Besides requests, the parent may send `{ t: 'port' }` with a MessagePort (worker_threads: in the
 * message as `port`; utilityProcess: in `ports`): the engine then also serves that port, e.g. the end
 * of a MessageChannelMain whose other end main gave to the window.
 */
import { parentPort, type MessagePort } from 'node:worker_threads'
import { hostEngine, type HostPort } from './host'

interface ElectronPort {
  postMessage(msg: unknown): void
  on(ev: 'message', cb: (e: { data: unknown; ports?: ElectronPort[] }) => void): void
  on(ev: 'close', cb: () => void): void
  start?(): void
}

function isPortMessage(m: unknown): m is { t: 'port'; port?: MessagePort } {
  return typeof m === 'object' && m !== null && (m as { t?: unknown }).t === 'port'
}

function nodePort(port: MessagePort): HostPort {
  return {
    post: (msg, transfer) => port.postMessage(msg, transfer),
    onMessage: (cb) => port.on('message', cb),
    onClose: (cb) => port.on('close', cb),
  }
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

if (parentPort) {
  const pp = parentPort
  const host = hostEngine({
    post: (msg, transfer) => pp.postMessage(msg, transfer),
    onMessage: (cb) =>
      pp.on('message', (m: unknown) => {
        if (isPortMessage(m)) {
          if (m.port) host.attach(nodePort(m.port))
        } else cb(m)
      }),
  })
} else {
  const pp = (process as unknown as { parentPort?: ElectronPort }).parentPort
  if (pp) {
    const attachAll = (ports: ElectronPort[]): void => {
      for (const p of ports) host.attach(electronPort(p, attachAll))
    }
    const host = hostEngine(electronPort(pp, attachAll))
  }
}
