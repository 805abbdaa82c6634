import type { MenuCommandEvent } from '../../../../shared/ipc/contract'
import type { Locale } from '../../stores/ui'

/*
 * What each native-menu command does, as store / ui actions (the same ones the in-page MenuBar runs).
 * Pure (no api, no Pinia import) so it is unit-tested; menu-commands.ts wires it to the event.
 */
export interface MenuTargets {
  capture: { close(): Promise<void> }
  ui: {
    openDialogOpen: boolean
    exportDialogOpen: boolean
    exportMode: 'saveAs' | 'specified'
    conversationsOpen: boolean
    captureDialogOpen: boolean
    toggleTheme(): void
    setLocale(l: Locale): void
  }
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
      t.ui.exportMode = 'saveAs'
      t.ui.exportDialogOpen = true
      break
    case 'export-specified':
      t.ui.exportMode = 'specified'
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
