/** Public API of the TCP analysis engine (state/ and reassembly/ build on these). */
export { analyzeTcp } from './analyze-tcp'
export { formatConversationTable, formatSize, printfFixed } from './conv-table'
export { ackRttText, formatRelTime } from './rel-time'
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
