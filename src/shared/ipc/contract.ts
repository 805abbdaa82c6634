/**
 * The one IPC contract between the renderer (through the preload) and the main process.
 *
 * Requests are `ipcRenderer.invoke(channel, request)`; main answers with an {@link IpcResult} so that a
 * failure reaches the renderer with its message intact (Electron keeps only the message of a thrown error,
 * and we want a user-facing "what happened + what to do" text, not a stack).
 *
 * Adding a request = one entry in {@link IpcRequests} + its name in {@link IPC_REQUEST_CHANNELS}. The
 * preload builds its allow-list from that array and main implements the map with `satisfies`, so the
 * compiler catches a channel that exists on one side only.
 */
export interface IpcRequests {
  /** The application version (package.json `version`). */
  'app.version': { request: void; response: string }
}

export type IpcChannel = keyof IpcRequests
export type IpcRequest<C extends IpcChannel> = IpcRequests[C]['request']
export type IpcResponse<C extends IpcChannel> = IpcRequests[C]['response']

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: string }

/** Every request channel, at run time. Must list each key of IpcRequests exactly once. */
export const IPC_REQUEST_CHANNELS = ['app.version'] as const satisfies readonly IpcChannel[]

// Compile-time check that the array above is complete: fails if a key of IpcRequests is missing.
type MissingChannels = Exclude<IpcChannel, (typeof IPC_REQUEST_CHANNELS)[number]>
const channelsComplete: MissingChannels extends never ? true : MissingChannels = true
void channelsComplete

export function isIpcChannel(name: unknown): name is IpcChannel {
  return typeof name === 'string' && (IPC_REQUEST_CHANNELS as readonly string[]).includes(name)
}

/** What the preload exposes as `window.api`: grouped by domain, one async function per request. */
export interface WireliteApi {
  app: {
    version(): Promise<string>
  }
}
