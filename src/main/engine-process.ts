import { app, MessageChannelMain, utilityProcess, type UtilityProcess, type WebContents } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { IPC_EVENT_NAMES, SHELL_EVENT_NAMES, type IpcEventName } from '../shared/ipc/contract'
import { ENGINE_PORT_MESSAGE } from '../shared/ipc/port-client'
import { MessageEngine } from './engine/service/worker-client'

/**
 * Starts the engine (reading, indexing, filters, TCP analysis) in a utilityProcess, so the main process
 * only routes. The worker is the bundle scripts/build-node.mjs writes (out/cli/engine-worker.mjs).
 *
 * Each time the window loads a page, it gets its own MessagePort to the engine (attachWindow): requests
 * and row batches then go renderer ⇄ engine directly, the ArrayBuffers never passing through main.
 * Until a window has its port, engine events are forwarded through main (webContents.send).
 */
export interface EngineProcess {
  engine: MessageEngine
  /** Hands `wc` a fresh port to the engine (call on every did-finish-load: a reload drops the old one). */
  attachWindow(wc: WebContents): void
  /** The page is navigating away (reload): events go through main again until the new page has a port. */
  detachWindow(wc: WebContents): void
}

/** The parts of Electron used here, injectable for the unit test. */
export interface EngineProcessDeps {
  fork: (file: string) => Pick<UtilityProcess, 'postMessage' | 'on' | 'kill'>
  newChannel: () => { port1: Electron.MessagePortMain; port2: Electron.MessagePortMain }
  exists: (file: string) => boolean
  appPath: string
}

const electronDeps = (): EngineProcessDeps => ({
  fork: (file) => utilityProcess.fork(file, [], { serviceName: 'wirelite engine' }),
  newChannel: () => new MessageChannelMain(),
  exists: existsSync,
  appPath: app.getAppPath(),
})

export function startEngineProcess(
  target: () => WebContents | null,
  deps: EngineProcessDeps = electronDeps(),
): EngineProcess {
  const file = join(deps.appPath, 'out', 'cli', 'engine-worker.mjs')
  if (!deps.exists(file)) {
    throw new Error(`The engine bundle is missing (${file}). Run \`npm run build\` and start wirelite again.`)
  }
  const child = deps.fork(file)
  const engine = new MessageEngine({
    post: (msg) => child.postMessage(msg),
    onMessage: (cb) => child.on('message', cb),
    onExit: (cb) => child.on('exit', (code) => cb(`the engine process exited (code ${code})`)),
    terminate: async () => {
      child.kill()
    },
  })
  // Windows whose current page has its own port: engine events reach them there, not through main.
  const withPort = new WeakSet<WebContents>()
  const known = new Set<string>(
    IPC_EVENT_NAMES.filter((e) => !(SHELL_EVENT_NAMES as readonly string[]).includes(e)),
  )
  engine.onEvent((event: IpcEventName, payload: unknown) => {
    if (!known.has(event)) return
    const wc = target()
    if (wc && !wc.isDestroyed() && !withPort.has(wc)) wc.send(event, payload)
  })
  return {
    engine,
    attachWindow(wc) {
      const { port1, port2 } = deps.newChannel()
      child.postMessage({ t: 'port' }, [port1])
      wc.postMessage(ENGINE_PORT_MESSAGE, null, [port2])
      withPort.add(wc)
    },
    detachWindow(wc) {
      withPort.delete(wc)
    },
  }
}
