import { readCaptureFile } from '../../src/main/engine/readers/read-capture-file'
import { AddressTable, decodeFrame } from '../../src/shared/decode'
import { DecodedFrame, Proto, TcpFlag } from '../../src/shared/model/decoded-frame'
import { IssueBit } from '../../src/shared/model/issues'
import { CHUNK_ROWS, newIndexChunk, type IndexChunk } from '../../src/shared/model/index-columns'
import type { SynOptionValues, TcpIndexView } from '../../src/main/engine/tcp'

/**
 * A minimal columnar index (reader + decoder → IndexChunk) for the TCP comparison tests, so they
 * exercise analyzeTcp on real files independently of the app's index builder.
 */
export async function localIndex(path: string): Promise<TcpIndexView & { addresses: AddressTable }> {
  const addresses = new AddressTable()
  const chunks: IndexChunk[] = []
  const synOptions = new Map<number, SynOptionValues>()
  const sackBlocks = new Map<number, number[]>()
  const df = new DecodedFrame()
  let ch = newIndexChunk(0)
  chunks.push(ch)
  let row = 0
  try {
    await readCaptureFile(path, (rec) => {
      if (ch.count === CHUNK_ROWS) {
        ch = newIndexChunk(row)
        chunks.push(ch)
      }
      const i = ch.count++
      decodeFrame(rec.linkType, rec.data, rec.origLen, df, false)
      ch.tsSec[i] = rec.tsSec
      ch.tsNsec[i] = rec.tsNsec
      ch.capLen[i] = rec.capLen
      ch.origLen[i] = rec.origLen
      ch.proto[i] = df.proto
      // A first fragment (MF set) is a fragment to tshark too: its TCP segment length is unknown.
      ch.issues[i] = df.issueMask | (df.ipFlags & 1 ? IssueBit.fragment : 0)
      const d = rec.data
      if (df.ipSrcOffset >= 0) {
        const v4 = df.ipVersion === 4
        ch.srcAddr[i] = v4 ? addresses.internIPv4(d, df.ipSrcOffset) : addresses.internIPv6(d, df.ipSrcOffset)
        ch.dstAddr[i] = v4 ? addresses.internIPv4(d, df.ipDstOffset) : addresses.internIPv6(d, df.ipDstOffset)
      }
      if (df.proto === Proto.TCP) {
        ch.srcPort[i] = df.srcPort < 0 ? 0 : df.srcPort
        ch.dstPort[i] = df.dstPort < 0 ? 0 : df.dstPort
        ch.tcpSeq[i] = df.tcpSeq
        ch.tcpAck[i] = df.tcpAck
        ch.tcpFlags[i] = df.tcpFlags
        ch.tcpWindow[i] = df.tcpWindow
        ch.payloadLen[i] = df.payloadLen
        ch.payloadOffset[i] = df.payloadOffset >= 0 ? df.payloadOffset : 0xffff
        if (df.tcpFlags & TcpFlag.SYN) {
          synOptions.set(row, {
            mss: df.tcpMss,
            wscale: df.tcpWscale,
            sackPerm: df.tcpSackPerm !== 0,
            tsVal: df.tcpTsVal,
            tsEcr: df.tcpTsEcr,
          })
        }
        if (df.tcpSackCount > 0) {
          const b: number[] = []
          for (let k = 0; k < df.tcpSackCount; k++) b.push(df.tcpSackLeft[k]!, df.tcpSackRight[k]!)
          sackBlocks.set(row, b)
        }
      }
      row++
    })
  } catch {
    // Unreadable file: an empty index.
  }
  return { chunks, count: row, synOptions, sackBlocks, addresses }
}
