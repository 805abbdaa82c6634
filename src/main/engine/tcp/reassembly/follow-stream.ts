/**
 * Follow one tcp.stream of a capture file: pick the stream's rows from the TCP analysis, fetch only their
 * payload bytes from the file, and run the tshark-compatible reassembler over them.
 *
 * Payload fetching: the rows are in file order, so for plain files we read the file in large windows that
 * cover runs of nearby frames (one positional read per window instead of one per frame — following a
 * 100k-segment stream stays a few dozen reads). gzip files cannot be read at an offset, so we decompress
 * once sequentially and copy only the wanted frames.
 */
import { open, stat } from 'node:fs/promises'
import { CHUNK_ROWS, type IndexChunk } from '../../../../shared/model/index-columns'
import { CaptureOpenError, readCaptureFile } from '../../readers/read-capture-file'
import type { TcpAnalysis, TcpConversation } from '../types'
import { TcpPresent } from '../types'
import { FollowReassembler, type FollowResult } from './follow-reassembler'
import type { FollowHeader } from './follow-format'

/** What following needs from the packet index (PacketIndex satisfies it structurally). */
export interface FollowIndexView {
  chunks: IndexChunk[]
  count: number
  addresses: { format(id: number): string }
  info?: { gzip?: boolean } | null
}

export interface FollowStreamResult extends FollowResult {
  stream: number
  conversation: TcpConversation | null
  /** tshark's header values (Node 0 = client = first segment's source). */
  header: FollowHeader
  /** Segments (rows with a known tcp.len) fed to the reassembler. */
  segments: number
}

const NO_PAYLOAD = 0xffff
/** Coalesce reads of frames closer than this; cap one read at WINDOW bytes. */
const MAX_HOLE = 256 * 1024
const WINDOW = 8 * 1024 * 1024

interface Want {
  row: number
  /** File offset of the payload's first byte, and its captured length. */
  pos: number
  len: number
}

function chunkOf(index: FollowIndexView, row: number): IndexChunk {
  return index.chunks[Math.floor(row / CHUNK_ROWS)]!
}

/** Captured payload bytes of a row: what tshark's tvb_captured_length() of the TCP payload gives. */
function capturedPayload(c: IndexChunk, i: number): number {
  const off = c.payloadOffset[i]!
  if (off === NO_PAYLOAD) return 0
  const avail = c.capLen[i]! - off
  return avail <= 0 ? 0 : Math.min(avail, c.payloadLen[i]!)
}

async function fetchPlain(path: string, wants: Want[], out: Map<number, Uint8Array>): Promise<void> {
  const fh = await open(path, 'r')
  // One scratch window reused for every read; each payload is copied out of it, so the result holds only
  // the stream's own bytes (and a chunk posted over IPC does not drag a whole window along).
  let scratch = new Uint8Array(0)
  try {
    let i = 0
    while (i < wants.length) {
      // Grow a window over following frames while the holes between them are small.
      const start = wants[i]!.pos
      let end = start + wants[i]!.len
      let j = i + 1
      while (j < wants.length) {
        const w = wants[j]!
        if (w.pos < end || w.pos - end > MAX_HOLE || w.pos + w.len - start > WINDOW) break
        end = w.pos + w.len
        j++
      }
      if (scratch.length < end - start)
        scratch = new Uint8Array(Math.max(end - start, Math.min(WINDOW, scratch.length * 2)))
      const buf = scratch.subarray(0, end - start)
      let got = 0
      while (got < buf.length) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, start + got)
        if (bytesRead === 0) break
        got += bytesRead
      }
      for (let k = i; k < j; k++) {
        const w = wants[k]!
        const from = w.pos - start
        // A file that shrank since indexing yields what is there (bad bytes are data, not exceptions).
        out.set(w.row, buf.slice(Math.min(from, got), Math.min(from + w.len, got)))
      }
      i = j
    }
  } finally {
    await fh.close()
  }
}

async function fetchSequential(
  path: string,
  wants: Want[],
  index: FollowIndexView,
  out: Map<number, Uint8Array>,
): Promise<void> {
  let k = 0
  await readCaptureFile(path, (rec) => {
    const row = rec.number - 1
    while (k < wants.length && wants[k]!.row < row) k++
    if (k >= wants.length) return false
    if (wants[k]!.row !== row) return
    const c = chunkOf(index, row)
    const off = c.payloadOffset[row - c.firstRow]!
    out.set(row, rec.data.slice(off, off + wants[k]!.len))
    k++
  })
}

/**
 * Whether tshark's follow tap sees this row: it needs tcp.len (th_have_seglen) and the whole TCP header
 * captured — dissect_tcp throws while dissecting options cut short by the snaplen (or creating the payload
 * tvb past the captured end) before it queues the tap.
 */
function tapped(analysis: TcpAnalysis, c: IndexChunk, i: number, row: number): boolean {
  if (!(analysis.present[row]! & TcpPresent.SEGLEN)) return false
  const off = c.payloadOffset[i]!
  return off !== NO_PAYLOAD && off <= c.capLen[i]!
}

/** Follow tcp.stream `stream`. Rows tshark would not hand to its follow tap are skipped. */
export async function followTcpStream(
  path: string,
  index: FollowIndexView,
  analysis: TcpAnalysis,
  stream: number,
): Promise<FollowStreamResult> {
  const conv = analysis.conversations.find((c) => c.stream === stream) ?? null
  const rows = conv ? conv.rows : new Uint32Array(0)

  const wants: Want[] = []
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!
    const c = chunkOf(index, row)
    const i = row - c.firstRow
    if (!tapped(analysis, c, i, row)) continue
    const len = capturedPayload(c, i)
    if (len > 0) wants.push({ row, pos: c.fileOffset[i]! + c.payloadOffset[i]!, len })
  }
  const payloads = new Map<number, Uint8Array>()
  if (wants.length > 0) {
    // Payloads are read again from the file: a pipe, FIFO or '-' (stdin) cannot be re-read, and opening
    // a FIFO a second time would wait for a writer forever.
    const st = await stat(path).catch(() => null)
    if (!st?.isFile())
      throw new CaptureOpenError(
        `${path}: not a regular file: following a stream reads its payloads again from the file, so save the capture to a file first`,
        'io',
        path,
      )
    if (index.info?.gzip) await fetchSequential(path, wants, index, payloads)
    else {
      wants.sort((a, b) => a.pos - b.pos)
      await fetchPlain(path, wants, payloads)
    }
  }

  const re = new FollowReassembler()
  const empty = new Uint8Array(0)
  let segments = 0
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!
    const c = chunkOf(index, row)
    const i = row - c.firstRow
    if (!tapped(analysis, c, i, row)) continue
    segments++
    re.push({
      frame: row + 1,
      srcAddr: c.srcAddr[i]!,
      srcPort: c.srcPort[i]!,
      dstAddr: c.dstAddr[i]!,
      dstPort: c.dstPort[i]!,
      seq: analysis.relSeq[row]!,
      ack: analysis.relAck[row]!,
      flags: c.tcpFlags[i]!,
      segLen: c.payloadLen[i]!,
      payload: payloads.get(row) ?? empty,
    })
  }
  const res = re.result()
  const clientAddr = res.client ? index.addresses.format(res.client.addr as number) : ''
  const serverAddr = res.server ? index.addresses.format(res.server.addr as number) : ''
  const header: FollowHeader = {
    stream,
    clientAddr,
    clientPort: res.client?.port ?? 0,
    serverAddr,
    serverPort: res.server?.port ?? 0,
    ipv6: clientAddr.includes(':'),
  }
  return { ...res, stream, conversation: conv, header, segments }
}
