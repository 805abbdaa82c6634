import { app, utilityProcess, type WebContents } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { IPC_EVENT_NAMES, type IpcEventName } from '../shared/ipc/contract'
import { MessageEngine } from './engine/service/worker-client'

/**
 * Starts the engine (reading, indexing, filters, TCP analysis) in a utilityProcess, so the main process
 * only routes. The worker is the bundle scripts/build-node.mjs writes (out/cli/engine-worker.mjs).
 * Engine events are forwarded to the window's webContents under their contract names.
 *
 * Row batches travel as structured clones through main for now; handing the window a MessagePort to the
 * engine directly (port-client.ts) is the next step for large files.
 */
export function startEngineProcess(target: () => WebContents | null): MessageEngine {
  const file = join(app.getAppPath(), 'out', 'cli', 'engine-worker.mjs')
  if (!existsSync(file)) {
    throw new Error(`The engine bundle is missing (${file}). Run \`npm run build\` and start wirelite again.`)
  }
  const child = utilityProcess.fork(file, [], { serviceName: 'wirelite engine' })
  const engine = new MessageEngine({
    post: (msg) => child.postMessage(msg),
    onMessage: (cb) => child.on('message', cb),
    onExit: (cb) => child.on('exit', (code) => cb(`the engine process exited (code ${code})`)),
    terminate: async () => {
      child.kill()
    },
  })
  const known = new Set<string>(IPC_EVENT_NAMES)
  engine.onEvent((event: IpcEventName, payload: unknown) => {
    if (!known.has(event)) return
    const wc = target()
    if (wc && !wc.isDestroyed()) wc.send(event, payload)
  })
  return engine
}
