/**
 * Preferences remembered across sessions in localStorage (theme, language, time format, seq mode).
 * localStorage can throw (disabled storage, opaque origin): a preference then simply is not remembered.
 */
export function readPref(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null
  } catch {
    return null
  }
}

export function writePref(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value)
  } catch {
    /* not remembered */
  }
}
