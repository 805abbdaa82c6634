/**
 * Follow-stream reassembly of one TCP conversation, byte-for-byte what `tshark -z follow,tcp,…` (4.0) emits.
 *
 * The algorithm deliberately reproduces Wireshark's follow tap (packet-tcp.c follow_tcp_tap_listener +
 * check_follow_fragments), because "identical to tshark" is the contract:
 *  - the side that sent the first segment we see is the client (node 0);
 *  - a segment that starts at the next expected sequence number is appended (the expected number then
 *    advances by the *reported* segment length, even if the capture cut the payload short);
 *  - a segment that starts before it is trimmed to its unseen part (retransmission / partial overlap);
 *  - a segment that starts after it is buffered as a fragment until the hole is filled, or until the
 *    other side acknowledges past it — then a marker "[N bytes missing in capture file]\0" is emitted as
 *    stream data (tshark prints it as data, so we do too) and the fragment is placed;
 *  - fragments still buffered at the end are not shown by tshark; we report them in `pending`.
 * On top of that we annotate each chunk (gap / retransmission trimmed / out-of-order / after FIN or RST)
 * without changing any byte.
 *
 * Sequence numbers are Wireshark's relative `tcp.seq`; `ack` is the relative `tcp.ack` when the ACK flag is
 * set and the raw field otherwise (that is what the tap sees). All comparisons are modulo 2^32.
 */

export const enum ChunkFlag {
  /** The chunk is tshark's "[N bytes missing in capture file]" marker, not captured bytes. */
  Gap = 1,
  /** The segment started before the expected sequence number: its already-seen head was dropped. */
  RetransTrimmed = 2,
  /** The segment arrived before a preceding one and waited in the fragment list. */
  OutOfOrder = 4,
  /** The chunk lies at or beyond the sender's FIN sequence number. */
  AfterFin = 8,
  /** The chunk was sent after the same side sent a RST. */
  AfterRst = 16,
  /** The captured payload is shorter than the segment length (snaplen cut): bytes are missing silently. */
  Truncated = 32,
}

export const CHUNK_FLAG_NAMES: ReadonlyArray<[ChunkFlag, string]> = [
  [ChunkFlag.Gap, 'gap'],
  [ChunkFlag.RetransTrimmed, 'retransmitted-bytes-dropped'],
  [ChunkFlag.OutOfOrder, 'out-of-order'],
  [ChunkFlag.AfterFin, 'after-fin'],
  [ChunkFlag.AfterRst, 'after-rst'],
  [ChunkFlag.Truncated, 'truncated'],
]

export function chunkFlagNames(flags: number): string[] {
  const out: string[] = []
  for (const [bit, name] of CHUNK_FLAG_NAMES) if (flags & bit) out.push(name)
  return out
}

/** One TCP segment of the stream, in capture order. `payload` holds the captured payload bytes only. */
export interface FollowSegment {
  frame: number
  /** Source endpoint identity (address id / string + port): compared for equality to pick the direction. */
  srcAddr: number | string
  srcPort: number
  dstAddr: number | string
  dstPort: number
  /** Relative tcp.seq (Wireshark's), uint32. */
  seq: number
  /** tcp.ack as Wireshark shows it: relative when ACK is set, else the raw field. */
  ack: number
  /** TCP flag byte(s); only SYN (0x02), FIN (0x01), RST (0x04) matter here. */
  flags: number
  /** tcp.len: segment length from the headers (may exceed payload.length when truncated). */
  segLen: number
  payload: Uint8Array
}

/** 0 = client (node 0: the source of the first segment), 1 = server (node 1). */
export type FollowDir = 0 | 1

export interface FollowChunk {
  dir: FollowDir
  data: Uint8Array
  /** Frame that carried the bytes (for a gap marker: the frame whose ACK revealed the gap). */
  firstFrame: number
  lastFrame: number
  /** Relative sequence number of the first byte (gap marker: where the missing range starts). */
  seq: number
  /** Sequence number just after the chunk in the stream (for a gap: the start of the next data). */
  endSeq: number
  flags: number
  /** Gap markers: number of bytes missing (tshark's N, may be negative in pathological captures). */
  missing: number
  /** Bytes of this segment dropped because they had been seen already. */
  droppedBytes: number
}

