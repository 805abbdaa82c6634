import { app, MessageChannelMain, utilityProcess, type UtilityProcess, type WebContents } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { IPC_EVENT_NAMES, SHELL_EVENT_NAMES, type IpcEventName } from '../shared/ipc/contract'
import { ENGINE_PORT_MESSAGE } from '../shared/ipc/port-client'
import { MessageEngine } from './engine/service/worker-client'
import { serveCaptureHelpers, type PortLike, type UtilityLike } from './capture/utility-launcher'

/**
 * Starts the engine (reading, indexing, filters, TCP analysis) in a utilityProcess, so the main process
 * only routes. The worker is the bundle scripts/build-node.mjs writes (out/cli/engine-worker.mjs).
 *
 * Each time the window loads a page, it gets its own MessagePort to the engine (attachWindow): requests
 * and row batches then go renderer ⇄ engine directly, the ArrayBuffers never passing through main.
 * Until a window has its port, engine events are forwarded through main (webContents.send).
 *
 * The engine cannot fork utility processes itself, so main also starts the capture helper
 * (out/cli/capture-helper.mjs) as a utilityProcess when the engine asks and joins the two with a
 * MessagePort (capture/utility-launcher.ts; the engine side is capture/port-transport.ts).
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
  /** Starts one capture helper utilityProcess (the engine asked for it; see capture/utility-launcher.ts). */
  forkHelper: () => UtilityLike
}

/** The helper bundle scripts/build-node.mjs writes beside the engine's. */
export function captureHelperPath(appPath: string): string {
  return join(appPath, 'out', 'cli', 'capture-helper.mjs')
}

/**
 * utilityProcess.fork of the capture helper. stdio 'pipe' so that its last stderr lines (a crash of
 * libpcap / cap) reach the user in the helper-exited message.
 */
export function forkCaptureHelper(appPath: string): UtilityLike {
  const helper = utilityProcess.fork(captureHelperPath(appPath), [], {
    serviceName: 'wirelite capture helper',
    stdio: 'pipe',
  })
  return asUtilityLike(helper, () => helper.pid, helper.stderr)
}

/** A utilityProcess (or the test's stand-in) seen as capture/utility-launcher.ts's UtilityLike. */
function asUtilityLike(
  proc: Pick<UtilityProcess, 'postMessage' | 'on' | 'kill'>,
  pid: () => number | undefined,
  stderr: UtilityLike['stderr'],
): UtilityLike {
  return {
    get pid() {
      return pid()
    },
    stderr,
    postMessage: (m, transfer) =>
      transfer ? proc.postMessage(m, transfer as unknown as Electron.MessagePortMain[]) : proc.postMessage(m),
    // Electron's overloads per event name, one signature here: the events are UtilityLike's.
    on: ((event: string, fn: () => void) => void proc.on(event as never, fn)) as UtilityLike['on'],
    kill: () => proc.kill(),
  }
}

const electronDeps = (): EngineProcessDeps => {
  const appPath = app.getAppPath()
  return {
    fork: (file) => utilityProcess.fork(file, [], { serviceName: 'wirelite engine' }),
    newChannel: () => new MessageChannelMain(),
    exists: existsSync,
    appPath,
    forkHelper: () => forkCaptureHelper(appPath),
  }
}

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
  serveCaptureHelpers(
    asUtilityLike(child, () => undefined, null),
    {
      fork: deps.forkHelper,
      newChannel: () => {
        const { port1, port2 } = deps.newChannel()
        return { port1: port1 as unknown as PortLike, port2: port2 as unknown as PortLike }
      },
    },
  )
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
