import type { CaptureErrorInfo } from './capture-errors'
import type { CaptureInterface } from './interfaces'

/**
 * Messages between the parent (CLI / engine) and the capture helper process. Sent over Node's IPC
 * channel with `serialization: 'advanced'` (structured clone), so batch bytes travel as one Uint8Array.
 */
export interface CaptureStartOptions {
  device: string
  /** libpcap capture filter ('' = everything). */
  filter: string
  /** Bytes kept per packet (software cut: `cap` always asks libpcap for 65535). Default 262144. */
  snapLen?: number
  /** libpcap kernel buffer (ring) size in bytes. Default 64 MiB: immediate mode drops under bursts otherwise. */
  bufferSize?: number
  /** Where the helper writes the pcapng spool (created/truncated). */
  spoolPath: string
  /** Batch flush period (ms) and size (packets). Defaults 50 ms / 256. */
  flushMs?: number
  flushPackets?: number
  /** false: do not stream packet bytes to the parent (only stats); the spool still gets everything. */
  streamPackets?: boolean
  /** Stop by itself after this many packets (0 = no limit). */
  maxPackets?: number
}

export interface CaptureStats {
  /** Packets the helper received from libpcap (after the capture filter). */
  received: number
  /** Dropped by the kernel / libpcap, or null: `cap` does not expose pcap_stats, so we cannot tell. */
  dropped: number | null
  /** Bytes written to the spool so far. */
  spoolBytes: number
}

export type ParentToHelper =
  | { type: 'list' }
  | { type: 'start'; options: CaptureStartOptions }
  /** Compile `filter` on `device` without capturing (libpcap needs the device opened to compile). */
  | { type: 'check'; device: string; filter: string }
  | { type: 'stop' }

export type HelperToParent =
  | { type: 'ready'; pid: number; capAvailable: boolean }
  | { type: 'interfaces'; interfaces: CaptureInterface[] }
  | { type: 'checked'; linkType: number }
  | {
      type: 'started'
      device: string
      linkType: number
      snapLen: number
      /** Wall-clock anchor of the monotonic clock (µs precision, for diagnostics). */
      clockAnchorNs: string
    }
  /** `count` packet records (see batch-codec.ts); firstNumber is the 1-based number of the first. */
  | { type: 'batch'; firstNumber: number; count: number; bytes: Uint8Array; stats: CaptureStats }
  | { type: 'stopped'; stats: CaptureStats; reason: 'requested' | 'count' | 'error' }
  | { type: 'error'; error: CaptureErrorInfo; fatal: boolean }
