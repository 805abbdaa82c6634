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

  // ---- TCP header inspector: one explanation per header field (Wireshark field names after 'field.')
  'field.tcp_srcport':
    "Source port: the sending application's port. With the addresses and the destination port it names the connection.",
  'field.tcp_dstport':
    "Destination port: the receiving application's port (a server listens on a well-known one, e.g. 80).",
  'field.tcp_seq':
    'Sequence number: the number of the first data byte in this segment. A SYN carries the ISN (initial sequence number); SYN and FIN each use one number. tcpdump and Wireshark show it relative to the ISN unless -S / absolute is chosen.',
  'field.tcp_ack':
    'Acknowledgment number: valid when ACK is set; the next sequence number this side expects from the peer, i.e. every byte before it was received.',
  'field.tcp_hdr_len':
    'Data offset: the header length in 32-bit words (5 = 20 bytes without options, at most 15 = 60 bytes).',
  'field.tcp_flags_res': 'Reserved bits: must be zero.',
  'field.tcp_flags_ae': 'AE (Accurate ECN, formerly NS): part of the accurate ECN counter (RFC 9768).',
  'field.tcp_flags_cwr':
    'CWR (Congestion Window Reduced): the sender reduced its congestion window after an ECN echo.',
  'field.tcp_flags_ece':
    'ECE (ECN-Echo): on a SYN, ECN capable; otherwise, a router marked congestion on a received packet.',
  'field.tcp_flags_urg': 'URG: the urgent pointer field is significant (tcpdump prints U).',
  'field.tcp_flags_ack':
    'ACK: the acknowledgment number is valid; set on every segment after the first SYN (tcpdump prints a dot).',
  'field.tcp_flags_push': 'PSH (push): deliver the data to the application now (tcpdump prints P).',
  'field.tcp_flags_reset': 'RST (reset): abort the connection at once, no reply expected (tcpdump prints R).',
  'field.tcp_flags_syn':
    'SYN: synchronize sequence numbers, the first two segments of the three-way handshake (tcpdump prints S).',
  'field.tcp_flags_fin':
    'FIN: the sender has no more data to send; it uses one sequence number (tcpdump prints F).',
  'field.tcp_flags':
    'Flags: the control bits of the segment (tcpdump prints them as letters: S F R P . U E W).',
  'field.tcp_window_size_value':
    'Window: how many more bytes the sender of this segment can receive. After the handshake it is multiplied by 2^wscale when both sides sent the window scale option.',
  'field.tcp_checksum':
    "Checksum: ones'-complement sum over a pseudo-header (addresses, protocol, length), the TCP header and the data. Checksum offload often leaves it wrong on the sending host's own capture.",
  'field.tcp_urgent_pointer':
    'Urgent pointer: with URG set, the offset from seq of the end of urgent data; otherwise ignored.',
  'field.tcp_options':
    'Options: from byte 20 to the data offset, each kind (1 byte), length (1 byte), value; NOP pads, EOL ends the list.',
  'field.tcp_options_mss_val':
    'MSS (maximum segment size, kind 2): the largest data payload this side wants to receive in one segment; only on SYNs.',
  'field.tcp_options_wscale_shift':
    "Window scale (kind 3): this side's window values are to be multiplied by 2^shift; used only when both SYNs carry it.",
  'field.tcp_options_sack_perm':
    'SACK permitted (kind 4): this side accepts selective acknowledgments; only on SYNs.',
  'field.tcp_options_timestamp_tsval':
    "Timestamps (kind 8): TSval is the sender's clock when sending; the peer echoes it back, which gives the round-trip time and protects against wrapped sequence numbers.",
  'field.tcp_options_timestamp_tsecr':
    'TSecr: the TSval last received from the peer, echoed back (0 on a first SYN).',
  'field.tcp_options_nop': 'NOP (kind 1): one byte of padding so the next option starts aligned.',
  'field.tcp_options_eol':
    'EOL (kind 0): end of the option list; the remaining bytes up to the data offset are padding.',
  'field.tcp_options_sack':
    'SACK blocks (kind 5): ranges of data received beyond the acknowledgment number, so only the holes are resent.',
  'field.tcp_options_type': 'An option this view does not decode: kind, length and the raw value bytes.',
  'field.tcp_len': 'Length: the TCP payload bytes (IP length minus the IP and TCP headers).',
  'field.ip_src': 'Source IP address.',
  'field.ip_dst': 'Destination IP address.',
  'field.ip_ttl':
    "TTL: hops left before a router drops the packet (the start value hints at the sender's OS: 64, 128, 255).",
  'field.ip_id': 'Identification: groups the fragments of one datagram.',
  'field.ip_flags': 'IP flags: DF (do not fragment), MF (more fragments).',

  // ---- states command
  'cli.stream': 'stream {stream}: client {client} ⇄ server {server}',
  'cli.assumed': 'assumed',
  'cli.noStreams': 'no TCP stream in this capture',
  'cli.noSuchStream': 'no TCP stream {stream} in this capture ({count} streams: 0..{last})',
} as const

export type MessageKey = keyof typeof en
