import { createRequire } from 'node:module'
import { capMissingError, type CaptureErrorInfo } from './capture-errors'

/** The parts of `cap` 0.2.x that wirelite uses (it ships no types). */
export interface CapHandle {
  open(device: string, filter: string, bufSize: number, buffer: Buffer): string
  close(): void
  on(event: 'packet', fn: (nbytes: number, truncated: boolean) => void): void
  removeAllListeners(event?: string): void
  setMinBytes?: (n: number) => void
}

export interface CapDevice {
  name: string
  description?: string
  addresses: Array<{ addr: string; netmask?: string; broadaddr?: string; dstaddr?: string }>
  flags?: string
}

export interface CapModule {
  Cap: { new (): CapHandle; deviceList(): CapDevice[] }
}

let cached: { ok: true; cap: CapModule } | { ok: false; error: CaptureErrorInfo } | null = null

/** Loads `cap` once (it is an optional native dependency); never throws. */
export function loadCap(): { ok: true; cap: CapModule } | { ok: false; error: CaptureErrorInfo } {
  if (cached) return cached
  try {
    const req = createRequire(import.meta.url)
    // WIRELITE_CAP_MODULE: another module id for `cap` (tests use a missing one to see the message).
    cached = { ok: true, cap: req(process.env.WIRELITE_CAP_MODULE || 'cap') as CapModule }
  } catch (err) {
    cached = { ok: false, error: capMissingError(err) }
  }
  return cached
}

/**
 * `cap.open()` returns the link type as a name (or "Unknown linktype N"); map it to the LINKTYPE_*
 * number files use. DLT_RAW differs between platforms, so RAW maps to LINKTYPE_RAW (101).
 */
export function linkTypeFromCapName(name: string): number {
  switch (name) {
    case 'NULL':
      return 0
    case 'ETHERNET':
      return 1
    case 'IEEE802_11_RADIO':
      return 127
    case 'LINKTYPE_LINUX_SLL':
      return 113
    case 'RAW':
      return 101
  }
  const m = /(\d+)/.exec(name)
  return m ? Number(m[1]) : -1
}

/** `cap` fixes libpcap's snapshot length at this value (pcap_set_snaplen(…, 65535)). */
export const CAP_SNAPLEN = 65535
