/**
 * Entry of the engine worker: a worker_threads Worker (Node: `wirelite serve`, tests) or an Electron
 * utilityProcess (process.parentPort). Bundled by scripts/build-node.mjs as out/cli/engine-worker.mjs.
 */
import { parentPort } from 'node:worker_threads'
import { hostEngine } from './host'

interface ElectronParentPort {
  postMessage(msg: unknown): void
  on(ev: 'message', cb: (e: { data: unknown }) => void): void
}

if (parentPort) {
  const port = parentPort
  hostEngine({
    post: (msg, transfer) => port.postMessage(msg, transfer),
    onMessage: (cb) => port.on('message', cb),
  })
} else {
  const pp = (process as unknown as { parentPort?: ElectronParentPort }).parentPort
  if (pp) {
    // utilityProcess: structured clone without a transfer list (MessagePortMain moves ports only).
    hostEngine({ post: (msg) => pp.postMessage(msg), onMessage: (cb) => pp.on('message', (e) => cb(e.data)) })
  }
}
