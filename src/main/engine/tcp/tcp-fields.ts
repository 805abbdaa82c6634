import { ackRttText } from './rel-time'
import type { TcpAnalysis, TcpIndexView } from './types'
import { analysisFlagNames, TcpPresent } from './types'

/** Field values tshark shows for a TCP row, named as in Wireshark; absent keys are not shown. */
export interface TcpFieldValues {
  'tcp.stream'?: number
  'tcp.seq'?: number
  'tcp.ack'?: number
  'tcp.len'?: number
  'tcp.nxtseq'?: number
  'tcp.window_size'?: number
  /** Text as tshark prints relative times ("0.000123000"). */
  'tcp.analysis.ack_rtt'?: string
  'tcp.analysis.initial_rtt'?: string
  'tcp.analysis.bytes_in_flight'?: number
  'tcp.analysis.acks_frame'?: number
  'tcp.analysis.duplicate_ack_num'?: number
  'tcp.analysis.duplicate_ack_frame'?: number
  /** Names of the tcp.analysis.* flag fields shown (see TCP_ANALYSIS_FLAG_NAMES). */
  'tcp.analysis.flags'?: string[]
}

/**
 * The analysis fields of `row` as tshark 4.0 shows them (what `wirelite fields` prints and the tshark
 * comparison tests check). `seglen` is the row's payloadLen. Empty object for rows without TCP.
 */
export function tcpFieldValues(
  index: TcpIndexView,
  an: TcpAnalysis,
  row: number,
  seglen: number,
): TcpFieldValues {
  const s = an.stream[row]!
  if (s < 0) return {}
  const p = an.present[row]!
  const out: TcpFieldValues = {
    'tcp.stream': s,
    'tcp.seq': an.relSeq[row]!,
    'tcp.ack': an.relAck[row]!,
  }
  if (p & TcpPresent.SEGLEN) {
    out['tcp.len'] = seglen
    out['tcp.nxtseq'] = an.nxtSeq[row]!
  }
  out['tcp.window_size'] = an.windowSize[row]!
  if (!(p & TcpPresent.ANALYSIS)) return out
  const rtt = ackRttText(index, an, row)
  if (an.acksFrame[row]) out['tcp.analysis.acks_frame'] = an.acksFrame[row]!
  if (rtt) out['tcp.analysis.ack_rtt'] = rtt
  const irRow = an.initialRttRow[s]!
  if (irRow >= 0 && row >= irRow) out['tcp.analysis.initial_rtt'] = an.initialRttText[s]!
  if (an.bytesInFlight[row]! >= 0) out['tcp.analysis.bytes_in_flight'] = an.bytesInFlight[row]!
  const flags = an.analysisFlags[row]!
  if (flags) {
    out['tcp.analysis.flags'] = analysisFlagNames(flags)
    if (an.duplicateAckNum[row]) {
      out['tcp.analysis.duplicate_ack_num'] = an.duplicateAckNum[row]!
      out['tcp.analysis.duplicate_ack_frame'] = an.duplicateAckFrame[row]!
    }
  }
  return out
}
