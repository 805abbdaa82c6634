import { dirname } from 'node:path'
import type { IpcResult, ShellChannel } from '../../shared/ipc/contract'
import { RequestError, fail } from '../engine/service/validate'
import { parseListDir, parseNoArgs, parseNoteRecent, parseUpload } from '../ipc/shell-args'
import { listDir } from './list-dir'
import { UploadStore } from './uploads'

/*
 * The shell channels in browser mode. Electron main answers the same channels with native dialogs; here
 * there is no native dialog, so the page browses with fs.listDir and drops files through file.upload.
 * Every argument is parsed by shell-args.ts; every failure is a typed IpcResult, never a throw.
 */
export interface BridgeShellOptions {
  version: string
  /** `wirelite serve FILE`: the file the UI opens at start (app.launchFile) and where fs.listDir starts. */
  openFile?: string
  /** Where fs.listDir starts without a served file (default: process.cwd()). */
  cwd?: string
  uploads?: UploadStore
}

export interface BridgeShell {
  handle(channel: ShellChannel, request: unknown, owner: unknown): Promise<IpcResult<unknown>>
  /** Engine traffic the shell cares about: an uploaded capture's temp file goes when it is closed. */
  opened(path: unknown, fileId: number): void
  /** file.open failed: an uploaded copy that cannot be opened is of no further use. */
  openFailed(path: unknown): Promise<void>
  closed(fileId: number): Promise<void>
  clientGone(owner: unknown): Promise<void>
  dispose(): Promise<void>
}

export function createBridgeShell(opts: BridgeShellOptions): BridgeShell {
  const uploads = opts.uploads ?? new UploadStore()
  const start = opts.openFile ? dirname(opts.openFile) : (opts.cwd ?? process.cwd())
  /** fileId → temp path of an uploaded capture open in the engine. */
  const uploadedOpen = new Map<number, string>()

  const answer = async (channel: ShellChannel, request: unknown, owner: unknown): Promise<unknown> => {
    switch (channel) {
      case 'app.version':
        parseNoArgs(request, channel)
        return opts.version
      case 'app.launchFile':
        parseNoArgs(request, channel)
        return opts.openFile ?? null
      case 'app.noteRecent':
        // The page keeps its own recent list in browser mode; nothing for the server to do.
        parseNoteRecent(request)
        return null
      case 'fs.listDir':
        return listDir(parseListDir(request).path ?? start, start)
      case 'file.upload':
        return uploads.handle(parseUpload(request), owner)
      case 'dialog.openCapture':
      case 'dialog.saveCapture':
        throw new RequestError(
          `${channel} needs the desktop app; in the browser use the in-page dialog (fs.listDir / a path).`,
          'bad-request',
        )
    }
  }

  return {
    async handle(channel, request, owner) {
      try {
        return { ok: true, value: await answer(channel, request, owner) }
      } catch (err) {
        return fail(err)
      }
    },
    opened(path, fileId) {
      if (typeof path === 'string' && uploads.owns(path)) uploadedOpen.set(fileId, path)
    },
    async openFailed(path) {
      if (typeof path === 'string' && uploads.owns(path) && ![...uploadedOpen.values()].includes(path))
        await uploads.release(path)
    },
    async closed(fileId) {
      const path = uploadedOpen.get(fileId)
      if (path === undefined) return
      uploadedOpen.delete(fileId)
      // The same upload may be open twice (opened again from Open Recent): keep it while in use.
      if (![...uploadedOpen.values()].includes(path)) await uploads.release(path)
    },
    clientGone: (owner) => uploads.dropOwner(owner),
    dispose: () => uploads.dispose(),
  }
}
