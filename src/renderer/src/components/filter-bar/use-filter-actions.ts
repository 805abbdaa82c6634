import { ref } from 'vue'
import { useCaptureStore } from '../../stores/capture'
import { FilterHistory, SavedFilters, type KeyValueStorage, type SavedFilter } from './filter-history'

/**
 * Applying a display filter from anywhere in the UI (the bar, "Apply as filter" in the details tree,
 * a double-click in the conversations table) goes through here so every applied filter lands in the
 * one history the bar's ↑/↓ and dropdown show.
 */

function storage(): KeyValueStorage | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}

let history: FilterHistory | null = null
let saved: SavedFilters | null = null
// Reactive copies of the lists (the classes are plain objects that persist themselves).
const historyList = ref<readonly string[]>([])
const savedList = ref<readonly SavedFilter[]>([])

function init(): void {
  if (history) return
  history = new FilterHistory(storage())
  saved = new SavedFilters(storage())
  historyList.value = [...history.list()]
  savedList.value = [...saved.list()]
}

export function useFilterActions() {
  init()
  const capture = useCaptureStore()

  /** Applies `text` (empty = show all); a filter that was applied goes to the front of the history. */
  async function applyDisplayFilter(text: string): Promise<boolean> {
    const ok = await capture.applyFilter(text.trim())
    if (ok && text.trim() !== '') {
      history!.add(text)
      historyList.value = [...history!.list()]
    }
    return ok
  }

  function saveFilter(name: string, text: string): boolean {
    const ok = saved!.save(name, text)
    savedList.value = [...saved!.list()]
    return ok
  }

  function removeSaved(name: string): void {
    saved!.remove(name)
    savedList.value = [...saved!.list()]
  }

  function clearHistory(): void {
    history!.clear()
    historyList.value = []
  }

  return { historyList, savedList, applyDisplayFilter, saveFilter, removeSaved, clearHistory }
}
