import { AddressTable } from '../../../shared/decode/address-table'
import type { CaptureFileInfo } from '../../../shared/model/frame'
import type { ReadSummary } from '../readers/read-capture-file'
import type { ColumnName, IndexChunk } from '../../../shared/model/index-columns'
import { CHUNK_ROWS, ROW_BYTES } from '../../../shared/model/index-columns'

/** TCP options a SYN / SYN-ACK carried (what the TCP analysis needs without re-decoding). -1 = absent. */
export interface SynOptions {
  mss: number
  wscale: number
  sackPerm: boolean
  tsVal: number
  tsEcr: number
}

/**
 * The packet index: one row per frame (row = frame number - 1) in CHUNK_ROWS-row column chunks, the
 * interned addresses the rows point to, and a side table of SYN options (only SYN segments have an
 * entry, so it stays tiny next to the rows).
 */
export class PacketIndex {
  readonly chunks: IndexChunk[] = []
  count = 0
  readonly addresses = new AddressTable()
  readonly synOptions = new Map<number, SynOptions>()
  /** SACK blocks of TCP rows that carried the option (row → [left0, right0, left1, right1, …]); the TCP
   * analysis subtracts them from tcp.analysis.bytes_in_flight as tshark does. */
  readonly sackBlocks = new Map<number, number[]>()
  info: CaptureFileInfo
  /** What the reader reported (warnings, corrupt record, cut-short tail); null until the read ends. */
  summary: ReadSummary | null = null

  constructor(info?: CaptureFileInfo) {
    this.info = info ?? {
      format: 'pcap',
      bigEndian: false,
      gzip: false,
      interfaces: [],
      sectionComments: [],
      nameRecords: [],
    }
  }

  /** Value of column `col` at `row` (0-based); throws RangeError outside 0..count-1 (a programmer error). */
  get(col: ColumnName, row: number): number {
    if (row < 0 || row >= this.count) throw new RangeError(`row ${row} out of range (0..${this.count - 1})`)
    const c = this.chunks[Math.floor(row / CHUNK_ROWS)]!
    return c[col][row - c.firstRow]!
  }

  /** The chunk holding `row` and the row's position in it, for loops that read several columns. */
  chunkOf(row: number): IndexChunk {
    return this.chunks[Math.floor(row / CHUNK_ROWS)]!
  }

  /** Bytes held: allocated chunk columns (including unfilled tail rows) + address table + SYN table estimate. */
  get byteSize(): number {
    return this.chunks.length * CHUNK_ROWS * ROW_BYTES + this.addresses.byteSize + this.synOptions.size * 120
  }
}