export interface FollowEndpoint {
  addr: number | string
  port: number
}

export interface FollowResult {
  /** Node 0 / node 1 endpoints (null when the stream had no segment at all). */
  client: FollowEndpoint | null
  server: FollowEndpoint | null
  /** tshark's payload records in arrival order (interleaved view). */
  chunks: FollowChunk[]
  /** Per direction: captured bytes emitted (excl. gap markers), gap bytes, retransmitted bytes dropped. */
  stats: [FollowDirStats, FollowDirStats]
  /** Out-of-order fragments never placed (tshark silently drops them at the end). */
  pending: FollowChunk[]
}

export interface FollowDirStats {
  segments: number
  bytes: number
  gaps: number
  missingBytes: number
  droppedBytes: number
  outOfOrder: number
  afterFinBytes: number
}

const SYN = 0x02
const FIN = 0x01
const RST = 0x04

/** a - b as a signed 32-bit difference (Wireshark's LT_SEQ/GT_SEQ). */
function seqDiff(a: number, b: number): number {
  return (a - b) | 0
}

const textEncoder = new TextEncoder()

interface Fragment {
  frame: number
  seq: number
  data: Uint8Array
  flags: number
}

function newStats(): FollowDirStats {
  return { segments: 0, bytes: 0, gaps: 0, missingBytes: 0, droppedBytes: 0, outOfOrder: 0, afterFinBytes: 0 }
}

/**
 * Incremental reassembler: push() segments in capture order, then result(). Holds references to the
 * payload arrays it keeps (callers must pass arrays they will not overwrite).
 */
export class FollowReassembler {
  private client: FollowEndpoint | null = null
  private server: FollowEndpoint | null = null
  private readonly nextSeq: [number, number] = [0, 0]
  private readonly bytesWritten: [number, number] = [0, 0]
  private readonly fragments: [Fragment[], Fragment[]] = [[], []]
  private readonly chunks: FollowChunk[] = []
  private readonly stats: [FollowDirStats, FollowDirStats] = [newStats(), newStats()]
  /** Relative sequence number just after the first FIN of each side (NaN: none yet). */
  private readonly finSeq: [number, number] = [NaN, NaN]
  private readonly rstSeen: [boolean, boolean] = [false, false]

