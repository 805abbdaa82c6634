import { AddressTable } from '../../../shared/decode/address-table'
import type { DecodedFrame } from '../../../shared/model/decoded-frame'
import { Proto, TcpFlag } from '../../../shared/model/decoded-frame'
import type { FrameRecord } from '../../../shared/model/frame'
import type { ColumnName, IndexChunk } from '../../../shared/model/index-columns'
import { IssueBit } from '../../../shared/model/issues'
import { CHUNK_ROWS, COLUMN_NAMES, newIndexChunk } from '../../../shared/model/index-columns'
import type { PacketIndex } from './packet-index'

/**
 * Appends one decoded frame per call to a PacketIndex, writing straight into the current chunk's typed
 * arrays (no per-packet objects; SYN and SACK segments append to columnar side tables). Full chunks
 * are handed to `onChunk` as soon as they fill; `finish()` trims the last, partial one to its row count
 * (so the index does not carry up to CHUNK_ROWS-1 empty rows) and hands it over.
 */
export class IndexBuilder {
  private cur: IndexChunk | null = null

  constructor(
    readonly index: PacketIndex,
    private readonly onChunk?: (c: IndexChunk) => void,
  ) {}

  /** Append `rec` decoded into `f` by decodeFrame(rec.data …) (offsets in `f` relative to the frame). */
  add(rec: FrameRecord, f: DecodedFrame): void {
    this.addAt(rec, f, rec.data, 0)
  }

  /**
   * Append `rec` decoded into `f` by decodeFrameAt(…, d, base, …): the offsets in `f` index `d`, where the
   * frame starts at `base` (e.g. d = rec.buf, base = rec.dataOffset: no per-frame view is made).
   */
  addAt(rec: FrameRecord, f: DecodedFrame, d: Uint8Array, base: number): void {
    const index = this.index
    let c = this.cur
    if (c === null || c.count === c.tsSec.length) {
      if (c !== null && c.count < CHUNK_ROWS) {
        // Rows added after finish() trimmed this chunk: give it back its full size.
        resizeChunk(c, CHUNK_ROWS)
      } else {
        c = newIndexChunk(index.count)
        index.chunks.push(c)
        this.cur = c
      }
    }
    const i = c.count
    c.tsSec[i] = rec.tsSec
    c.tsNsec[i] = rec.tsNsec
    c.fileOffset[i] = rec.fileOffset
    c.capLen[i] = rec.capLen
    c.origLen[i] = rec.origLen
    c.interfaceId[i] = rec.interfaceId
    c.proto[i] = f.proto
    c.issues[i] = f.issueMask | (f.ipFlags & 1 && f.ipFragOffset === 0 ? IssueBit.moreFragments : 0)
    c.srcAddr[i] = 0
    c.dstAddr[i] = 0
    const addrs: AddressTable = index.addresses
    if (f.ipSrcOffset >= 0) {
      // A header cut inside the addresses has a source but no destination (offset -1).
      if (f.ipVersion === 6) {
        c.srcAddr[i] = addrs.internIPv6(d, f.ipSrcOffset)
        if (f.ipDstOffset >= 0) c.dstAddr[i] = addrs.internIPv6(d, f.ipDstOffset)
      } else {
        c.srcAddr[i] = addrs.internIPv4(d, f.ipSrcOffset)
        if (f.ipDstOffset >= 0) c.dstAddr[i] = addrs.internIPv4(d, f.ipDstOffset)
      }
    } else {
      if (f.macSrcOffset >= 0) c.srcAddr[i] = addrs.internMac(d, f.macSrcOffset)
      if (f.macDstOffset >= 0) c.dstAddr[i] = addrs.internMac(d, f.macDstOffset)
    }
    if (f.proto === Proto.ICMP || f.proto === Proto.ICMPV6) {
      c.srcPort[i] = f.icmpType < 0 ? 0 : f.icmpType
      c.dstPort[i] = f.icmpCode < 0 ? 0 : f.icmpCode
    } else {
      c.srcPort[i] = f.srcPort < 0 ? 0 : f.srcPort
      c.dstPort[i] = f.dstPort < 0 ? 0 : f.dstPort
    }
    c.tcpSeq[i] = f.tcpSeq
    c.tcpAck[i] = f.tcpAck
    c.tcpFlags[i] = f.tcpFlags
    c.tcpWindow[i] = f.tcpWindow
    c.payloadLen[i] = f.payloadLen
    const po = f.payloadOffset - base
    c.payloadOffset[i] = f.payloadOffset < 0 || po > 0xfffe ? 0xffff : po
    if (f.proto === Proto.TCP && (f.tcpFlags & TcpFlag.SYN) !== 0 && f.tcpHdrLen >= 20) {
      index.synOptions.append(index.count, f.tcpMss, f.tcpWscale, f.tcpSackPerm === 1, f.tcpTsVal, f.tcpTsEcr)
    } else if (f.proto === Proto.TCP && f.tcpWscale >= 0 && f.tcpHdrLen >= 20) {
      index.nonSynWindowScale.append(index.count, -1, f.tcpWscale, false, -1, -1)
    }
    if (f.proto === Proto.TCP && f.tcpSackCount > 0)
      index.sackBlocks.append(index.count, f.tcpSackLeft, f.tcpSackRight, f.tcpSackCount)
    c.count = i + 1
    index.count++
    if (c.count === CHUNK_ROWS && this.onChunk) this.onChunk(c)
  }

  /**
   * The index is complete: trim the last chunk (if partial) and the side tables to what they hold, and
   * hand the partial chunk over (full ones were already emitted). The chunk object stays the same (its
   * column arrays are replaced by exact-size copies), so holders of it keep reading the same rows.
   */
  finish(): void {
    const c = this.cur
    this.index.synOptions.trim()
    this.index.sackBlocks.trim()
    this.index.nonSynWindowScale.trim()
    if (c === null || c.count === 0 || c.count === CHUNK_ROWS) return
    if (c.tsSec.length !== c.count) resizeChunk(c, c.count)
    if (this.onChunk) this.onChunk(c)
  }
}

/** Replace every column of `c` by a `rows`-long copy holding its first min(c.count, rows) rows. */
function resizeChunk(c: IndexChunk, rows: number): void {
  const cols = c as unknown as Record<ColumnName, Column>
  for (const name of COLUMN_NAMES) {
    const a = cols[name]
    const b = new (a.constructor as new (n: number) => Column)(rows)
    b.set(a.subarray(0, Math.min(c.count, rows)) as ArrayLike<number>)
    cols[name] = b
  }
}

type Column = Float64Array | Uint32Array | Uint16Array | Uint8Array
