/** Public API of the TCP analysis engine (state/ and reassembly/ build on these). */
export { analyzeTcp } from './analyze-tcp'
export { formatConversationTable } from './conv-table'
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
