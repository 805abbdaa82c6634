import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { newIndexChunk } from '../../../../shared/model/index-columns'
import type { TcpAnalysis, TcpConversation } from '../types'
import { TcpPresent } from '../types'
import { followTcpStream, type FollowIndexView } from './follow-stream'
import { directionBytes } from './follow-reassembler'

/**
 * followTcpStream over a hand-written pcap: the index columns and the analysis are built by hand so the
 * test exercises only payload fetching + reassembly (plain file with coalesced reads, and gzip).
 */
interface Pkt {
  fromClient: boolean
  seq: number
  ack: number
  flags: number
  payload: string
  /** captured bytes of the payload (snaplen cut) */
  cut?: number
}

function build(
  pkts: Pkt[],
  padBetween = 0,
): { file: Uint8Array; index: FollowIndexView; analysis: TcpAnalysis } {
  const parts: Uint8Array[] = []
  const gh = Buffer.alloc(24)
  gh.writeUInt32LE(0xa1b2c3d4, 0)
  gh.writeUInt16LE(2, 4)
  gh.writeUInt16LE(4, 6)
  gh.writeUInt32LE(65535, 16)
  gh.writeUInt32LE(1, 20)
  parts.push(gh)
  let pos = 24
  const chunk = newIndexChunk(0, pkts.length)
  const rows: number[] = []
  pkts.forEach((p, row) => {
    const payload = Buffer.from(p.payload, 'latin1')
    const frameLen = 14 + 20 + 20 + payload.length
    const frame = Buffer.alloc(frameLen + padBetween)
    // Only the offsets matter to the code under test; headers are left mostly zero.
    payload.copy(frame, 54)
    const capLen = 54 + (p.cut ?? payload.length)
    const rh = Buffer.alloc(16)
    rh.writeUInt32LE(row, 0)
    rh.writeUInt32LE(capLen, 8)
    rh.writeUInt32LE(frameLen, 12)
    parts.push(rh, frame.subarray(0, capLen))
    pos += 16
    chunk.fileOffset[row] = pos
    chunk.capLen[row] = capLen
    chunk.origLen[row] = frameLen
    chunk.srcAddr[row] = p.fromClient ? 1 : 2
    chunk.dstAddr[row] = p.fromClient ? 2 : 1
    chunk.srcPort[row] = p.fromClient ? 40000 : 80
    chunk.dstPort[row] = p.fromClient ? 80 : 40000
    chunk.tcpSeq[row] = p.seq
    chunk.tcpAck[row] = p.ack
    chunk.tcpFlags[row] = p.flags
    chunk.payloadLen[row] = payload.length
    chunk.payloadOffset[row] = 54
    pos += capLen
    rows.push(row)
    chunk.count++
  })
  const n = pkts.length
  const analysis = {
    count: n,
    stream: new Int32Array(n),
    relSeq: Uint32Array.from(pkts.map((p) => p.seq)),
    relAck: Uint32Array.from(pkts.map((p) => p.ack)),
    present: new Uint8Array(n).fill(TcpPresent.SEGLEN),
    conversations: [{ stream: 0, rows: Uint32Array.from(rows) } as unknown as TcpConversation],
  } as unknown as TcpAnalysis
  const names = ['', '10.0.0.1', '10.0.0.2']
  const index: FollowIndexView = {
    chunks: [chunk],
    count: n,
    addresses: { format: (id) => names[id]! },
    info: { gzip: false },
  }
  return { file: Buffer.concat(parts), index, analysis }
}

const dir = mkdtempSync(join(tmpdir(), 'wirelite-follow-'))

describe('followTcpStream', () => {
  const pkts: Pkt[] = [
    { fromClient: true, seq: 0, ack: 0, flags: 0x02, payload: '' },
    { fromClient: false, seq: 0, ack: 1, flags: 0x12, payload: '' },
    { fromClient: true, seq: 1, ack: 1, flags: 0x18, payload: 'GET / HTTP/1.0\r\n\r\n' },
    { fromClient: false, seq: 1, ack: 19, flags: 0x18, payload: 'HTTP/1.0 200 OK\r\n' },
    { fromClient: false, seq: 31, ack: 19, flags: 0x18, payload: 'tail' }, // out of order
    { fromClient: false, seq: 18, ack: 19, flags: 0x18, payload: '\r\nbody-bytes!' },
    { fromClient: true, seq: 19, ack: 34, flags: 0x11, payload: '' },
  ]

  it('reads payloads from a plain pcap and reassembles both directions', async () => {
    const { file, index, analysis } = build(pkts, 300_000) // big holes: several read windows
    const path = join(dir, 'a.pcap')
    writeFileSync(path, file)
    const r = await followTcpStream(path, index, analysis, 0)
    expect(r.header).toMatchObject({
      clientAddr: '10.0.0.1',
      clientPort: 40000,
      serverAddr: '10.0.0.2',
      serverPort: 80,
      ipv6: false,
    })
    expect(Buffer.from(directionBytes(r, 0)).toString('latin1')).toBe('GET / HTTP/1.0\r\n\r\n')
    expect(Buffer.from(directionBytes(r, 1)).toString('latin1')).toBe(
      'HTTP/1.0 200 OK\r\n\r\nbody-bytes!tail',
    )
    expect(r.chunks.map((c) => c.firstFrame)).toEqual([3, 4, 6, 5])
    expect(r.segments).toBe(7)
  })

  it('reads the same bytes from a gzip-compressed capture', async () => {
    const { file, index, analysis } = build(pkts)
    const path = join(dir, 'a.pcap.gz')
    writeFileSync(path, gzipSync(file))
    index.info = { gzip: true }
    const r = await followTcpStream(path, index, analysis, 0)
    expect(Buffer.from(directionBytes(r, 1)).toString('latin1')).toBe(
      'HTTP/1.0 200 OK\r\n\r\nbody-bytes!tail',
    )
  })

  it('uses only the captured part of a snaplen-cut payload', async () => {
    const { file, index, analysis } = build([
      { fromClient: true, seq: 1, ack: 1, flags: 0x18, payload: 'abcdefgh', cut: 3 },
      { fromClient: true, seq: 9, ack: 1, flags: 0x18, payload: 'XY' },
    ])
    const path = join(dir, 'cut.pcap')
    writeFileSync(path, file)
    const r = await followTcpStream(path, index, analysis, 0)
    expect(Buffer.from(directionBytes(r, 0)).toString('latin1')).toBe('abcXY')
  })

  it("an unknown stream gives an empty result with tshark's empty node lines", async () => {
    const { file, index, analysis } = build(pkts)
    const path = join(dir, 'b.pcap')
    writeFileSync(path, file)
    const r = await followTcpStream(path, index, analysis, 5)
    expect(r.chunks).toHaveLength(0)
    expect(r.header).toMatchObject({ clientAddr: '', clientPort: 0 })
  })
})
