import type { FieldContext, FieldWriter } from '../../../shared/decode/wireshark-fields'
import { explainText, SeqExplainer } from '../../../shared/explain/seq-explainer'
import { CATALOGS, type Lang } from '../../../shared/explain/format'
import { STATE_ASSUMED, stateName } from '../../../shared/explain/tcp-states'
import { CHUNK_ROWS } from '../../../shared/model/index-columns'
import { IndexBuilder } from '../index/index-builder'
import { PacketIndex } from '../index/packet-index'
import { decodeFrame } from '../../../shared/decode/decode-frame'
import { DecodedFrame } from '../../../shared/model/decoded-frame'
import { readCaptureFile } from '../readers/read-capture-file'
import { ackRttText, analyzeTcp, analysisFlagNames, TcpPresent } from '../tcp'
import type { TcpAnalysis } from '../tcp'
import { TcpStateTracker } from '../tcp/state'

/**
 * Index the first `count` frames of `path` (all when Infinity) for the TCP analysis. Like buildIndex,
 * but it can stop early: `wirelite fields -c N` analyses only those N frames, as `tshark -c N` does.
 * Checksums are not verified (the analysis does not use them, and tshark does not check them either).
 */
export async function indexForAnalysis(path: string, count: number): Promise<PacketIndex> {
  const index = new PacketIndex()
  const builder = new IndexBuilder(index)
  const f = new DecodedFrame()
  const summary = await readCaptureFile(path, (rec, info) => {
    if (index.count === 0) index.info = info
    decodeFrame(rec.linkType, rec.data, rec.origLen, f, false)
    builder.add(rec, f)
    return rec.number < count
  })
  index.info = summary.info
  index.summary = summary
  builder.finish()
  return index
}

/**
 * Explanations are built from our own catalogue templates filled with numbers and side names, so when
 * no template needs JSON escaping the text can be quoted as is; JSON.stringify of 1M freshly
 * concatenated strings was the single largest cost of the output pass. Checked once, per language.
 */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029]/
function catalogIsJsonSafe(lang: Lang): boolean {
  for (const t of Object.values(CATALOGS[lang])) if (NEEDS_ESCAPE.test(t)) return false
  for (const t of Object.values(CATALOGS.en)) if (NEEDS_ESCAPE.test(t)) return false
  return true
}

/** Per-stream live state while rows are printed; dropped after the stream's last row. */
interface StreamCursor {
  tracker: TcpStateTracker
  explainer: SeqExplainer
  position: number
}

/**
 * The FieldWriter that adds the TCP analysis keys of `wirelite fields` (tcp.stream … tcp.explain) to a
 * row, from an index + analysis computed beforehand over the same frames. It must be called for rows in
 * increasing order (the printing pass reads the file again in order): endpoint states and explanations
 * are computed per row as the rows go by, with one state tracker and one explainer per open stream, so
 * no per-row strings are built up front (1M explanations would cost seconds and hundreds of MB) and
 * memory grows with the streams open at once, not with the capture.
 */
export function tcpAnalysisWriter(index: PacketIndex, an: TcpAnalysis, lang: Lang = 'en'): FieldWriter {
  const cursors = new Map<number, StreamCursor>()
  const convs = an.conversations
  const quoteAsIs = catalogIsJsonSafe(lang)
  const initialRtt = an.initialRttText.map((t) => (t ? String(Number(t)) : ''))
  return ({ row }: FieldContext, out: string[]): void => {
    if (row >= an.count) return
    const s = an.stream[row]!
    if (s < 0) return
    const conv = convs[s]!
    const c = index.chunks[Math.floor(row / CHUNK_ROWS)]!
    const j = row - c.firstRow
    const p = an.present[row]!
    out.push(`"tcp.stream":${s}`, `"tcp.seq":${an.relSeq[row]!}`, `"tcp.ack":${an.relAck[row]!}`)
    if (p & TcpPresent.SEGLEN) out.push(`"tcp.nxtseq":${an.nxtSeq[row]!}`)
    out.push(`"tcp.window_size":${an.windowSize[row]!}`)

    // tcp.analysis.*: shown only where tshark shows its SEQ/ACK analysis tree; the flags array always.
    const flags = p & TcpPresent.ANALYSIS ? an.analysisFlags[row]! : 0
    if (p & TcpPresent.ANALYSIS) {
      if (an.acksFrame[row]) {
        out.push(`"tcp.analysis.acks_frame":${an.acksFrame[row]!}`)
        // Parsed from tshark's exact "S.NNNNNNNNN" text: the nearest double to the nanosecond value.
        const rtt = ackRttText(index, an, row)
        if (rtt) out.push(`"tcp.analysis.ack_rtt":${Number(rtt)}`)
      }
      const irRow = an.initialRttRow[s]!
      if (irRow >= 0 && row >= irRow && initialRtt[s]) out.push(`"tcp.analysis.initial_rtt":${initialRtt[s]}`)
      if (an.bytesInFlight[row]! >= 0) out.push(`"tcp.analysis.bytes_in_flight":${an.bytesInFlight[row]!}`)
      if (flags && an.duplicateAckNum[row]) {
        out.push(`"tcp.analysis.duplicate_ack_num":${an.duplicateAckNum[row]!}`)
        out.push(`"tcp.analysis.duplicate_ack_frame":${an.duplicateAckFrame[row]!}`)
      }
    }
    out.push(
      flags
        ? `"tcp.analysis.flags":[${analysisFlagNames(flags)
            .map((n) => `"${n}"`)
            .join(',')}]`
        : '"tcp.analysis.flags":[]',
    )

    // Endpoint states after this packet, and the seq/ack explanation (dir 0 = client → server).
    let cur = cursors.get(s)
    if (cur === undefined) {
      cur = { tracker: new TcpStateTracker(), explainer: new SeqExplainer(), position: 0 }
      cursors.set(s, cur)
    }
    const dir = c.srcAddr[j] === conv.clientAddr && c.srcPort[j] === conv.clientPort ? 0 : 1
    const fl = c.tcpFlags[j]!
    const seq = c.tcpSeq[j]!
    const ack = c.tcpAck[j]!
    const len = c.payloadLen[j]!
    const t = cur.tracker
    t.step(dir, fl, seq, ack, len, row + 1, cur.position++)
    out.push(
      `"tcp.state.client":"${stateName(t.outClient)}"`,
      `"tcp.state.server":"${stateName(t.outServer)}"`,
      `"tcp.state.assumed":${((t.outClient | t.outServer) & STATE_ASSUMED) !== 0}`,
    )
    const text = explainText(cur.explainer.explain(dir, fl, seq, ack, len), lang)
    out.push(quoteAsIs ? `"tcp.explain":"${text}"` : `"tcp.explain":${JSON.stringify(text)}`)
    const rows = conv.rows
    if (rows[rows.length - 1] === row) cursors.delete(s)
  }
}

/** Everything `wirelite fields` needs for its TCP keys: the first pass over the file. */
export async function prepareTcpAnalysisWriter(
  path: string,
  count: number,
  lang: Lang = 'en',
): Promise<FieldWriter> {
  const index = await indexForAnalysis(path, count)
  const an = analyzeTcp(index)
  return tcpAnalysisWriter(index, an, lang)
}
