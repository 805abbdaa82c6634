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
}

/**
 * The file ended in the middle of a record: every complete frame before it was delivered.
 * `need` is the number of bytes the record (or its header) required, `have` how many were present
 * (the numbers libpcap prints in "truncated dump file; tried to read N … bytes, only got M").
 */
export interface IncompleteTail {
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
