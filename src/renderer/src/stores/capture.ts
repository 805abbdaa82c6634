import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { api } from '../api'
import { addRecent } from './recent-files'
import type {
  FileInfoSummary,
  FileProgressEvent,
  FrameDetails,
  SortColumn,
  TimeFormat,
} from '../../../shared/ipc/contract'
import { readPref, writePref } from './prefs'

export type ByteRange = { start: number; end: number }
export type FilterError = { message: string; start: number; end: number }

/** performance.mark names: the GUI benchmark (scripts/bench/sections/gui.mjs) reads these. */
export const MARK_OPEN = 'wl-open-start'
export const MARK_INDEXED = 'wl-indexed'
/** Set by the packet list once the first rows of an opened file are on screen. */
export const MARK_FIRST_ROWS = 'wl-first-rows'
/** The engine answered file.open (the header was read). */
export const MARK_OPENED = 'wl-opened'

// View preferences remembered across sessions, like Wireshark's (time format, seq numbers).
const TIME_KEY = 'wirelite.timeFormat'
const SEQ_KEY = 'wirelite.seq'
const TIME_FORMAT_NAMES: readonly TimeFormat[] = [
  'sinceStart',
  'sincePrevious',
  'sincePreviousDisplayed',
  'absolute',
  'epoch',
]

function savedTimeFormat(): TimeFormat {
  const v = readPref(TIME_KEY)
  return (TIME_FORMAT_NAMES as readonly string[]).includes(v ?? '') ? (v as TimeFormat) : 'sinceStart'
}

/**
 * The open capture as the renderer sees it: counts, the applied filter and sort, the selection and its
 * details. Row texts are NOT kept here (the packet list asks the engine for the visible window only);
 * `viewVersion` tells every list that the displayed rows changed and cached texts are stale.
 */
