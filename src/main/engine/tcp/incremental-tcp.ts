import { analyzeChunk, loadCursors, newPassState, saveCursors } from './analyze-tcp'
import type { PassState, RowOutputs, SideCursors } from './analyze-tcp'
import { buildConversation } from './conversations'
import { grown } from './flow-state'
import { formatRelTime } from './rel-time'
import type { TcpAnalysis, TcpConversation, TcpIndexView } from './types'

export interface IncrementalTcpOptions {
  /** As AnalyzeTcpOptions.exhaustiveWalks (tests only). */
  exhaustiveWalks?: boolean
}

/**
 * The TCP analysis of an index that grows (a live capture), resumed where it stopped instead of redone:
 *
 *   const inc = new IncrementalTcpAnalysis()
 *   inc.advance(index)          // analyses rows [inc.count, index.count) only
 *   const an = inc.analysis()   // what analyzeTcp(index) returns for rows [0, inc.count)
 *
 * analyzeTcp is one forward pass whose per-flow state (flow table, sequence state, unacked segments,
 * conversation tallies) is all it needs to go on, and which writes each row's outputs while at that row and
 * never later. So advance() keeps that state between calls and runs the pass over the new rows only, into
 * row columns grown by doubling: O(new rows). analysis() then hands out views of those columns (rows
 * already analysed never change, so an older result stays true for its rows) and refreshes the per-stream
 * part only for streams that got rows since the previous call (found while listing the new rows by
 * stream): their conversation-table entry and initial RTT. What is left is O(streams) array copies (the
 * per-stream arrays of a result must not change under its holder), a memcpy-speed step.
 *
 * The endpoint states (analyzeTcp's `states` option) are not kept here: their per-stream finish rewrites
 * rows already handed out. Use computeCaptureStates on the result when they are needed.
 */
export class IncrementalTcpAnalysis {
  private readonly shortcuts: boolean
  private st: PassState | null = null
  private readonly cursors: SideCursors = { sackK: 0, sackRow: -1, wsK: 0, wsRow: -1 }
  private index: TcpIndexView | null = null
  private rows = 0
  private cap = 0
  private out: RowOutputs
  /** Per stream: the rows its cached conversation was built with (0: not built). */
  private builtAt = new Uint32Array(0)
  /** Streams that got rows since the last refresh (scratch, emptied by it). */
  private readonly dirty: number[] = []
  /** Per stream: rows appended to its streamRows buffer. */
  private listed = new Uint32Array(0)
  private convs: TcpConversation[] = []
  /** Per stream: its rows so far (a buffer grown by doubling; conversations get views of it). */
  private streamRows: Uint32Array[] = []
  /** Rows whose stream has been appended to streamRows (analysis() catches up from here). */
  private listedRows = 0
  private initialRtt = new Float64Array(0)
  private initialRttRow = new Int32Array(0)
  private initialRttText: string[] = []
  private last: TcpAnalysis | null = null

  constructor(opts: IncrementalTcpOptions = {}) {
    this.shortcuts = opts.exhaustiveWalks !== true
    this.out = IncrementalTcpAnalysis.columns(0)
  }

  /** Rows analysed so far. */
  get count(): number {
    return this.rows
  }

  /**
   * Analyse the rows the index gained since the last call: [count, index.count). The index must be the
   * same one (or hold the same first `count` rows); rows already analysed are not looked at again.
   */
  advance(index: TcpIndexView): void {
    const end = index.count
    if (end < this.rows) throw new RangeError(`index shrank: ${end} rows < ${this.rows} analysed`)
    this.index = index
    if (end === this.rows) return
    const st = (this.st ??= newPassState(index, this.shortcuts))
    this.ensureRows(end)
    loadCursors(this.cursors, index, st)
    const chunks = index.chunks
    for (let k = 0; k < chunks.length; k++) {
      const ch = chunks[k]!
      const chEnd = ch.firstRow + ch.count
      if (chEnd <= this.rows) continue
      if (ch.firstRow >= end) break
      const from = Math.max(this.rows, ch.firstRow) - ch.firstRow
      const to = Math.min(end, chEnd) - ch.firstRow
      analyzeChunk(ch, from, to, this.out, st)
    }
    saveCursors(this.cursors)
    this.rows = end
    this.last = null
  }

