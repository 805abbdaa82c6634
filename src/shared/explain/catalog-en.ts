/**
 * English message catalogue. Keys are stable ids; values use `{name}` placeholders (the named
 * interpolation vue-i18n understands too). Avoid `|` and `@` in values: vue-i18n reads them as plural
 * separators and linked messages.
 */
export const en = {
  // ---- endpoint roles
  'side.client': 'client',
  'side.server': 'server',

  // ---- state-machine reasons (why an endpoint moved, or a note on a packet that did not move it)
  'reason.sendSyn': 'sent SYN (active open)',
  'reason.rcvSyn': 'received SYN and answers with SYN/ACK (passive open)',
  'reason.simOpen': "received the peer's SYN after sending its own SYN (simultaneous open)",
  'reason.sendSynAckUnseenSyn': 'sent SYN/ACK, so it had received a SYN the capture did not see',
  'reason.rcvSynAck': 'received SYN/ACK acknowledging its SYN and answers with ACK',
  'reason.rcvAckOfSyn': 'received the ACK of its SYN: the handshake is complete',
  'reason.sendAckUnseenSynAck': 'sent an ACK, so it had received a SYN/ACK the capture did not see',
  'reason.sendFin': 'sent FIN (active close): it will send no more data',
  'reason.sendFinPassive': "sent its own FIN after the peer's FIN (passive close)",
  'reason.simCloseSend': "sent FIN before the peer's FIN arrived (simultaneous close)",
  'reason.rcvFin': 'received FIN: the peer will send no more data, this side may still send',
  'reason.rcvFinWait2': "received the peer's FIN after its own FIN was acknowledged",
  'reason.rcvFinAck': 'received FIN+ACK that also acknowledges its FIN (3-packet close)',
  'reason.simCloseRcv':
    "received the peer's FIN while its own FIN was still unacknowledged (simultaneous close)",
  'reason.rcvAckOfFin': "received the ACK of its FIN; waits for the peer's FIN (half-close)",
  'reason.closingAcked': 'received the ACK of its FIN after both sides sent FIN',
  'reason.lastAckAcked': 'received the ACK of its FIN: the connection is closed',
  'reason.sendRst': 'sent RST: it aborts the connection',
  'reason.rcvRst': 'received RST: the connection is aborted',
  'reason.refusedSend': 'answered the SYN with RST: nothing listens on this port (connection refused)',
  'reason.refusedRcv': 'received RST/ACK for its SYN: connection refused',
  'reason.rcvRstListen': 'received RST during the handshake: goes back to listening',
  'reason.rstIgnored': "RST ignored: it does not acknowledge this side's SYN",
  'reason.midstream': 'the capture started mid-connection: state assumed',
  'reason.retransSyn': 'SYN or SYN/ACK sent again (a retransmission): the state does not change',
  'reason.retransFin': 'FIN retransmitted: the earlier FIN was not acknowledged',

  // ---- per-packet seq/ack arithmetic
  'ex.syn':
    'SYN: seq {isn} is the {side} ISN (initial sequence number); a SYN uses one sequence number, so the reply will ack {next}',
  'ex.synRetrans': 'SYN sent again with the same ISN {isn}: a retransmission',
  'ex.ackOfSyn': 'ack {ack} = {peer} ISN {isn} + 1 (a SYN uses one sequence number)',
  'ex.ackOfSynRel': 'ack {rel} is relative: {abs} = {peer} ISN {isn} + 1, so the {peer} SYN is acknowledged',
  'ex.data': 'seq {start}:{end} carries {len} bytes; the {peer} will ack {end}',
  'ex.dataFin':
    'seq {start}:{end} carries {len} bytes and a FIN; the FIN uses one more sequence number, so the {peer} will ack {next}',
  'ex.fin': 'FIN uses one sequence number (seq {seq}): the reply acks {next}',
  'ex.finRetrans': 'FIN retransmitted (seq {seq}): the earlier FIN was not acknowledged',
  'ex.retrans': 'seq {start}:{end} was already sent (the {side} had sent up to {high}): a retransmission',
  'ex.gap': 'bytes {high}:{start} are missing before it: not captured, lost or still on their way',
  'ex.keepAlive': 'seq {seq} is one below the next byte {next}: a keep-alive probe',
  'ex.ackNew': 'ack {ack} acknowledges {count} new bytes ({from}:{ack}) from the {peer}',
  'ex.ackFin': 'ack {ack} = {peer} FIN seq {finSeq} + 1 (a FIN uses one sequence number)',
  'ex.ackDataFin':
    'ack {ack} acknowledges {count} bytes ({from}:{finSeq}) and the {peer} FIN (seq {finSeq} + 1)',
  'ex.ackSame': 'ack {ack} again: nothing new received from the {peer} (duplicate ACK or window update)',
  'ex.ackFirst': 'ack {ack}: every {peer} byte before {ack} has been received',
  'ex.rst': 'RST: the {side} aborts the connection (seq {seq}); no reply is expected',
  'ex.rstRefused':
    'RST/ACK: ack {ack} = client ISN {isn} + 1 answers the SYN, but nothing listens on this port (connection refused)',
  'ex.empty': 'carries no data and acknowledges nothing',

  // ---- follow-stream view: phases and the seed-style text table (src/shared/explain/stream-table.ts)
  'phase.handshake': 'three-way handshake',
  'phase.data': 'data transfer',
  'phase.teardown': 'teardown (four-way wave)',
  'phase.reset': 'reset (RST)',
  'phase.closedBy': 'the {side} closed first',
  'phase.simultaneous': 'both sides closed at once (simultaneous close)',
  'table.client': 'Client',
  'table.server': 'Server',
  'table.states': 'states after each packet: client / server',

  // ---- states command
  'cli.stream': 'stream {stream}: client {client} ⇄ server {server}',
  'cli.assumed': 'assumed',
  'cli.noStreams': 'no TCP stream in this capture',
  'cli.noSuchStream': 'no TCP stream {stream} in this capture ({count} streams: 0..{last})',
} as const

export type MessageKey = keyof typeof en
