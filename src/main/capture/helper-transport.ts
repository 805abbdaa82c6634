import { fork, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { HelperToParent, ParentToHelper } from './protocol'

/**
 * How the parent talks to one capture helper process, whatever started it: a node child process
 * (CLI, browser mode, tests: forkTransport) or an Electron utilityProcess started by the main process
 * (utility-launcher.ts / port-transport.ts).
 */
export interface HelperTransport {
  readonly pid: number | undefined
  send(m: ParentToHelper): void
  onMessage(fn: (m: HelperToParent) => void): void
  /** Called once, when the helper is gone (`detail`: its last stderr lines or the spawn error). */
  onExit(fn: (code: number | null, signal: string | null, detail: string) => void): void
  kill(): void
}

/** How to launch the helper process. Defaults: bundled capture-helper.mjs beside this file, else the .ts under tsx. */
export interface HelperLaunch {
  helperPath?: string
  execPath?: string
  execArgv?: string[]
  /**
   * Run the helper through a wrapper command, e.g. ['sudo', '-n'] or (tests) ['setpriv', '--reuid=65534', …].
   * The wrapper must exec node with the inherited IPC fd and environment.
   */
  wrap?: string[]
  /** Environment of the helper (default: ours). */
  env?: NodeJS.ProcessEnv
  /** Another way to start it (Electron: a utilityProcess through the main process); overrides the rest. */
  transport?: () => HelperTransport
}

export function helperEntry(l: HelperLaunch): { path: string; execArgv: string[] } {
  if (l.helperPath) return { path: l.helperPath, execArgv: l.execArgv ?? [] }
  const bundled = fileURLToPath(new URL('./capture-helper.mjs', import.meta.url))
  if (existsSync(bundled)) return { path: bundled, execArgv: l.execArgv ?? [] }
  // From source: the .ts entry beside this file, loaded through tsx.
  return {
    path: fileURLToPath(new URL('./helper-entry.ts', import.meta.url)),
    execArgv: l.execArgv ?? ['--import', import.meta.resolve('tsx')],
  }
}

/** A node child process with an IPC channel (structured clone, so batch bytes travel as one Uint8Array). */
export function forkTransport(launch: HelperLaunch): HelperTransport {
  const { path, execArgv } = helperEntry(launch)
  const node = launch.execPath ?? process.execPath
  // Inside Electron (the engine's utilityProcess) process.execPath is the Electron binary: run it as plain
  // node until the engine is given utility-launcher.ts's transport.
  const env = { ...(launch.env ?? process.env) }
  if (process.versions.electron && !launch.execPath) env.ELECTRON_RUN_AS_NODE = '1'
  const opts = { serialization: 'advanced' as const, env }
  const child = launch.wrap?.length
    ? spawn(launch.wrap[0]!, [...launch.wrap.slice(1), node, ...execArgv, path], {
        ...opts,
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      })
    : fork(path, [], { execPath: node, execArgv, ...opts, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
  let stderrTail = ''
  let exited = false
  const exitFns: Array<(code: number | null, signal: string | null, detail: string) => void> = []
  const exit = (code: number | null, signal: string | null): void => {
    if (exited) return
    exited = true
    for (const fn of exitFns) fn(code, signal, stderrTail)
  }
  child.stderr?.on('data', (d: Buffer) => {
    stderrTail = (stderrTail + d.toString('utf8')).slice(-2000)
  })
  child.on('exit', (code, signal) => exit(code, signal))
  child.on('error', (err) => {
    stderrTail += `\n${err.message}`
    exit(-1, null)
  })
  return {
    get pid() {
      return child.pid
    },
    send: (m) => {
      if (child.connected) child.send(m)
    },
    onMessage: (fn) => void child.on('message', (m) => fn(m as HelperToParent)),
    onExit: (fn) => void exitFns.push(fn),
    kill: () => {
      if (!exited) child.kill('SIGTERM')
    },
  }
}
