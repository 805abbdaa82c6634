import { watch } from 'vue'
import type { MenuCommandEvent } from '../../../../shared/ipc/contract'
import { api, runtimeMode } from '../../api'
import { useCaptureStore } from '../../stores/capture'
import { useUiStore } from '../../stores/ui'
import { exportPreset } from './export-preset'
import { openCapture } from './open-capture'

/*
 * Electron's native menu sends `menu.onCommand`; this maps each command to the same store / ui action
 * the in-page MenuBar runs, so both menus share one behaviour. Installed once by DropZone.vue (always
 * mounted). Also, in Electron: the capture named on the command line is opened at start, and every
 * opened capture is reported to main for the OS recent documents and the native Open Recent menu.
 */
export interface MenuTargets {
  capture: Pick<ReturnType<typeof useCaptureStore>, 'close'>
  ui: Pick<
    ReturnType<typeof useUiStore>,
    | 'openDialogOpen'
    | 'exportDialogOpen'
    | 'conversationsOpen'
    | 'captureDialogOpen'
    | 'toggleTheme'
    | 'setLocale'
  >
  open: (path: string) => Promise<unknown>
}

export function runMenuCommand(cmd: MenuCommandEvent, t: MenuTargets): void {
  switch (cmd.command) {
    case 'open':
      t.ui.openDialogOpen = true
      break
    case 'open-path':
      if (cmd.path) void t.open(cmd.path)
      break
    case 'close':
      void t.capture.close()
      break
    case 'save-as':
      exportPreset.value = 'all'
      t.ui.exportDialogOpen = true
      break
    case 'export-specified':
      exportPreset.value = 'displayed'
      t.ui.exportDialogOpen = true
      break
    case 'conversations':
      t.ui.conversationsOpen = true
      break
    case 'capture':
      t.ui.captureDialogOpen = true
      break
    case 'toggle-theme':
      t.ui.toggleTheme()
      break
    case 'locale-en':
      t.ui.setLocale('en')
      break
    case 'locale-zh-CN':
      t.ui.setLocale('zh-CN')
      break
  }
}

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
  const off = api.on('menu.onCommand', (cmd) => runMenuCommand(cmd, targets))
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
