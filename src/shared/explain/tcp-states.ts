/**
 * TCP endpoint states with their RFC 9293 names, as compact codes so that a stream of 100k+ packets
 * stores the states of both endpoints in two Uint8Arrays. Bit 0x80 of a stored code marks a state that
 * was assumed (the capture started mid-connection, so the state was not derived from observed packets).
 */
export const TcpState = {
  CLOSED: 0,
  LISTEN: 1,
  SYN_SENT: 2,
  SYN_RECEIVED: 3,
  ESTABLISHED: 4,
  FIN_WAIT_1: 5,
  FIN_WAIT_2: 6,
  CLOSE_WAIT: 7,
  CLOSING: 8,
  LAST_ACK: 9,
  TIME_WAIT: 10,
} as const

export type TcpStateCode = (typeof TcpState)[keyof typeof TcpState]

export const TCP_STATE_NAMES = [
  'CLOSED',
  'LISTEN',
  'SYN_SENT',
  'SYN_RECEIVED',
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
] as const

export type TcpStateName = (typeof TCP_STATE_NAMES)[number]

/** Set on a stored state code when the state is assumed rather than observed. */
export const STATE_ASSUMED = 0x80
/** Stored in per-capture-row state columns for rows that are not TCP. */
export const STATE_NONE = 0xff

export function stateOf(stored: number): TcpStateCode {
  return (stored & 0x7f) as TcpStateCode
}

export function isAssumed(stored: number): boolean {
  return stored !== STATE_NONE && (stored & STATE_ASSUMED) !== 0
}

/** RFC 9293 name of a stored code ("" for STATE_NONE); `~` suffix-free: callers show `assumed` themselves. */
export function stateName(stored: number): TcpStateName | '' {
  if (stored === STATE_NONE) return ''
  return TCP_STATE_NAMES[stored & 0x7f] ?? 'CLOSED'
}

/** Linux `ss -tan` state names mapped to ours (UNCONN/other non-TCP names map to undefined). */
export const KERNEL_STATE_NAMES: Readonly<Record<string, TcpStateName>> = {
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECV': 'SYN_RECEIVED',
  ESTAB: 'ESTABLISHED',
  'FIN-WAIT-1': 'FIN_WAIT_1',
  'FIN-WAIT-2': 'FIN_WAIT_2',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  CLOSING: 'CLOSING',
  'LAST-ACK': 'LAST_ACK',
  'TIME-WAIT': 'TIME_WAIT',
  LISTEN: 'LISTEN',
  CLOSED: 'CLOSED',
}
