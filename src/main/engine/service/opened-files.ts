import type { IpcResult } from '../../../shared/ipc/contract'

/**
 * The files one client (a window's port, a browser page's socket) opened and has not closed, read off
 * the file.open / file.close answers it got. When the client goes away without closing them, its host
 * closes them (engine host.ts, bridge-server.ts); otherwise they pile up until the engine refuses to
 * open more. Live captures are not listed: their spool is the user's data and stays savable.
 */
export class OpenedFiles {
  private readonly ids = new Set<number>()

  /** Takes note of an answer to `channel` for this client. */
  note(channel: string, request: unknown, result: IpcResult<unknown>): void {
    if (!result.ok) return
    if (channel === 'file.open') this.ids.add((result.value as { fileId: number }).fileId)
    else if (channel === 'file.close') this.ids.delete((request as { fileId: number }).fileId)
  }

  /** The ids still open, forgotten here (the caller closes them). */
  takeAll(): number[] {
    const out = [...this.ids]
    this.ids.clear()
    return out
  }
}
