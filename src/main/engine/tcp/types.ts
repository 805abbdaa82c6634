import type { IndexChunk } from '../../../shared/model/index-columns'
import type { CaptureStates } from './state/from-index'

/**
 * What the TCP analysis needs from the packet index. PacketIndex (src/main/engine/index) satisfies it
 * structurally; tests build it by hand from newIndexChunk().
 */
export interface TcpIndexView {
  chunks: IndexChunk[]
  count: number
  /** Options of SYN rows (row → values; -1 / false when the option was absent). */
  synOptions: RowSideTable<SynOptionValues>
  /**
   * SACK blocks per row (row → [left0, right0, left1, right1, …]), when the index records them.
   * Only used to subtract SACKed bytes from tcp.analysis.bytes_in_flight as tshark does.
   */
  sackBlocks?: RowSideTable<Uint32Array | number[]>
  /** Window-scale options (`wscale`) of rows without SYN, when the index records them. */
  nonSynWindowScale?: RowSideTable<SynOptionValues>
}

/**
 * Per-row values that only a few rows have. The index keeps them in columnar tables (get allocates the
 * value it returns); hand-built test indexes may use a Map, which satisfies this too.
 */
export interface RowSideTable<T> {
  get(row: number): T | undefined
  readonly size: number
  /**
   * The k-th row that has a value (0 ≤ k < size, increasing), when the table keeps its rows sorted: a
   * pass in row order then tests one number per row instead of a lookup (a Map leaves it out).
   */
  rowAt?(k: number): number
}

export interface SynOptionValues {
  mss: number
  wscale: number
  sackPerm: boolean
  tsVal: number
  tsEcr: number
}

export { TCP_ANALYSIS_FLAG_NAMES, type TcpAnalysisFlagName } from '../../../shared/model/tcp-analysis-flags'
import { TCP_ANALYSIS_FLAG_NAMES, type TcpAnalysisFlagName } from '../../../shared/model/tcp-analysis-flags'

export const TcpAnalysisFlag = {
  RETRANSMISSION: 1 << 0,
  FAST_RETRANSMISSION: 1 << 1,
  SPURIOUS_RETRANSMISSION: 1 << 2,
  OUT_OF_ORDER: 1 << 3,
  LOST_SEGMENT: 1 << 4,
  ACK_LOST_SEGMENT: 1 << 5,
  DUPLICATE_ACK: 1 << 6,
  ZERO_WINDOW: 1 << 7,
  ZERO_WINDOW_PROBE: 1 << 8,
  ZERO_WINDOW_PROBE_ACK: 1 << 9,
  WINDOW_UPDATE: 1 << 10,
  WINDOW_FULL: 1 << 11,
  KEEP_ALIVE: 1 << 12,
  KEEP_ALIVE_ACK: 1 << 13,
  REUSED_PORTS: 1 << 14,
} as const

/**
 * Names of the tcp.analysis.* fields tshark shows for `mask`, in TCP_ANALYSIS_FLAG_NAMES order. As in
 * tshark, a fast or spurious retransmission also shows `retransmission` (its expert info is that field).
 */
export function analysisFlagNames(mask: number): TcpAnalysisFlagName[] {
  if (mask & (TcpAnalysisFlag.FAST_RETRANSMISSION | TcpAnalysisFlag.SPURIOUS_RETRANSMISSION))
    mask |= TcpAnalysisFlag.RETRANSMISSION
  const out: TcpAnalysisFlagName[] = []
  for (let i = 0; i < TCP_ANALYSIS_FLAG_NAMES.length; i++)
    if (mask & (1 << i)) out.push(TCP_ANALYSIS_FLAG_NAMES[i]!)
  return out
}

/** Bits of TcpAnalysis.present (which per-row values tshark would show). */
export const TcpPresent = {
  /** tcp.len / tcp.nxtseq are known and seq/ack are relative (tshark: th_have_seglen). */
  SEGLEN: 1,
  /**
   * tshark shows a "SEQ/ACK analysis" subtree for the row (its tcp_acked struct exists and the header
   * was captured whole). tcp.analysis.* values (flags, ack_rtt, bytes_in_flight, …) are shown only then.
   */
  ANALYSIS: 2,
  /**
   * tshark's dissection of this row's TCP options throws (the capture ends inside the header): no
   * tcp.analysis.* is shown and tshark's conversation table does not count the frame.
   */
  OPTIONS_THREW: 4,
} as const

