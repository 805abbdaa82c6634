/**
 * tcp.analysis.* flag names (Wireshark's field names without the prefix), in bit order: bit i of a row's
 * analysis mask (1 << i) is TCP_ANALYSIS_FLAG_NAMES[i]. Shared by the TCP engine that sets the bits and
 * the display filters that test them.
 */
export const TCP_ANALYSIS_FLAG_NAMES = [
  'retransmission',
  'fast_retransmission',
  'spurious_retransmission',
  'out_of_order',
  'lost_segment',
  'ack_lost_segment',
  'duplicate_ack',
  'zero_window',
  'zero_window_probe',
  'zero_window_probe_ack',
  'window_update',
  'window_full',
  'keep_alive',
  'keep_alive_ack',
  'reused_ports',
] as const

export type TcpAnalysisFlagName = (typeof TCP_ANALYSIS_FLAG_NAMES)[number]