  /**
   * The analysis of rows [0, count): equal to analyzeTcp over an index of exactly those rows. Row columns
   * are views of buffers that later calls keep appending to (never changing the rows of this result).
   */
  analysis(): TcpAnalysis {
    if (this.last !== null) return this.last
    const n = this.rows
    const o = this.out
    const st = this.st
    const streams = st === null ? 0 : st.table.count
    if (st !== null && this.index !== null) this.refreshStreams(st, this.index, streams)
    const an: TcpAnalysis = {
      count: n,
      stream: o.stream.subarray(0, n),
      relSeq: o.relSeq.subarray(0, n),
      relAck: o.relAck.subarray(0, n),
      nxtSeq: o.nxtSeq.subarray(0, n),
      windowSize: o.windowSize.subarray(0, n),
      windowScaleFactor: o.windowScaleFactor.subarray(0, n),
      present: o.present.subarray(0, n),
      analysisFlags: o.analysisFlags.subarray(0, n),
      duplicateAckNum: o.duplicateAckNum.subarray(0, n),
      duplicateAckFrame: o.duplicateAckFrame.subarray(0, n),
      acksFrame: o.acksFrame.subarray(0, n),
      ackRtt: o.ackRtt.subarray(0, n),
      bytesInFlight: o.bytesInFlight.subarray(0, n),
      // Copies: a stream's initial RTT may still be found later, which must not change this result.
      initialRtt: this.initialRtt.slice(0, streams),
      initialRttRow: this.initialRttRow.slice(0, streams),
      initialRttText: this.initialRttText.slice(0, streams),
      conversations: this.convs.slice(0, streams),
    }
    this.last = an
    return an
  }

  /** Row lists, initial RTTs and conversation-table entries of the streams that got rows since last time. */
  private refreshStreams(st: PassState, index: TcpIndexView, streams: number): void {
    const { tally, cs, table } = st
    if (this.builtAt.length < streams) {
      let c = this.builtAt.length || 256
      while (c < streams) c *= 2
      this.builtAt = grown(this.builtAt, c)
      this.listed = grown(this.listed, c)
      this.initialRtt = grown(this.initialRtt, c, NaN)
      this.initialRttRow = grown(this.initialRttRow, c, -1)
    }
    while (this.initialRttText.length < streams) this.initialRttText.push('')
    const dirty = this.listNewRows(tally.rowCount)
    for (let k = 0; k < dirty.length; k++) {
      const s = dirty[k]!
      const rc = this.listed[s]!
      this.builtAt[s] = rc
      if (cs.firstRttRow[s]! >= 0) {
        this.initialRtt[s] = cs.firstRttSec[s]! + cs.firstRttNsec[s]! / 1e9
        this.initialRttText[s] = formatRelTime(cs.firstRttSec[s]!, cs.firstRttNsec[s]!, 0, 0)
        this.initialRttRow[s] = cs.firstRttRow[s]!
      }
      const rows = this.streamRows[s]!.subarray(0, rc)
      this.convs[s] = buildConversation(index, table, tally, s, this.initialRtt[s]!, rows)
    }
    dirty.length = 0
  }

  /**
   * Append the rows analysed since the last call to their streams' row lists; returns the streams that got
   * rows (every change to a stream's tallies or initial RTT comes with a row of it).
   */
  private listNewRows(rowCount: Uint32Array): number[] {
    const lists = this.streamRows
    const listed = this.listed
    const built = this.builtAt
    const dirty = this.dirty
    const stream = this.out.stream
    for (let r = this.listedRows; r < this.rows; r++) {
      const s = stream[r]!
      if (s < 0) continue
      const k = listed[s]!
      if (k === built[s]) dirty.push(s) // its first row since the last refresh
      let l = lists[s]
      if (l === undefined || l.length <= k) {
        // Room for every row the stream has by now, and at least double: one copy per doubling.
        const x = new Uint32Array(Math.max(8, rowCount[s]!, (l?.length ?? 0) * 2))
        if (l !== undefined) x.set(l.subarray(0, k))
        while (lists.length < s) lists.push(new Uint32Array(0))
        lists[s] = x
        l = x
      }
      l[k] = r
      listed[s] = k + 1
    }
    this.listedRows = this.rows
    return dirty
  }

  private ensureRows(n: number): void {
    if (n <= this.cap) return
    let c = this.cap || 1024
    while (c < n) c *= 2
    const o = this.out
    this.out = {
      stream: grown(o.stream, c, -1),
      relSeq: grown(o.relSeq, c),
      relAck: grown(o.relAck, c),
      nxtSeq: grown(o.nxtSeq, c),
      windowSize: grown(o.windowSize, c),
      windowScaleFactor: grown(o.windowScaleFactor, c),
      present: grown(o.present, c),
      analysisFlags: grown(o.analysisFlags, c),
      duplicateAckNum: grown(o.duplicateAckNum, c),
      duplicateAckFrame: grown(o.duplicateAckFrame, c),
      acksFrame: grown(o.acksFrame, c),
      ackRtt: grown(o.ackRtt, c, NaN),
      bytesInFlight: grown(o.bytesInFlight, c, -1),
    }
    this.cap = c
  }

  private static columns(n: number): RowOutputs {
    return {
      stream: new Int32Array(n),
      relSeq: new Uint32Array(n),
      relAck: new Uint32Array(n),
      nxtSeq: new Uint32Array(n),
      windowSize: new Uint32Array(n),
      windowScaleFactor: new Int32Array(n),
      present: new Uint8Array(n),
      analysisFlags: new Uint32Array(n),
      duplicateAckNum: new Uint32Array(n),
      duplicateAckFrame: new Uint32Array(n),
      acksFrame: new Uint32Array(n),
      ackRtt: new Float64Array(n),
      bytesInFlight: new Int32Array(n),
    }
  }
}
