/**
 * File ▸ Open Recent: the last opened capture paths, newest first, kept in localStorage. A plain module
 * (not a store) so the open dialog, the menu and drag-and-drop can all call it; `recentVersion` lets a
 * menu re-read the list after a change.
 */
import { ref } from 'vue'

const KEY = 'wirelite.recentFiles'
export const MAX_RECENT = 10

/** Incremented on every change of the list. */
export const recentVersion = ref(0)

export function getRecent(): string[] {
  try {
    const raw = globalThis.localStorage?.getItem(KEY)
    const list: unknown = raw ? JSON.parse(raw) : []
    return Array.isArray(list)
      ? list.filter((p): p is string => typeof p === 'string').slice(0, MAX_RECENT)
      : []
  } catch {
    return []
  }
}

function save(list: string[]): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(list.slice(0, MAX_RECENT)))
  } catch {
    /* storage unavailable: the list just is not remembered */
  }
  recentVersion.value++
}

/** Puts `path` first (moving it up when already listed). */
export function addRecent(path: string): void {
  if (!path) return
  save([path, ...getRecent().filter((p) => p !== path)])
}

export function removeRecent(path: string): void {
  save(getRecent().filter((p) => p !== path))
}

export function clearRecent(): void {
  save([])
}
