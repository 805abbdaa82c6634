import { ref } from 'vue'
import type { ExportSaveRequest } from '../../../../shared/ipc/contract'

/**
 * Which packets the Export dialog starts with: File ▸ Save As = all, Export Specified Packets =
 * the displayed ones. Set by whoever opens the dialog (menu-commands.ts, the in-page MenuBar).
 */
export const exportPreset = ref<ExportSaveRequest['which']>('displayed')