  push(s: FollowSegment): void {
    let sequence = s.seq >>> 0
    if (s.flags & SYN) sequence = (sequence + 1) >>> 0
    let length = s.segLen >>> 0

    // tshark re-picks the client while its port is still 0 (a quirk kept for identical output).
    if (this.client === null || this.client.port === 0) {
      this.client = { addr: s.srcAddr, port: s.srcPort }
      this.server = { addr: s.dstAddr, port: s.dstPort }
    }
    const dir: FollowDir = s.srcAddr === this.client.addr && s.srcPort === this.client.port ? 0 : 1
    const other: FollowDir = dir === 0 ? 1 : 0
    const st = this.stats[dir]
    st.segments++

    // The ACK of this segment may reveal that the other side's buffered fragments were received.
    if (this.fragments[other].length > 0) {
      while (this.checkFragments(other, s.ack >>> 0, s.frame, true));
    }

    if (this.bytesWritten[dir] === 0 && this.nextSeq[dir] === 0) this.nextSeq[dir] = sequence

    const captured = s.payload
    let dataOffset = 0
    let dataLength = captured.length
    let chunkFlags = 0
    let dropped = 0
    if (seqDiff(sequence, this.nextSeq[dir]) < 0) {
      const nextseq = (sequence + length) >>> 0
      if (seqDiff(nextseq, this.nextSeq[dir]) > 0) {
        dataOffset = (this.nextSeq[dir] - sequence) >>> 0
        dropped = dataOffset
        if (dataLength <= dataOffset) dataLength = 0
        else dataLength -= dataOffset
        sequence = this.nextSeq[dir]
        length = (nextseq - this.nextSeq[dir]) >>> 0
        chunkFlags |= ChunkFlag.RetransTrimmed
      }
    }

    const afterFinFlag = this.afterFlags(dir, sequence)
    if (s.flags & RST) this.rstSeen[dir] = true
    if (s.flags & FIN && Number.isNaN(this.finSeq[dir])) this.finSeq[dir] = (sequence + length) >>> 0

    if (dataLength === 0 || seqDiff(sequence, this.nextSeq[dir]) < 0) {
      // Nothing new: a pure ACK, or a full retransmission.
      if (s.segLen > 0) st.droppedBytes += Math.min(s.segLen, captured.length)
      return
    }
    st.droppedBytes += dropped
    if (dataLength < length) chunkFlags |= ChunkFlag.Truncated
    const data =
      dataOffset === 0 && dataLength === captured.length
        ? captured
        : captured.subarray(dataOffset, dataOffset + dataLength)

    if (sequence === this.nextSeq[dir]) {
      this.nextSeq[dir] = (this.nextSeq[dir] + length) >>> 0
      this.bytesWritten[dir] += data.length
      this.emit(dir, data, s.frame, s.frame, sequence, chunkFlags | afterFinFlag, 0, dropped)
      while (this.checkFragments(dir, 0, s.frame, false));
    } else {
      this.fragments[dir].push({
        frame: s.frame,
        seq: sequence,
        data,
        flags: chunkFlags | ChunkFlag.OutOfOrder,
      })
      st.outOfOrder++
    }
  }

  result(): FollowResult {
    const pending: FollowChunk[] = []
    for (const dir of [0, 1] as const) {
      for (const f of this.fragments[dir]) {
        pending.push(this.makeChunk(dir, f.data, f.frame, f.frame, f.seq, f.flags, 0, 0))
      }
    }
    return { client: this.client, server: this.server, chunks: this.chunks, stats: this.stats, pending }
  }

  private afterFlags(dir: FollowDir, seq: number): number {
    let f = 0
    if (!Number.isNaN(this.finSeq[dir]) && seqDiff(seq, this.finSeq[dir]) >= 0) f |= ChunkFlag.AfterFin
    if (this.rstSeen[dir]) f |= ChunkFlag.AfterRst
    return f
  }

  private makeChunk(
    dir: FollowDir,
    data: Uint8Array,
    firstFrame: number,
    lastFrame: number,
    seq: number,
    flags: number,
    missing: number,
    droppedBytes: number,
  ): FollowChunk {
    const endSeq = flags & ChunkFlag.Gap ? (seq + missing) >>> 0 : (seq + data.length) >>> 0
    return { dir, data, firstFrame, lastFrame, seq, endSeq, flags, missing, droppedBytes }
  }

  private emit(
    dir: FollowDir,
    data: Uint8Array,
    firstFrame: number,
    lastFrame: number,
    seq: number,
    flags: number,
    missing: number,
    droppedBytes: number,
  ): void {
    const st = this.stats[dir]
    if (flags & ChunkFlag.Gap) {
      st.gaps++
      st.missingBytes += missing
    } else {
      st.bytes += data.length
      if (flags & ChunkFlag.AfterFin) st.afterFinBytes += data.length
    }
    this.chunks.push(this.makeChunk(dir, data, firstFrame, lastFrame, seq, flags, missing, droppedBytes))
  }

