/**
 * The packet index: one row per frame, stored column-wise in fixed-size chunks of typed arrays so that
 * 10M rows need no reallocation/copy and a full chunk can be transferred (ArrayBuffer transfer) to the
 * renderer as one batch. Budget: ≤ 64 bytes per row (see ROW_BYTES).
 *
 * Addresses are interned: srcAddr/dstAddr hold ids into an AddressTable (0 = none). For IP rows they are
 * IP addresses; for ARP/other Ethernet rows the MAC addresses.
 */
export const CHUNK_ROWS = 65536

export interface IndexChunk {
  /** Number of the first row in this chunk (0-based row = frame number - 1). */
  firstRow: number
  /** Rows filled so far (≤ CHUNK_ROWS). */
  count: number
  tsSec: Float64Array
  tsNsec: Uint32Array
  fileOffset: Float64Array
  capLen: Uint32Array
  origLen: Uint32Array
  interfaceId: Uint16Array
  /** Proto.* */
  proto: Uint8Array
  /** IssueBit mask. */
  issues: Uint8Array
  srcAddr: Uint32Array
  dstAddr: Uint32Array
  /** TCP/UDP ports; ICMP: type in srcPort, code in dstPort. 0 when absent. */
  srcPort: Uint16Array
  dstPort: Uint16Array
  tcpSeq: Uint32Array
  tcpAck: Uint32Array
  /** TcpFlag bits. */
  tcpFlags: Uint16Array
  /** Raw (unscaled) window field. */
  tcpWindow: Uint16Array
  /** Transport payload length as reported by the headers (tcp.len / udp payload). */
  payloadLen: Uint32Array
  /** Offset of the transport payload in the frame (0xffff when absent). */
  payloadOffset: Uint16Array
}

export const COLUMN_NAMES = [
  'tsSec',
  'tsNsec',
  'fileOffset',
  'capLen',
  'origLen',
  'interfaceId',
  'proto',
  'issues',
  'srcAddr',
  'dstAddr',
  'srcPort',
  'dstPort',
  'tcpSeq',
  'tcpAck',
  'tcpFlags',
  'tcpWindow',
  'payloadLen',
  'payloadOffset',
] as const satisfies ReadonlyArray<Exclude<keyof IndexChunk, 'firstRow' | 'count'>>

export type ColumnName = (typeof COLUMN_NAMES)[number]

export function newIndexChunk(firstRow: number, rows = CHUNK_ROWS): IndexChunk {
  return {
    firstRow,
    count: 0,
    tsSec: new Float64Array(rows),
    tsNsec: new Uint32Array(rows),
    fileOffset: new Float64Array(rows),
    capLen: new Uint32Array(rows),
    origLen: new Uint32Array(rows),
    interfaceId: new Uint16Array(rows),
    proto: new Uint8Array(rows),
    issues: new Uint8Array(rows),
    srcAddr: new Uint32Array(rows),
    dstAddr: new Uint32Array(rows),
    srcPort: new Uint16Array(rows),
    dstPort: new Uint16Array(rows),
    tcpSeq: new Uint32Array(rows),
    tcpAck: new Uint32Array(rows),
    tcpFlags: new Uint16Array(rows),
    tcpWindow: new Uint16Array(rows),
    payloadLen: new Uint32Array(rows),
    payloadOffset: new Uint16Array(rows),
  }
}

/** Bytes of typed-array storage per row (the benchmark reports the measured figure incl. address table). */
export const ROW_BYTES = 8 + 4 + 8 + 4 + 4 + 2 + 1 + 1 + 4 + 4 + 2 + 2 + 4 + 4 + 2 + 2 + 4 + 2
