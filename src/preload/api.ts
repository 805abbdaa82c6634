import {
  IPC_EVENT_NAMES,
  SHELL_EVENT_NAMES,
  isIpcChannel,
  isIpcEventName,
  isShellChannel,
  type IpcChannel,
  type IpcEventName,
  type IpcRequest,
  type IpcResponse,
  type IpcResult,
  type WireliteApi,
} from '../shared/ipc/contract'
import { ENGINE_PORT_MESSAGE, createPortClient, type PortLike } from '../shared/ipc/port-client'
import type { WireClient } from '../shared/ipc/wire-client'

/*
 * window.api in Electron, built from the contract's allow-lists:
 * - shell channels (dialogs, launch file, recent) → ipcRenderer.invoke, answered by main;
 * - engine channels → the MessagePort main hands the page (ENGINE_PORT_MESSAGE), straight to the engine
 *   process; before the port arrives (or if it never does) through ipcRenderer, forwarded by main;
 * - events: shell events from main; engine events from the port (main forwards them itself only while
 *   the page has no port, so each event arrives once).
 * Electron is injected so this is unit-tested without it (src/preload/index.ts passes the real one).
 */
export interface PreloadIpc {
  invoke(channel: string, request: unknown): Promise<unknown>
  /** Subscribe to an ipcRenderer channel; `ports` are the MessagePorts sent with it. */
  on(channel: string, cb: (payload: unknown, ports: readonly PortLike[]) => void): void
  pathForFile(file: File): string
}

export function createEnginePortBridge(ipc: PreloadIpc): WireliteApi {
  const listeners = new Map<IpcEventName, Set<(payload: unknown) => void>>()
  const emit = (event: IpcEventName, payload: unknown): void => {
    for (const l of listeners.get(event) ?? []) {
      try {
        l(payload)
      } catch (err) {
        console.error(`wirelite: a listener of ${event} failed`, err)
      }
    }
  }
  let port: WireClient | null = null

  for (const event of IPC_EVENT_NAMES) ipc.on(event, (payload) => emit(event, payload))
  ipc.on(ENGINE_PORT_MESSAGE, (_payload, ports) => {
    const p = ports[0]
    if (!p) return
    // A reload gets a new port; the old page's client is gone with its page.
    port = createPortClient(p)
    for (const event of IPC_EVENT_NAMES) {
      if ((SHELL_EVENT_NAMES as readonly string[]).includes(event)) continue
      port.on(event, (payload) => emit(event, payload))
    }
  })

  async function invoke<C extends IpcChannel>(
    channel: C,
    request: IpcRequest<C>,
  ): Promise<IpcResult<IpcResponse<C>>> {
    if (!isIpcChannel(channel)) {
      return {
        ok: false,
        error: `unknown IPC channel ${typeof channel === 'string' ? (channel as string).slice(0, 80) : typeof channel}`,
        detail: { code: 'unknown-channel' },
      }
    }
    if (!isShellChannel(channel) && port) return port.invoke(channel, request)
    return (await ipc.invoke(channel, request)) as IpcResult<IpcResponse<C>>
  }

  return {
    app: {
      version: async () => {
        const r = await invoke('app.version', undefined)
        if (!r.ok) throw new Error(r.error)
        return r.value
      },
    },
    invoke,
    on(event, listener) {
      if (!isIpcEventName(event)) throw new Error(`unknown IPC event ${String(event)}`)
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      const l = listener as (p: unknown) => void
      set.add(l)
      return () => {
        set.delete(l)
      }
    },
    files: {
      pathForFile(file: File): string | null {
        try {
          const p = ipc.pathForFile(file)
          // Electron returns '' for a File that is not on disk (e.g. made by the page).
          return p ? p : null
        } catch {
          return null
        }
      },
    },
  }
}
