import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api } from '../api'
import { useCaptureStore } from './capture'
import type {
  CaptureInterfaceInfo,
  CaptureStartResponse,
  CaptureStatusEvent,
  FileInfoSummary,
} from '../../../shared/ipc/contract'

export type CapturePhase = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped'
export type FilterCheck =
  { state: 'empty' } | { state: 'checking' } | { state: 'valid' } | { state: 'invalid'; message: string }

/** Snap length and buffer size choices of the dialog (bytes). */
export const SNAPLEN_CHOICES = [262144, 65535, 1514, 128, 96] as const
export const BUFFER_CHOICES = [16 << 20, 64 << 20, 256 << 20, 1024 << 20] as const

/**
 * Bytes of the kernel ring per packet: `cap` runs libpcap in immediate mode with a 65535-byte snap length,
 * where each packet takes a fixed slot of that size (plus its header) however small it is.
 */
const RING_SLOT_BYTES = 65535 + 96
/** About how many packets a capture buffer of `bytes` holds while the helper is busy (then the kernel drops). */
export function ringPackets(bytes: number): number {
  return Math.floor(bytes / RING_SLOT_BYTES)
}
const CHECK_DEBOUNCE_MS = 300

/** The part of useCaptureStore a live capture drives (the packet list shows the capture's file). */
type ViewStore = ReturnType<typeof useCaptureStore> & {
  adopt?: (fileId: number, info: FileInfoSummary) => void
}

/**
 * Live capture, renderer side: the interface list, the capture filter and its live check, start / stop /
 * restart, save / discard, and the counters of capture.onStatus. The capture itself is an open file of
 * the engine: its rows reach the packet list through useCaptureStore like any file's.
 */
