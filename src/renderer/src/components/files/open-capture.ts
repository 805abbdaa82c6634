import { ref } from 'vue'
import { useCaptureStore } from '../../stores/capture'
import { getRecent, removeRecent } from '../../stores/recent-files'

/*
 * One way to open a capture for the Open dialog, drag and drop, Open Recent and the command line: the
 * capture store opens it (and adds it to the recent list); a failure comes back with the engine's
 * message, and says whether the path was a recent entry (a stale one the user may remove).
 */
export type OpenOutcome = { ok: true } | { ok: false; error: string; recent: boolean }

/** The last failed open (shown by the Open dialog until the next attempt), null after a success. */
export const lastOpenError = ref<{ path: string; error: string; recent: boolean } | null>(null)

export async function openCapture(path: string): Promise<OpenOutcome> {
  const capture = useCaptureStore()
  const ok = await capture.open(path)
  if (ok) {
    lastOpenError.value = null
    return { ok: true }
  }
  const failure = {
    path,
    error: capture.error ?? `could not open ${path}`,
    recent: getRecent().includes(path),
  }
  lastOpenError.value = failure
  return { ok: false, error: failure.error, recent: failure.recent }
}

export function forgetRecent(path: string): void {
  removeRecent(path)
}
