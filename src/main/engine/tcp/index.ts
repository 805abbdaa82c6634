/**
 * Public API of the TCP analysis engine (state/, reassembly/ and the `fields` / `conv` commands build
 * on it):
 *
 *   const an = analyzeTcp(index)            // one pass over a PacketIndex (or any TcpIndexView)
 *   an.stream[row]                           // tcp.stream, -1 for rows without TCP
 *   an.relSeq / relAck / nxtSeq / windowSize // tcp.seq / tcp.ack / tcp.nxtseq / tcp.window_size
 *   an.present[row] & TcpPresent.SEGLEN      // tcp.len + tcp.nxtseq shown, seq/ack relative
 *   an.present[row] & TcpPresent.ANALYSIS    // tcp.analysis.* shown for this row
 *   analysisFlagNames(an.analysisFlags[row]) // ['retransmission', 'fast_retransmission', …] as tshark
 *   an.duplicateAckNum / duplicateAckFrame / acksFrame / bytesInFlight, ackRttText(index, an, row)
 *   an.initialRttText[stream] (shown on rows ≥ an.initialRttRow[stream] with ANALYSIS)
 *   an.conversations[stream]                 // client/server, counts, ISNs, options, end, rows
 *
 *   tcpFieldValues(index, an, row, payloadLen) // all of the above named and shown as tshark shows them
 *
 *   const inc = new IncrementalTcpAnalysis() // an index that grows (live capture):
 *   inc.advance(index)                       //   analyses the rows added since the last call only
 *   inc.analysis()                           //   = analyzeTcp over rows [0, inc.count), refreshed lazily
 *
 * Rows are 0-based (frame number - 1); frame numbers in the results (acksFrame, …) are 1-based.
 */
export { analyzeTcp, optionsThrew } from './analyze-tcp'
export { IncrementalTcpAnalysis, type IncrementalTcpOptions } from './incremental-tcp'
export { formatConversationTable, formatSize, printfFixed } from './conv-table'
export { ackRttText, formatRelTime } from './rel-time'
export { tcpFieldValues } from './tcp-fields'
export type { TcpFieldValues } from './tcp-fields'
export type {
  TcpAnalysis,
  TcpConversation,
  TcpEndReason,
  TcpIndexView,
  TcpSideOptions,
  SynOptionValues,
  TcpAnalysisFlagName,
} from './types'
export { TCP_ANALYSIS_FLAG_NAMES, TcpAnalysisFlag, TcpPresent, analysisFlagNames } from './types'
