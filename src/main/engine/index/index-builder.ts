import { AddressTable } from '../../../shared/decode/address-table'
import type { DecodedFrame } from '../../../shared/model/decoded-frame'
import { Proto, TcpFlag } from '../../../shared/model/decoded-frame'
import type { FrameRecord } from '../../../shared/model/frame'
import type { IndexChunk } from '../../../shared/model/index-columns'
import { IssueBit } from '../../../shared/model/issues'
import { CHUNK_ROWS, newIndexChunk } from '../../../shared/model/index-columns'
import type { PacketIndex } from './packet-index'

/**
 * Appends one decoded frame per call to a PacketIndex, writing straight into the current chunk's typed
 * arrays (no per-packet objects; only SYN segments add a small entry to the side table). Full chunks
 * are handed to `onChunk` as soon as they fill; `finish()` hands over the last, partial one.
 */
export class IndexBuilder {
  private cur: IndexChunk | null = null

  constructor(
    readonly index: PacketIndex,
    private readonly onChunk?: (c: IndexChunk) => void,
  ) {}

  add(rec: FrameRecord, f: DecodedFrame): void {
    const index = this.index
    let c = this.cur
    if (c === null || c.count === CHUNK_ROWS) {
      c = newIndexChunk(index.count)
      index.chunks.push(c)
      this.cur = c
    }
    const i = c.count
    const d = rec.data
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
    c.payloadOffset[i] = f.payloadOffset < 0 || f.payloadOffset > 0xfffe ? 0xffff : f.payloadOffset
    if (f.proto === Proto.TCP && (f.tcpFlags & TcpFlag.SYN) !== 0 && f.tcpHdrLen >= 20) {
      index.synOptions.set(index.count, {
        mss: f.tcpMss,
        wscale: f.tcpWscale,
        sackPerm: f.tcpSackPerm === 1,
        tsVal: f.tcpTsVal,
        tsEcr: f.tcpTsEcr,
      })
    }
    if (f.proto === Proto.TCP && f.tcpSackCount > 0) {
      const b: number[] = []
      for (let k = 0; k < f.tcpSackCount; k++) b.push(f.tcpSackLeft[k]!, f.tcpSackRight[k]!)
      index.sackBlocks.set(index.count, b)
    }
    c.count = i + 1
    index.count++
    if (c.count === CHUNK_ROWS && this.onChunk) this.onChunk(c)
  }

  /** Hand over the last chunk if it is partial (full ones were already emitted). */
  finish(): void {
    const c = this.cur
    if (c !== null && c.count > 0 && c.count < CHUNK_ROWS && this.onChunk) this.onChunk(c)
  }
}
