import type { HelperTransport } from './helper-transport'
import type { HelperToParent, ParentToHelper } from './protocol'
import {
  CAPTURE_HELPER_EXIT,
  CAPTURE_HELPER_KILL,
  CAPTURE_HELPER_PORT,
  CAPTURE_HELPER_SPAWN,
  isHelperControl,
  type PortLike,
} from './utility-launcher'

/** process.parentPort of an Electron utilityProcess (the engine's). */
export interface ParentPortLike {
  postMessage(message: unknown): void
  on(event: 'message', fn: (e: { data: unknown; ports: PortLike[] }) => void): void
  /** Electron's parentPort is an EventEmitter: a helper that is gone stops listening (no leak per helper). */
  off?(event: 'message', fn: (e: { data: unknown; ports: PortLike[] }) => void): void
}

let nextId = 1

/**
 * Engine side of utility-launcher.ts: asks main for a helper utilityProcess and talks to it over the
 * MessagePort main hands back. Messages sent before the port arrives are queued.
 */
export function utilityProcessTransport(parent: ParentPortLike): HelperTransport {
  const id = nextId++
  let port: PortLike | null = null
  let pid: number | undefined
  let gone = false
  const queue: ParentToHelper[] = []
  const messageFns: Array<(m: HelperToParent) => void> = []
  const exitFns: Array<(code: number | null, signal: string | null, detail: string) => void> = []
  const exit = (code: number | null, detail: string): void => {
    if (gone) return
    gone = true
    port?.close()
    parent.off?.('message', listener)
    for (const fn of exitFns) fn(code, null, detail)
  }
  const listener = (e: { data: unknown; ports: PortLike[] }): void => {
    const m = e.data
    if (!isHelperControl(m) || m.id !== id) return
    if (m.t === CAPTURE_HELPER_PORT && e.ports[0]) {
      pid = m.pid
      port = e.ports[0]
      port.on('message', (ev) => {
        for (const fn of messageFns) fn(ev.data as HelperToParent)
      })
      port.start()
      for (const q of queue.splice(0)) port.postMessage(q)
    } else if (m.t === CAPTURE_HELPER_EXIT) exit(m.code, m.detail)
  }
  parent.on('message', listener)
  parent.postMessage({ t: CAPTURE_HELPER_SPAWN, id })
  return {
    get pid() {
      return pid
    },
    send: (m) => {
      if (gone) return
      if (port) port.postMessage(m)
      else queue.push(m)
    },
    onMessage: (fn) => void messageFns.push(fn),
    onExit: (fn) => void exitFns.push(fn),
    kill: () => {
      if (!gone) parent.postMessage({ t: CAPTURE_HELPER_KILL, id })
    },
  }
}
