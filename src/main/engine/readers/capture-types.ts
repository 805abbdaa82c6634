import type { CaptureFileInfo } from '../../../shared/model/frame'

/**
 * Why a capture stopped being readable part-way (or at the start).
 *  not-capture — the first bytes are no pcap/pcapng magic (nothing was read).
 *  corrupt     — a record/block header lies (impossible length, mismatched trailer, bad interface id …).
 *  unsupported — a well-formed file in a variant wirelite does not read (e.g. pcapng major version 2).
 */
export type CaptureReadErrorCode = 'not-capture' | 'corrupt' | 'unsupported'

export interface CaptureReadError {
  code: CaptureReadErrorCode
  /** One line, user-facing: what is wrong and where. */
  message: string
  /** Offset in the (decompressed) stream of the record/block that could not be read. */
  offset: number
  /** pcap: the captured length the refused record claimed (for libpcap-style messages). */
  claimedCapLen?: number
}

/**
 * The file ended in the middle of a record: every complete frame before it was delivered.
 * `need`/`have` count the bytes of the incomplete part the way libpcap reads it, so tcpdump's message can
 * be reproduced: pcap header part → "truncated dump file; tried to read {need} header bytes, only got
 * {have}"; pcap data part → "… tried to read {need} captured bytes, only got {have}"; pcapng (8-byte block
 * header, then the rest of the block) → "truncated pcapng dump file; tried to read {need} bytes, only got
 * {have}".
 */
export interface IncompleteTail {
  /** Stream offset where the incomplete record/block starts. */
  offset: number
  /** 'header' when even the record header is incomplete, 'data' when the header is whole but the data is not. */
  part: 'header' | 'data'
  need: number
  have: number
}

export interface ReadSummary {
  /** Frames delivered to onFrame (including the one that returned false, if any). */
  frames: number
  /** Bytes of the (decompressed) stream consumed by the parser. */
  bytes: number
  warnings: string[]
  info: CaptureFileInfo
  /** Set when reading stopped on a corrupt record; frames before it were delivered. */
  error: CaptureReadError | null
  incompleteTail: IncompleteTail | null
  /** True when onFrame returned false or the AbortSignal fired before the end of the file. */
  stoppedEarly: boolean
}
