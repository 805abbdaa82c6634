import type { MessageKey } from './catalog-en'

/**
 * Why an endpoint's state changed on a packet (or a note on a packet that did not change it, such as a
 * retransmitted SYN). Stored per packet and side as a Uint8Array code; REASON_KEYS maps it to the
 * message catalogue. 0 = nothing to say.
 */
export const StateReason = {
  NONE: 0,
  SEND_SYN: 1,
  RCV_SYN: 2,
  SIM_OPEN: 3,
  SEND_SYNACK_UNSEEN_SYN: 4,
  RCV_SYNACK: 5,
  RCV_ACK_OF_SYN: 6,
  SEND_ACK_UNSEEN_SYNACK: 7,
  SEND_FIN: 8,
  SEND_FIN_PASSIVE: 9,
  SIM_CLOSE_SEND: 10,
  RCV_FIN: 11,
  RCV_FIN_WAIT2: 12,
  RCV_FIN_ACK: 13,
  SIM_CLOSE_RCV: 14,
  RCV_ACK_OF_FIN: 15,
  CLOSING_ACKED: 16,
  LAST_ACK_ACKED: 17,
  SEND_RST: 18,
  RCV_RST: 19,
  REFUSED_SEND: 20,
  REFUSED_RCV: 21,
  RCV_RST_LISTEN: 22,
  RST_IGNORED: 23,
  MIDSTREAM: 24,
  RETRANS_SYN: 25,
  RETRANS_FIN: 26,
} as const

export type StateReasonCode = (typeof StateReason)[keyof typeof StateReason]

export const REASON_KEYS: readonly (MessageKey | null)[] = [
  null,
  'reason.sendSyn',
  'reason.rcvSyn',
  'reason.simOpen',
  'reason.sendSynAckUnseenSyn',
  'reason.rcvSynAck',
  'reason.rcvAckOfSyn',
  'reason.sendAckUnseenSynAck',
  'reason.sendFin',
  'reason.sendFinPassive',
  'reason.simCloseSend',
  'reason.rcvFin',
  'reason.rcvFinWait2',
  'reason.rcvFinAck',
  'reason.simCloseRcv',
  'reason.rcvAckOfFin',
  'reason.closingAcked',
  'reason.lastAckAcked',
  'reason.sendRst',
  'reason.rcvRst',
  'reason.refusedSend',
  'reason.refusedRcv',
  'reason.rcvRstListen',
  'reason.rstIgnored',
  'reason.midstream',
  'reason.retransSyn',
  'reason.retransFin',
]

/** Stable snake-case ids for JSON output (`reason` key of `wirelite states --json`). */
export const REASON_IDS: readonly string[] = Object.keys(StateReason).map((k) => k.toLowerCase())