export const useCaptureStore = defineStore('capture', () => {
  const fileId = ref<number | null>(null)
  const info = ref<FileInfoSummary | null>(null)
  /** True while the engine is still indexing (rows keep arriving). */
  const loading = ref(false)
  const progress = ref<FileProgressEvent | null>(null)
  /** Rows indexed so far, and rows shown by the current filter. */
  const total = ref(0)
  const displayed = ref(0)
  const filterText = ref('')
  const filterError = ref<FilterError | null>(null)
  /** Engine time of the last applied filter (ms). */
  const filterElapsedMs = ref<number | null>(null)
  /** 1-based frame.number of the selected packet, and its position in the displayed view when known. */
  const selectedFrame = ref<number | null>(null)
  const selectedPos = ref<number | null>(null)
  const details = ref<FrameDetails | null>(null)
  const highlight = ref<ByteRange | null>(null)
  const timeFormat = ref<TimeFormat>(savedTimeFormat())
  const absoluteSeq = ref(readPref(SEQ_KEY) === 'absolute')
  const sort = ref<{ column: SortColumn; descending: boolean }>({ column: 'no', descending: false })
  /** Last failed action, for the status bar (dismissable). */
  const error = ref<string | null>(null)
  const viewVersion = ref(0)
  /** Open → fully indexed, measured in the renderer (ms). */
  const loadMs = ref<number | null>(null)
  /** A request to the packet list to bring a displayed position into view (`seq` makes repeats fire). */
  const scrollRequest = ref<{ pos: number; seq: number } | null>(null)
  /**
   * The list keeps the last row in view while rows arrive (set when the user scrolls to the end, cleared
   * when they scroll away; a live capture sets it when it starts).
   */
  const followTail = ref(false)

  // Events can arrive before the file.open answer tells us the id: remember counts by id meanwhile.
  let opening = false
  /** Cancel was pressed before the open answer arrived: send it as soon as the id is known. */
  let cancelWanted = false
  const early = new Map<number, { rows: number; progress: FileProgressEvent | null }>()
  let openSeq = 0
  /** When the file was opened; null for a live capture adopted from its start (no load to time). */
  let openT0: number | null = 0
  /** The displayed rows (0-based) of the current view, fetched on demand for go-to; per viewVersion. */
  let displayedRows: { version: number; rows: Uint32Array } | null = null
  let scrollSeq = 0

  function bump(): void {
    viewVersion.value++
    displayedRows = null
  }

  /** Rows [0, n) are indexed: grow the counts (the unfiltered, unsorted view shows them at once). */
  function grow(n: number): void {
    if (n <= total.value) return
    total.value = n
    if (filterText.value === '' && sort.value.column === 'no' && !sort.value.descending) displayed.value = n
    bump()
  }

  function onProgress(ev: FileProgressEvent): void {
    progress.value = ev
    grow(ev.rows)
    if (!ev.done) return
    loading.value = false
    // A live capture's rows end when it stops: its duration is not a load time.
    if (openT0 !== null) loadMs.value = Math.round(performance.now() - openT0)
    performance.mark(MARK_INDEXED)
    if (ev.error) error.value = ev.error
    // The TCP analysis is ready now: stream numbers and relative seq/ack change the row texts.
    bump()
  }

  api.on('file.onRows', (ev) => {
    if (ev.fileId === fileId.value) grow(ev.firstRow + ev.count)
    else if (opening) {
      const e = early.get(ev.fileId) ?? { rows: 0, progress: null }
      e.rows = Math.max(e.rows, ev.firstRow + ev.count)
      early.set(ev.fileId, e)
    }
  })
  api.on('file.onProgress', (ev) => {
    if (ev.fileId === fileId.value) onProgress(ev)
    else if (opening) {
      const e = early.get(ev.fileId) ?? { rows: 0, progress: null }
      e.progress = ev
      early.set(ev.fileId, e)
    }
  })

  function reset(): void {
    fileId.value = null
    info.value = null
    loading.value = false
    progress.value = null
    total.value = 0
    displayed.value = 0
    filterText.value = ''
    filterError.value = null
    filterElapsedMs.value = null
    selectedFrame.value = null
    selectedPos.value = null
    details.value = null
    highlight.value = null
    sort.value = { column: 'no', descending: false }
    loadMs.value = null
    scrollRequest.value = null
    followTail.value = false
    bump()
  }

  async function open(path: string): Promise<boolean> {
    if (fileId.value !== null) await close()
    reset()
    error.value = null
    const seq = ++openSeq
    loading.value = true
    opening = true
    cancelWanted = false
    early.clear()
    openT0 = performance.now()
    performance.clearMarks(MARK_OPEN)
    performance.clearMarks(MARK_INDEXED)
    performance.clearMarks(MARK_FIRST_ROWS)
    performance.clearMarks(MARK_OPENED)
    performance.mark(MARK_OPEN)
    const r = await api.invoke('file.open', { path })
    if (seq !== openSeq) {
      // Another open (or a close) won the race: forget this file.
      if (r.ok) void api.invoke('file.close', { fileId: r.value.fileId })
      return false
    }
    opening = false
    performance.mark(MARK_OPENED)
    if (!r.ok) {
      early.clear()
      loading.value = false
      error.value = r.error
      return false
    }
    fileId.value = r.value.fileId
    info.value = r.value.info
    addRecent(r.value.info.path)
    const e = early.get(r.value.fileId)
    early.clear()
    if (e) {
      grow(e.rows)
      if (e.progress) onProgress(e.progress)
    }
    if (cancelWanted && loading.value) void cancel()
    return true
  }

  /**
   * Shows a file the engine opened some other way (a live capture, stores/live-capture.ts) in the list:
   * its rows then arrive as file.onRows like any file's. Not `loading` (no progress bar, no Cancel: the
   * capture has its own Stop), so new rows refresh the visible texts as they come.
   */
  function adopt(id: number, summary: FileInfoSummary): void {
    openSeq++
    opening = false
    reset()
    error.value = null
    fileId.value = id
    info.value = summary
    openT0 = null
    bump()
  }

  async function close(): Promise<void> {
    openSeq++
    opening = false
    const id = fileId.value
    reset()
    if (id !== null) {
      const r = await api.invoke('file.close', { fileId: id })
      if (!r.ok && r.detail?.code !== 'no-such-file') error.value = r.error
    }
  }

  async function cancel(): Promise<void> {
    if (!loading.value) return
    if (fileId.value === null) {
      cancelWanted = opening
      return
    }
    performance.mark('wl-cancel')
    const r = await api.invoke('file.cancel', { fileId: fileId.value })
    performance.mark('wl-cancel-answered')
    if (!r.ok) error.value = r.error
  }

  /** Applies a display filter; false (and filterError for a bad one) when it was not applied. */
  async function applyFilter(text: string): Promise<boolean> {
    if (fileId.value === null) return false
    const r = await api.invoke('filter.apply', { fileId: fileId.value, text })
    if (!r.ok) {
      if (r.detail?.code === 'cancelled') return false // a newer filter replaced this one
      filterError.value = {
        message: r.error,
        start: r.detail?.start ?? 0,
        end: r.detail?.end ?? text.length,
      }
      if (r.detail?.code !== 'bad-filter') error.value = r.error
      return false
    }
    filterText.value = text.trim() === '' ? '' : text
    filterError.value = null
    filterElapsedMs.value = r.value.elapsedMs
    displayed.value = r.value.count
    selectedPos.value = null
    bump()
    return true
  }

  async function setSort(column: SortColumn, descending: boolean): Promise<boolean> {
    if (fileId.value === null) return false
    const r = await api.invoke('view.sort', { fileId: fileId.value, column, descending })
    if (!r.ok) {
      error.value = r.error
      return false
    }
    sort.value = { column, descending }
    displayed.value = r.value.count
    selectedPos.value = null
    bump()
    return true
  }

  /** Position of a frame in the displayed view, or null when the filter hides it. */
  async function positionOf(frame: number): Promise<number | null> {
    if (fileId.value === null || frame < 1 || frame > total.value) return null
    const plain = filterText.value === '' && sort.value.column === 'no' && !sort.value.descending
    if (plain) return frame - 1
    if (!displayedRows || displayedRows.version !== viewVersion.value) {
      const version = viewVersion.value
      const r = await api.invoke('filter.rows', { fileId: fileId.value })
      if (!r.ok) {
        error.value = r.error
        return null
      }
      displayedRows = { version, rows: new Uint32Array(r.value.rows) }
    }
    const pos = displayedRows.rows.indexOf(frame - 1)
    return pos < 0 ? null : pos
  }

  let detailsSeq = 0
  watch(selectedFrame, async (frame) => {
    const seq = ++detailsSeq
    highlight.value = null
    if (frame === null || fileId.value === null) {
      details.value = null
      return
    }
    const r = await api.invoke('frame.details', { fileId: fileId.value, frame })
    if (seq !== detailsSeq) return
    if (r.ok) details.value = r.value
    else {
      details.value = null
      error.value = r.error
    }
  })

  /** Selects a packet (null = none); `pos` is its displayed position when the caller knows it. */
  function select(frame: number | null, pos: number | null = null): void {
    selectedFrame.value = frame
    selectedPos.value = frame === null ? null : pos
  }

  /** Selects a frame and asks the list to scroll to it; false when it does not exist or is not displayed. */
  async function goToFrame(frame: number): Promise<boolean> {
    const pos = await positionOf(frame)
    if (pos === null) return false
    select(frame, pos)
    scrollToPos(pos)
    return true
  }

  /** Selects the packet at a displayed position (Go ▸ First / Last) and scrolls to it. */
  async function selectPosition(pos: number): Promise<boolean> {
    if (fileId.value === null || pos < 0 || pos >= displayed.value) return false
    const r = await api.invoke('file.rows', { fileId: fileId.value, view: 'displayed', start: pos, count: 1 })
    const row = r.ok ? r.value.rows[0] : undefined
    if (!row) return false
    select(row.no, pos)
    scrollToPos(pos)
    return true
  }

  function scrollToPos(pos: number): void {
    scrollRequest.value = { pos, seq: ++scrollSeq }
  }

  function setHighlight(range: ByteRange | null): void {
    highlight.value = range
  }

  function setTimeFormat(f: TimeFormat): void {
    timeFormat.value = f
    writePref(TIME_KEY, f)
  }

  function setAbsoluteSeq(on: boolean): void {
    if (absoluteSeq.value === on) return
    absoluteSeq.value = on
    writePref(SEQ_KEY, on ? 'absolute' : 'relative')
    bump() // Info texts change
  }

  function dismissError(): void {
    error.value = null
  }

  return {
    fileId,
    info,
    loading,
    progress,
    total,
    displayed,
    filterText,
    filterError,
    filterElapsedMs,
    selectedFrame,
    selectedPos,
    details,
    highlight,
    timeFormat,
    absoluteSeq,
    sort,
    error,
    viewVersion,
    loadMs,
    scrollRequest,
    followTail,
    open,
    adopt,
    close,
    cancel,
    applyFilter,
    setSort,
    positionOf,
    select,
    goToFrame,
    selectPosition,
    scrollToPos,
    setHighlight,
    setTimeFormat,
    setAbsoluteSeq,
    dismissError,
  }
})
