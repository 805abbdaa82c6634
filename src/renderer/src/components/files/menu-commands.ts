import { watch } from 'vue'
import { api, runtimeMode } from '../../api'
import { useCaptureStore } from '../../stores/capture'
import { useUiStore } from '../../stores/ui'
import { runMenuCommand, type MenuTargets } from './menu-command-map'
import { getRecent } from '../../stores/recent-files'
import { lastOpenError, openCapture } from './open-capture'

/*
 * Electron's native menu sends `menu.onCommand`; this maps each command to the same store / ui action
 * the in-page MenuBar runs, so both menus share one behaviour. Installed once by DropZone.vue (always
 * mounted). Also, in Electron: the capture named on the command line is opened at start, and every
 * opened capture is reported to main for the OS recent documents and the native Open Recent menu.
 */

/** Call from a component's setup; returns the unsubscribe function. */
export function installMenuCommands(): () => void {
  const capture = useCaptureStore()
  const ui = useUiStore()
  const targets: MenuTargets = {
    capture,
    ui,
    // A failed open from a native menu shows in the Open dialog (it says why and offers the recent list).
    open: async (path) => {
      const r = await openCapture(path)
      if (!r.ok) ui.openDialogOpen = true
    },
  }
  const offMenu = api.on('menu.onCommand', (cmd) => runMenuCommand(cmd, targets))
  // Any caller's failed open of a recent capture (the in-page Open Recent menu included) brings up the
  // Open dialog, which says the entry is stale and offers to remove it.
  const offActions = capture.$onAction(({ name, args, after }) => {
    if (name !== 'open') return
    const path = args[0] as string
    after((ok) => {
      if (ok || ui.openDialogOpen || !getRecent().includes(path)) return
      lastOpenError.value = { path, error: capture.error ?? `could not open ${path}`, recent: true }
      ui.openDialogOpen = true
    })
  })
  const off = (): void => {
    offMenu()
    offActions()
  }
  if (runtimeMode !== 'electron') return off
  void api.invoke('app.launchFile', undefined).then((r) => {
    if (r.ok && r.value && capture.fileId === null) void targets.open(r.value)
  })
  const stop = watch(
    () => capture.info?.path,
    (path) => {
      if (path) void api.invoke('app.noteRecent', { path })
    },
  )
  return () => {
    off()
    stop()
  }
}
