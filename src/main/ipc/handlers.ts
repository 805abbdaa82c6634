import { app, dialog } from 'electron'
import type { LocalHandlers } from './register-handlers'
import { createShellHandlers, launchFileFromArgv } from './shell-handlers'
import type { RecentFiles } from '../menu/recent-files'
import type { BrowserWindow } from 'electron'

/** The channels main answers itself (shell-handlers.ts). Everything else is forwarded to the engine. */
export function mainHandlers(window: () => BrowserWindow | null, recent: RecentFiles): LocalHandlers {
  const launch = launchFileFromArgv(process.argv, app.isPackaged, process.cwd())
  return createShellHandlers({
    version: () => app.getVersion(),
    dialog,
    window,
    launchFile: () => launch,
    noteRecent: (path) => recent.add(path),
  })
}
