/**
 * Display-filter history and saved filters, persisted in localStorage. Pure logic over a tiny storage
 * interface so it runs (and is tested) without a DOM; bad or foreign JSON in storage is ignored, never
 * thrown, because a corrupt preference must not break the filter bar.
 */

/** The part of `Storage` we use (window.localStorage in the app, a Map in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

export const HISTORY_KEY = 'wirelite.filter.history'
export const SAVED_KEY = 'wirelite.filter.saved'
export const HISTORY_LIMIT = 50

function readJson(storage: KeyValueStorage | null, key: string): unknown {
  if (!storage) return undefined
  try {
    const raw = storage.getItem(key)
    return raw === null ? undefined : (JSON.parse(raw) as unknown)
  } catch {
    return undefined
  }
}

function writeJson(storage: KeyValueStorage | null, key: string, value: unknown): void {
  try {
    storage?.setItem(key, JSON.stringify(value))
  } catch {
    // Quota or privacy mode: the history simply does not survive a reload.
  }
}

/** Applied filters, newest first, deduplicated, at most {@link HISTORY_LIMIT}. */
export class FilterHistory {
  private items: string[]

  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly limit = HISTORY_LIMIT,
    private readonly key = HISTORY_KEY,
  ) {
    const raw = readJson(storage, key)
    this.items = Array.isArray(raw)
      ? [...new Set(raw.filter((x): x is string => typeof x === 'string' && x.trim() !== ''))].slice(0, limit)
      : []
  }

  /** Newest first. */
  list(): readonly string[] {
    return this.items
  }

  /** Remember an applied filter (moved to the front if already there). Empty text is not history. */
  add(text: string): void {
    const t = text.trim()
    if (t === '') return
    this.items = [t, ...this.items.filter((x) => x !== t)].slice(0, this.limit)
    writeJson(this.storage, this.key, this.items)
  }

  clear(): void {
    this.items = []
    writeJson(this.storage, this.key, this.items)
  }
}

/**
 * ↑/↓ through the history like a shell: position -1 is the text being typed (the draft), 0 the newest
 * entry. Returns the new position and the text to show.
 */
export function stepHistory(
  items: readonly string[],
  position: number,
  draft: string,
  direction: 'older' | 'newer',
): { position: number; text: string } {
  let p = direction === 'older' ? position + 1 : position - 1
  if (p >= items.length) p = items.length - 1
  if (p < -1) p = -1
  return { position: p, text: p === -1 ? draft : items[p]! }
}

export interface SavedFilter {
  name: string
  text: string
  /** Set on the built-in defaults: the UI shows a translated name for them. */
  builtin?: string
}

/** Shown until the user changes the list (then the user's list, even an empty one, is kept). */
export const DEFAULT_SAVED_FILTERS: readonly SavedFilter[] = [
  { name: 'Connection attempts (SYN)', text: 'tcp.flags.syn==1 && tcp.flags.ack==0', builtin: 'syn' },
  { name: 'TCP problems', text: 'tcp.analysis.flags', builtin: 'analysis' },
  { name: 'First TCP stream', text: 'tcp.stream == 0', builtin: 'stream0' },
  { name: 'Everything but TCP', text: '!tcp', builtin: 'notTcp' },
]

/** Named filters (the bookmark button). Names are unique: saving an existing name replaces it. */
export class SavedFilters {
  private items: SavedFilter[]

  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly key = SAVED_KEY,
  ) {
    const raw = readJson(storage, key)
    this.items = Array.isArray(raw)
      ? raw
          .filter(
            (x): x is SavedFilter =>
              typeof x === 'object' &&
              x !== null &&
              typeof (x as SavedFilter).name === 'string' &&
              typeof (x as SavedFilter).text === 'string',
          )
          .map((x) => ({ ...x, name: x.name.trim(), text: x.text.trim() }))
          .filter((x) => x.name !== '' && x.text !== '')
      : DEFAULT_SAVED_FILTERS.map((f) => ({ ...f }))
  }

  list(): readonly SavedFilter[] {
    return this.items
  }

  /** Save (or replace by name). Returns false for an empty name or filter. */
  save(name: string, text: string): boolean {
    const n = name.trim()
    const t = text.trim()
    if (n === '' || t === '') return false
    const i = this.items.findIndex((f) => f.name === n)
    // A user's save under a built-in's name is the user's own filter from then on.
    if (i >= 0) this.items[i] = { name: n, text: t }
    else this.items.push({ name: n, text: t })
    this.persist()
    return true
  }

  remove(name: string): void {
    this.items = this.items.filter((f) => f.name !== name)
    this.persist()
  }

  private persist(): void {
    writeJson(this.storage, this.key, this.items)
  }
}
