/**
 * Entry of the engine worker: a worker_threads Worker (Node: `wirelite serve`, tests) or an Electron
 * utilityProcess (process.parentPort). Bundled by scripts/build-node.mjs as out/cli/engine-worker.mjs.
 *
 * Besides requests, the parent may send `{ t: 'port' }` with a MessagePort (worker_threads: in the
 * message as `port`; utilityProcess: in `ports`): the engine then also serves that port, e.g. the end
 * of a MessageChannelMain whose other end main gave to the window.
 *
 * In Electron the engine cannot fork the capture helper as a utilityProcess (only main can): live
 * captures ask main for one over parentPort (capture/port-transport.ts, capture/utility-launcher.ts).
 * Those control messages (CAPTURE_HELPER_MESSAGES) go to the transport, never to the engine's host
 * (electron-host.ts).
 */
import { parentPort, type MessagePort } from 'node:worker_threads'
import { hostEngine, type HostPort } from './host'
import { hostElectronEngine, type ElectronPort } from './electron-host'

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
  if (pp) hostElectronEngine(pp)
}