/** One side's options from its SYN (or SYN/ACK). -1 / false when not seen. */
export interface TcpSideOptions {
  /** Whether a SYN (client) or SYN/ACK (server) of this side was captured. */
  synSeen: boolean
  mss: number
  /** Window scale shift as offered (-1 none). */
  wscale: number
  sackPermitted: boolean
  timestamps: boolean
}

export type TcpEndReason =
  | 'fin-both' // both sides sent FIN
  | 'fin-client' // only the client sent FIN
  | 'fin-server' // only the server sent FIN
  | 'rst-client' // the last RST came from the client
  | 'rst-server'
  | 'open' // no FIN/RST seen

export interface TcpConversation {
  /** tcp.stream */
  stream: number
  clientAddr: number
  clientPort: number
  serverAddr: number
  serverPort: number
  /** true when no SYN from either side was captured: the first packet's source is taken as client. */
  clientAssumed: boolean
  /** Whether the stream's first counted packet came from the client (tshark's table lists that source first). */
  firstSourceIsClient: boolean
  /** The first captured packet is not the client's SYN (the connection started before the capture). */
  startedBeforeCapture: boolean
  /**
   * Packets / frame bytes (origLen) per direction, as tshark's conversation table counts them: frames
   * whose TCP options tshark cannot dissect (TcpPresent.OPTIONS_THREW) are left out.
   */
  packetsClientToServer: number
  packetsServerToClient: number
  bytesClientToServer: number
  bytesServerToClient: number
  /** TCP payload bytes per direction (sum of tcp.len, retransmissions included). */
  payloadClientToServer: number
  payloadServerToClient: number
  /** First / last frame time (epoch seconds, float) and duration in seconds. */
  startTime: number
  endTime: number
  duration: number
  /** Rows of the earliest / latest timestamp (for exact time arithmetic). */
  startRow: number
  endRow: number
  /** Initial sequence numbers (raw) of client / server, or -1 when that side's SYN was not seen. */
  clientIsn: number
  serverIsn: number
  client: TcpSideOptions
  server: TcpSideOptions
  /** Negotiated: window scaling only when both offered it; SACK / timestamps likewise. */
  windowScaling: boolean
  sackPermitted: boolean
  timestamps: boolean
  /** tcp.analysis.initial_rtt in seconds, NaN when unknown. */
  initialRtt: number
  endReason: TcpEndReason
  /** Frames (1-based) of the first FIN from client / server, RST frame; 0 when none. */
  clientFinFrame: number
  serverFinFrame: number
  rstFrame: number
  /** Rows (0-based, frame - 1) of this stream in capture order. */
  rows: Uint32Array
}

export interface TcpAnalysis {
  /** Rows analysed (= index.count). */
  count: number
  /** row → tcp.stream, -1 for rows without TCP. */
  stream: Int32Array
  /** Relative tcp.seq (raw when SEGLEN is not present, like tshark). */
  relSeq: Uint32Array
  /** tcp.ack as tshark shows it: relative when the ACK flag is set and SEGLEN present, else raw. */
  relAck: Uint32Array
  /** tcp.nxtseq (relative; includes SYN/FIN); meaningful only when SEGLEN is present. */
  nxtSeq: Uint32Array
  /** tcp.window_size: the window scaled by the sender's shift when known (SYN rows never scaled). */
  windowSize: Uint32Array
  /** tcp.window_size_scalefactor: 2^shift, -1 unknown, -2 no scaling; 0 for SYN rows (not shown). */
  windowScaleFactor: Int32Array
  /** TcpPresent bits. */
  present: Uint8Array
  /** TcpAnalysisFlag bits. */
  analysisFlags: Uint32Array
  /** tcp.analysis.duplicate_ack_num (0 none) and duplicate_ack_frame (1-based frame, 0 none). */
  duplicateAckNum: Uint32Array
  duplicateAckFrame: Uint32Array
  /** tcp.analysis.acks_frame (0 none). */
  acksFrame: Uint32Array
  /** tcp.analysis.ack_rtt in seconds, NaN none. */
  ackRtt: Float64Array
  /** tcp.analysis.bytes_in_flight, -1 none. */
  bytesInFlight: Int32Array
  /** Per stream: tcp.analysis.initial_rtt (seconds, NaN unknown) and the row from which tshark shows it. */
  initialRtt: Float64Array
  initialRttRow: Int32Array
  /** Per stream: tcp.analysis.initial_rtt exactly as tshark prints it ('' unknown). */
  initialRttText: string[]
  conversations: TcpConversation[]
  /**
   * Endpoint states of every row, when analyzeTcp was asked for them (`states: true`): computed in the
   * same pass; computeCaptureStates(index, analysis) then returns this object.
   */
  captureStates?: CaptureStates
}
