import { readFileSync, writeFileSync } from 'node:fs'

/*
 * Main's list of recently opened captures, for the native File ▸ Open Recent menu (the renderer keeps
 * its own list for the in-page menu). Persisted as JSON under userData; also handed to the OS through
 * app.addRecentDocument (macOS dock / Windows jump list). Bad or missing JSON = an empty list.
 */
export const MAX_RECENT = 10

export interface RecentFiles {
  list(): string[]
  add(path: string): void
  clear(): void
}

export function createRecentFiles(opts: {
  file: string
  addRecentDocument: (path: string) => void
  clearRecentDocuments: () => void
  changed: () => void
}): RecentFiles {
  let items: string[] = []
  try {
    const raw = JSON.parse(readFileSync(opts.file, 'utf8')) as unknown
    if (Array.isArray(raw)) items = raw.filter((x): x is string => typeof x === 'string').slice(0, MAX_RECENT)
  } catch {
    items = []
  }
  const save = (): void => {
    try {
      writeFileSync(opts.file, JSON.stringify(items))
    } catch {
      // a read-only profile only loses the list across restarts
    }
    opts.changed()
  }
  return {
    list: () => [...items],
    add(path) {
      items = [path, ...items.filter((p) => p !== path)].slice(0, MAX_RECENT)
      opts.addRecentDocument(path)
      save()
    },
    clear() {
      items = []
      opts.clearRecentDocuments()
      save()
    },
  }
}