  /** One step of tshark's check_follow_fragments; true when something was placed. */
  private checkFragments(dir: FollowDir, acknowledged: number, frame: number, useAck: boolean): boolean {
    const list = this.fragments[dir]
    if (list.length === 0) return false
    let lowest = list[0]!.seq
    for (let i = 0; i < list.length; i++) {
      const frag = list[i]!
      if (seqDiff(lowest, frag.seq) > 0) lowest = frag.seq
      const expected = this.nextSeq[dir]
      if (seqDiff(frag.seq, expected) < 0) {
        // Dated fragment: keep only what extends past the expected sequence number.
        const newseq = (frag.seq + frag.data.length) >>> 0
        if (seqDiff(newseq, expected) > 0) {
          const newPos = (expected - frag.seq) >>> 0
          if (frag.data.length > newPos) {
            const part = frag.data.subarray(newPos)
            this.stats[dir].droppedBytes += newPos
            this.emit(
              dir,
              part,
              frag.frame,
              frag.frame,
              expected,
              frag.flags | ChunkFlag.RetransTrimmed | this.afterFlags(dir, expected),
              0,
              newPos,
            )
          }
          this.nextSeq[dir] = (this.nextSeq[dir] + frag.data.length - newPos) >>> 0
        } else {
          this.stats[dir].droppedBytes += frag.data.length
        }
        list.splice(i, 1)
        return true
      }
      if (frag.seq === expected) {
        this.emit(
          dir,
          frag.data,
          frag.frame,
          frag.frame,
          frag.seq,
          frag.flags | this.afterFlags(dir, frag.seq),
          0,
          0,
        )
        this.nextSeq[dir] = (this.nextSeq[dir] + frag.data.length) >>> 0
        list.splice(i, 1)
        return true
      }
    }
    if (useAck && seqDiff(acknowledged, lowest) > 0) {
      // The receiver acknowledged data we never saw: tshark emits a textual marker as stream data.
      const missing = seqDiff(lowest, this.nextSeq[dir])
      const marker = textEncoder.encode(`[${missing} bytes missing in capture file]\0`)
      this.emit(dir, marker, frame, frame, this.nextSeq[dir], ChunkFlag.Gap, missing, 0)
      this.nextSeq[dir] = lowest
      return true
    }
    return false
  }
}

/** Reassemble a whole list of segments (capture order). */
export function reassembleFollow(segments: Iterable<FollowSegment>): FollowResult {
  const r = new FollowReassembler()
  for (const s of segments) r.push(s)
  return r.result()
}

/** The bytes one direction sent, concatenated (gap markers included, as tshark writes them). */
export function directionBytes(
  result: FollowResult,
  dir: FollowDir,
  opts: { includeGapMarkers?: boolean } = {},
): Uint8Array {
  const keep = opts.includeGapMarkers !== false
  let n = 0
  for (const c of result.chunks) if (c.dir === dir && (keep || !(c.flags & ChunkFlag.Gap))) n += c.data.length
  const out = new Uint8Array(n)
  let o = 0
  for (const c of result.chunks) {
    if (c.dir !== dir || (!keep && c.flags & ChunkFlag.Gap)) continue
    out.set(c.data, o)
    o += c.data.length
  }
  return out
}

/**
 * The interleaved view for people: consecutive chunks of the same direction merged into one turn
 * (firstFrame..lastFrame, seq range, flags OR-ed). Gap markers stay separate so the UI can draw them.
 * tshark's own output keeps one record per segment; use `chunks` for that.
 */
export function mergeTurns(result: FollowResult): FollowChunk[] {
  const out: FollowChunk[] = []
  let cur: FollowChunk | null = null
  let parts: Uint8Array[] = []
  const flush = (): void => {
    if (!cur) return
    if (parts.length > 1) {
      const n = parts.reduce((a, p) => a + p.length, 0)
      const data = new Uint8Array(n)
      let o = 0
      for (const p of parts) {
        data.set(p, o)
        o += p.length
      }
      cur.data = data
    }
    out.push(cur)
    cur = null
    parts = []
  }
  for (const c of result.chunks) {
    const gap = (c.flags & ChunkFlag.Gap) !== 0
    if (cur && !gap && !(cur.flags & ChunkFlag.Gap) && cur.dir === c.dir && cur.endSeq === c.seq) {
      parts.push(c.data)
      cur.lastFrame = c.lastFrame
      cur.endSeq = c.endSeq
      cur.flags |= c.flags
      cur.droppedBytes += c.droppedBytes
      continue
    }
    flush()
    cur = { ...c }
    parts = [c.data]
  }
  flush()
  return out
}
