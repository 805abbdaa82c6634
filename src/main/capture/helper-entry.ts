/**
 * Process entry of the capture helper (node child_process.fork, or an Electron utilityProcess): the
 * only wirelite process that needs capture privileges. Thin on purpose: message plumbing only; the
 * work is in CaptureSession.
 */
import { setPriority } from 'node:os'
import { requestRealtime } from './realtime'
import { linkTypeFromCapName, loadCap } from './cap-binding'
import { classifyOpenError } from './capture-errors'
import { CaptureSession } from './capture-session'
import { listInterfaces } from './interfaces'
import type { HelperToParent, ParentToHelper } from './protocol'

interface MessagePortLike {
  on(event: 'message', fn: (e: { data: unknown; ports?: MessagePortLike[] }) => void): void
  on(event: 'close', fn: () => void): void
  postMessage(m: unknown): void
  start?(): void
}
const parentPort = (process as unknown as { parentPort?: MessagePortLike }).parentPort
/** Electron: the port to the engine that main hands over (utility-launcher.ts); used from then on. */
let enginePort: MessagePortLike | null = null

function send(m: HelperToParent): void {
  if (enginePort) enginePort.postMessage(m)
  else if (parentPort) parentPort.postMessage(m)
  else if (process.connected) process.send?.(m)
}

/** Longest wait for the spool writer to write what is pending before leaving anyway. */
const STOP_WAIT_MS = 10_000

/** Stops the capture (the spool gets everything captured so far), then exits with `code`. */
function stopAndExit(code: number, reason: 'requested' | 'error' = 'requested'): void {
  setTimeout(() => process.exit(code), STOP_WAIT_MS).unref()
  void (session ? session.stop(reason) : Promise.resolve()).finally(() => process.exit(code))
}

// Timestamps are taken when the packet reaches us, so scheduling delay is timestamp error: ask for a
// higher priority where we are allowed to (root / CAP_SYS_NICE); silently keep ours otherwise.
try {
  setPriority(-10)
} catch {
  /* not permitted */
}
requestRealtime()

const loaded = loadCap()
let session: CaptureSession | null = null

function onMessage(m: ParentToHelper): void {
  if (!loaded.ok) {
    send({ type: 'error', error: loaded.error, fatal: true })
    return
  }
  if (m.type === 'list') {
    try {
      send({ type: 'interfaces', interfaces: listInterfaces(loaded.cap) })
    } catch (err) {
      send({
        type: 'error',
        error: { code: 'failed', message: `Cannot list interfaces: ${(err as Error).message}` },
        fatal: false,
      })
    }
  } else if (m.type === 'start') {
    if (session)
      return send({
        type: 'error',
        error: { code: 'failed', message: 'A capture is already running in this helper.' },
        fatal: false,
      })
    const s = new CaptureSession(loaded.cap, send)
    const err = s.start(m.options)
    if (err) {
      send({ type: 'error', error: err, fatal: true })
      // A failed open may leave libpcap's handle (and its kernel ring) behind; end the process.
      setTimeout(() => process.exit(2), 100)
    } else session = s
  } else if (m.type === 'check') {
    const c = new loaded.cap.Cap()
    try {
      const link = c.open(m.device, m.filter, 1 << 20, Buffer.alloc(65536))
      c.close()
      send({ type: 'checked', linkType: linkTypeFromCapName(link) })
    } catch (err) {
      // No close() after a failed open (cap aborts); the handle goes with this process.
      send({
        type: 'error',
        error: classifyOpenError(err, { device: m.device, filter: m.filter }),
        fatal: true,
      })
      setTimeout(() => process.exit(2), 100)
    }
  } else if (m.type === 'stop') {
    void session?.stop('requested')
  }
}

// Ctrl-C in a terminal reaches the whole process group: the parent decides when to stop (and flushes).
process.on('SIGINT', () => {})
// SIGTERM (e.g. `timeout`, a service manager): keep what was captured, then leave.
process.on('SIGTERM', () => stopAndExit(0))

process.on('uncaughtException', (err) => {
  send({
    type: 'error',
    error: { code: 'failed', message: `The capture helper failed: ${err.message}` },
    fatal: true,
  })
  stopAndExit(1, 'error')
})

if (parentPort)
  parentPort.on('message', (e) => {
    const port = e.ports?.[0]
    if ((e.data as { t?: unknown } | null)?.t === 'port' && port) {
      enginePort = port
      port.on('message', (ev) => onMessage(ev.data as ParentToHelper))
      // The engine's end closed (it exited or crashed): like a node parent's disconnect, keep what we
      // have (stop flushes the spool) and leave.
      port.on('close', () => stopAndExit(0))
      port.start?.()
      send({ type: 'ready', pid: process.pid, capAvailable: loaded.ok })
    } else onMessage(e.data as ParentToHelper)
  })
else {
  process.on('message', (m) => onMessage(m as ParentToHelper))
  // The parent went away: keep what we have (stop flushes the spool) and leave.
  process.on('disconnect', () => stopAndExit(0))
}
send({ type: 'ready', pid: process.pid, capAvailable: loaded.ok })
