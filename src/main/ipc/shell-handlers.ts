import type { BrowserWindow, Dialog } from 'electron'
import { isAbsolute, resolve } from 'node:path'
import { RequestError } from '../engine/service/validate'
import type { LocalHandlers } from './register-handlers'
import { parseDialogOpen, parseDialogSave, parseNoArgs, parseNoteRecent } from './shell-args'

/*
 * The channels Electron main answers itself: native dialogs, the command-line file, recent documents.
 * Electron is injected (not imported) so the handlers are unit-tested with fakes; index.ts passes the
 * real `dialog` and window. Every argument is parsed first (shell-args.ts): a bad one is a typed error.
 */
export interface ShellDeps {
  version: () => string
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>
  /** The window a dialog is modal to (null: none open yet). */
  window: () => BrowserWindow | null
  /** The capture given on the command line, or null. */
  launchFile: () => string | null
  /** A capture was opened: OS recent documents + the native Open Recent menu. */
  noteRecent: (path: string) => void
}

export const CAPTURE_FILTERS = [
  { name: 'Captures (pcap, pcapng, gz)', extensions: ['pcap', 'pcapng', 'cap', 'ntar', 'gz'] },
  { name: 'All files', extensions: ['*'] },
]

export function createShellHandlers(deps: ShellDeps): LocalHandlers {
  return {
    'app.version': (request) => {
      parseNoArgs(request, 'app.version')
      return deps.version()
    },
    'app.launchFile': (request) => {
      parseNoArgs(request, 'app.launchFile')
      return deps.launchFile()
    },
    'app.noteRecent': (request) => {
      const { path } = parseNoteRecent(request)
      if (!isAbsolute(path)) throw new RequestError('app.noteRecent needs an absolute path', 'bad-request')
      deps.noteRecent(path)
      return null
    },
    'dialog.openCapture': async (request) => {
      const { defaultPath } = parseDialogOpen(request)
      const win = deps.window()
      const options = {
        title: 'Open capture',
        properties: ['openFile' as const],
        filters: CAPTURE_FILTERS,
        ...(defaultPath ? { defaultPath } : {}),
      }
      const r = win
        ? await deps.dialog.showOpenDialog(win, options)
        : await deps.dialog.showOpenDialog(options)
      return r.canceled || r.filePaths.length === 0 ? null : (r.filePaths[0] ?? null)
    },
    'dialog.saveCapture': async (request) => {
      const { defaultPath, format } = parseDialogSave(request)
      const win = deps.window()
      const options = {
        title: 'Export packets',
        filters: [
          format === 'pcapng'
            ? { name: 'pcapng', extensions: ['pcapng'] }
            : { name: 'pcap', extensions: ['pcap'] },
          { name: 'All files', extensions: ['*'] },
        ],
        properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
        ...(defaultPath ? { defaultPath } : {}),
      }
      const r = win
        ? await deps.dialog.showSaveDialog(win, options)
        : await deps.dialog.showSaveDialog(options)
      return r.canceled || !r.filePath ? null : r.filePath
    },
    'fs.listDir': () => {
      throw new RequestError(
        'fs.listDir is for browser mode; the desktop app uses the native Open dialog.',
        'bad-request',
      )
    },
    'file.upload': () => {
      throw new RequestError(
        'file.upload is for browser mode; the desktop app opens a dropped file by its path.',
        'bad-request',
      )
    },
  }
}

/**
 * The capture named on the command line: `wirelite FILE` (packaged) or `electron . FILE` (development).
 * Options (--no-sandbox, Chromium switches) are skipped. Relative paths are taken from `cwd`.
 */
export function launchFileFromArgv(argv: readonly string[], packaged: boolean, cwd: string): string | null {
  // argv[0] is the executable; unpackaged, argv[1] is the app directory ('.').
  const args = argv.slice(packaged ? 1 : 2)
  const file = args.find((a) => a.length > 0 && !a.startsWith('-'))
  return file === undefined ? null : resolve(cwd, file)
}