export const useLiveCaptureStore = defineStore('liveCapture', () => {
  const interfaces = ref<CaptureInterfaceInfo[]>([])
  const interfacesLoading = ref(false)
  /** Why interfaces cannot be listed (cap missing …): capture is unavailable, the dialog says why. */
  const unavailable = ref<string | null>(null)
  const iface = ref('')
  const filter = ref('')
  const snaplen = ref<number>(SNAPLEN_CHOICES[0])
  const bufferSize = ref<number>(BUFFER_CHOICES[1])
  const check = ref<FilterCheck>({ state: 'empty' })
  const phase = ref<CapturePhase>('idle')
  const fileId = ref<number | null>(null)
  const spoolPath = ref<string | null>(null)
  const status = ref<CaptureStatusEvent | null>(null)
  /** Packets per second over the last status interval. */
  const rate = ref(0)
  /** Last failed action (start, save …), shown in the dialog / capture bar. */
  const error = ref<string | null>(null)
  const saving = ref(false)
  const savedPath = ref<string | null>(null)

  const running = computed(() => phase.value === 'running' || phase.value === 'stopping')
  /** A capture exists (running or stopped, not yet discarded): the capture bar shows. */
  const active = computed(() => fileId.value !== null)

  let checkTimer: ReturnType<typeof setTimeout> | null = null
  let checkSeq = 0
  let prev: { packets: number; t: number } | null = null

  api.on('capture.onStatus', (ev) => {
    if (ev.fileId !== fileId.value) return
    const now = performance.now()
    if (prev && now > prev.t && ev.running) {
      const r = ((ev.packets - prev.packets) * 1000) / (now - prev.t)
      if (now - prev.t >= 200) {
        rate.value = Math.max(0, Math.round(r))
        prev = { packets: ev.packets, t: now }
      }
    } else prev = { packets: ev.packets, t: now }
    if (!ev.running) rate.value = 0
    status.value = ev
    if (!ev.running && phase.value === 'running') phase.value = 'stopped'
    if (ev.error) error.value = ev.error.message
    // The display filter's row count moves while capturing: the list refetches on viewVersion.
    const view = useCaptureStore()
    if (view.fileId === ev.fileId) {
      if (view.total < ev.packets) view.total = ev.packets
      if (view.displayed !== ev.displayed) {
        view.displayed = ev.displayed
        view.viewVersion++
      }
    }
  })

  async function loadInterfaces(): Promise<void> {
    interfacesLoading.value = true
    const r = await api.invoke('capture.interfaces', undefined)
    interfacesLoading.value = false
    if (!r.ok) {
      unavailable.value = r.error
      interfaces.value = []
      return
    }
    unavailable.value = null
    interfaces.value = r.value
    if (!r.value.some((i) => i.name === iface.value)) iface.value = r.value[0]?.name ?? ''
    scheduleCheck()
  }

  /** Validates the capture filter for the chosen interface (libpcap compiles it), debounced. */
  function scheduleCheck(): void {
    if (checkTimer) clearTimeout(checkTimer)
    const seq = ++checkSeq
    if (filter.value.trim() === '') {
      check.value = { state: 'empty' }
      return
    }
    check.value = { state: 'checking' }
    checkTimer = setTimeout(async () => {
      if (!iface.value) return
      const r = await api.invoke('capture.check', { iface: iface.value, filter: filter.value })
      if (seq !== checkSeq) return
      if (!r.ok) check.value = { state: 'invalid', message: r.error }
      else if (r.value.valid) check.value = { state: 'valid' }
      else check.value = { state: 'invalid', message: r.value.message }
    }, CHECK_DEBOUNCE_MS)
  }

  function setFilter(text: string): void {
    filter.value = text
    scheduleCheck()
  }

  function setIface(name: string): void {
    iface.value = name
    scheduleCheck()
  }

  /** Shows the capture's file in the packet list (the list follows the newest row). */
  function showInView(res: CaptureStartResponse): void {
    const view = useCaptureStore() as ViewStore
    if (typeof view.adopt === 'function') view.adopt(res.fileId, res.info)
    else {
      view.fileId = res.fileId
      view.info = res.info
    }
    view.followTail = true
  }

  function began(res: CaptureStartResponse): void {
    // Synchronously after the answer: the capture's first events come after it.
    fileId.value = res.fileId
    spoolPath.value = res.spoolPath
    showInView(res)
    status.value = null
    prev = null
    rate.value = 0
    savedPath.value = null
    phase.value = 'running'
  }

  async function start(): Promise<boolean> {
    if (phase.value === 'starting' || running.value) return false
    error.value = null
    // The file shown now (a previous capture, or an opened file) makes room for the capture.
    if (fileId.value !== null) await discard()
    await useCaptureStore().close()
    phase.value = 'starting'
    const r = await api.invoke('capture.start', {
      iface: iface.value,
      filter: filter.value,
      snaplen: snaplen.value,
      bufferSize: bufferSize.value,
    })
    if (!r.ok) {
      phase.value = 'idle'
      error.value = r.error
      return false
    }
    began(r.value)
    return true
  }

  async function stop(): Promise<boolean> {
    if (fileId.value === null || !running.value) return false
    phase.value = 'stopping'
    const r = await api.invoke('capture.stop', { fileId: fileId.value })
    phase.value = 'stopped'
    if (!r.ok) {
      error.value = r.error
      return false
    }
    status.value = r.value
    rate.value = 0
    return true
  }

  async function restart(): Promise<boolean> {
    if (fileId.value === null) return start()
    error.value = null
    const old = fileId.value
    await useCaptureStore().close()
    phase.value = 'starting'
    const r = await api.invoke('capture.restart', { fileId: old })
    if (!r.ok) {
      fileId.value = null
      phase.value = 'idle'
      error.value = r.error
      return false
    }
    began(r.value)
    return true
  }

  async function save(path: string, format: 'pcap' | 'pcapng'): Promise<boolean> {
    if (fileId.value === null) return false
    saving.value = true
    error.value = null
    const r = await api.invoke('capture.save', { fileId: fileId.value, path, format })
    saving.value = false
    if (!r.ok) {
      error.value = r.error
      return false
    }
    phase.value = 'stopped'
    savedPath.value = r.value.path
    return true
  }

  /** Stops if needed, closes the capture's file and deletes its spool. */
  async function discard(): Promise<void> {
    const id = fileId.value
    if (id === null) return
    const view = useCaptureStore()
    if (view.fileId === id) await view.close()
    await api.invoke('capture.discard', { fileId: id })
    fileId.value = null
    spoolPath.value = null
    status.value = null
    savedPath.value = null
    phase.value = 'idle'
    rate.value = 0
  }

  /** Forget a saved capture without deleting anything shown (the view keeps the file until closed). */
  function dismiss(): void {
    error.value = null
  }

  return {
    interfaces,
    interfacesLoading,
    unavailable,
    iface,
    filter,
    snaplen,
    bufferSize,
    check,
    phase,
    fileId,
    spoolPath,
    status,
    rate,
    error,
    saving,
    savedPath,
    running,
    active,
    loadInterfaces,
    setFilter,
    setIface,
    start,
    stop,
    restart,
    save,
    discard,
    dismiss,
  }
})
