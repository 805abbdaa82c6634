/**
 * Electron: the capture helper as a utilityProcess. Only the main process can fork utility processes,
 * but the engine (itself a utilityProcess) is the helper's client, so main starts helpers on the
 * engine's request and joins the two with a MessageChannelMain:
 *
 *   engine ── {t: SPAWN, id} ──────────────▶ main: utilityProcess.fork(capture-helper.mjs)
 *   main ── {t: 'port'} + port1 ──────────▶ helper (talks over port1 from then on, helper-entry.ts)
 *   main ── {t: PORT, id, pid} + port2 ───▶ engine (port-transport.ts talks over port2)
 *   engine ── {t: KILL, id} ──────────────▶ main: helper.kill()
 *   helper exits ──▶ main ── {t: EXIT, id, code, detail} ──▶ engine
 *
 * Wiring: src/main/engine-process.ts calls `serveCaptureHelpers(engine, …)` after forking the engine
 * (forkCaptureHelper forks out/cli/capture-helper.mjs); in the engine, engine/service/electron-host.ts
 * gives LiveCaptureEngine `{ transport: () => utilityProcessTransport(process.parentPort) }` and keeps
 * CAPTURE_HELPER_MESSAGES away from request handling. Electron's types are kept out of this file
 * (structural interfaces) so that it bundles and type-checks without Electron.
 */

export const CAPTURE_HELPER_SPAWN = 'capture-helper.spawn'
export const CAPTURE_HELPER_PORT = 'capture-helper.port'
export const CAPTURE_HELPER_KILL = 'capture-helper.kill'
export const CAPTURE_HELPER_EXIT = 'capture-helper.exit'
export const CAPTURE_HELPER_MESSAGES = [
  CAPTURE_HELPER_SPAWN,
  CAPTURE_HELPER_PORT,
  CAPTURE_HELPER_KILL,
  CAPTURE_HELPER_EXIT,
] as const

export type HelperControl =
  | { t: typeof CAPTURE_HELPER_SPAWN; id: number }
  | { t: typeof CAPTURE_HELPER_KILL; id: number }
  | { t: typeof CAPTURE_HELPER_PORT; id: number; pid: number | undefined }
  | { t: typeof CAPTURE_HELPER_EXIT; id: number; code: number | null; detail: string }

/** The subset of Electron's MessagePortMain used on both ends. */
export interface PortLike {
  postMessage(message: unknown): void
  on(event: 'message', fn: (e: { data: unknown }) => void): void
  on(event: 'close', fn: () => void): void
  start(): void
  close(): void
}

/** The subset of Electron's UtilityProcess used here. */
export interface UtilityLike {
  readonly pid: number | undefined
  readonly stderr: { on(event: 'data', fn: (d: Buffer) => void): void } | null
  postMessage(message: unknown, transfer?: PortLike[]): void
  on(event: 'message', fn: (m: unknown) => void): void
  on(event: 'exit', fn: (code: number) => void): void
  kill(): boolean
}

export interface HelperLauncherDeps {
  /** utilityProcess.fork(helperPath, [], { serviceName: 'wirelite capture helper', stdio: 'pipe' }) */
  fork(): UtilityLike
  /** new MessageChannelMain() */
  newChannel(): { port1: PortLike; port2: PortLike }
}

export function isHelperControl(m: unknown): m is HelperControl {
  const t = (m as { t?: unknown } | null)?.t
  return typeof t === 'string' && (CAPTURE_HELPER_MESSAGES as readonly string[]).includes(t)
}

/** Main process: start capture helpers when the engine asks, and tell it when one exits. */
export function serveCaptureHelpers(engine: UtilityLike, deps: HelperLauncherDeps): void {
  const helpers = new Map<number, UtilityLike>()
  // An engine that dies cannot stop its helpers any more: they stop with it (the spool is already on
  // disk; SIGTERM makes a helper flush it, helper-entry.ts).
  engine.on('exit', () => {
    for (const h of helpers.values()) h.kill()
  })
  engine.on('message', (m) => {
    if (!isHelperControl(m)) return
    if (m.t === CAPTURE_HELPER_KILL) helpers.get(m.id)?.kill()
    if (m.t !== CAPTURE_HELPER_SPAWN) return
    const helper = deps.fork()
    helpers.set(m.id, helper)
    let tail = ''
    helper.stderr?.on('data', (d) => (tail = (tail + d.toString('utf8')).slice(-2000)))
    helper.on('exit', (code) => {
      helpers.delete(m.id)
      engine.postMessage({ t: CAPTURE_HELPER_EXIT, id: m.id, code, detail: tail } satisfies HelperControl)
    })
    const { port1, port2 } = deps.newChannel()
    helper.postMessage({ t: 'port' }, [port1])
    engine.postMessage({ t: CAPTURE_HELPER_PORT, id: m.id, pid: helper.pid } satisfies HelperControl, [port2])
  })
}
