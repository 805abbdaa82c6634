import { AddressTable } from '../../../shared/decode/address-table'
import type { CaptureFileInfo } from '../../../shared/model/frame'
import type { ReadSummary } from '../readers/read-capture-file'
import type { ColumnName, IndexChunk } from '../../../shared/model/index-columns'
import { CHUNK_ROWS, COLUMN_NAMES } from '../../../shared/model/index-columns'
import { SackBlockTable, SynOptionTable } from './row-side-tables'

export type { SynOptions } from './row-side-tables'

/**
 * The packet index: one row per frame (row = frame number - 1) in CHUNK_ROWS-row column chunks, the
 * interned addresses the rows point to, and columnar side tables of SYN options and SACK blocks (only
 * rows that carried them have an entry, so they stay small next to the rows).
 */
export class PacketIndex {
  readonly chunks: IndexChunk[] = []
  count = 0
  readonly addresses = new AddressTable()
  /** Options of SYN rows: synOptions.get(row) → {mss, wscale, sackPerm, tsVal, tsEcr} (-1 = absent). */
  readonly synOptions = new SynOptionTable()
  /** SACK blocks of TCP rows that carried the option (get(row) → [left0, right0, left1, right1, …]); the
   * TCP analysis subtracts them from tcp.analysis.bytes_in_flight as tshark does. */
  readonly sackBlocks = new SackBlockTable()
  /**
   * Window-scale options of TCP rows without SYN (nmap-style probes carry them): tshark takes the shift
   * for the sender's later windows from any segment, not only from the SYN. Only `wscale` is set.
   */
  readonly nonSynWindowScale = new SynOptionTable()
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

  /** Bytes of chunk columns as allocated (a chunk still being filled counts its full capacity). */
  get columnByteSize(): number {
    let n = 0
    for (const c of this.chunks) for (const name of COLUMN_NAMES) n += c[name].byteLength
    return n
  }

  /**
   * Bytes held, as allocated: chunk columns (a partial last chunk counts all its rows until the builder
   * trims it at the end) + address table + side tables (their capacity, not just the filled entries).
   */
  get byteSize(): number {
    return (
      this.columnByteSize +
      this.addresses.byteSize +
      this.synOptions.byteSize +
      this.sackBlocks.byteSize +
      this.nonSynWindowScale.byteSize
    )
  }
}
