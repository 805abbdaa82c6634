import {
  analyzeTcp,
  type TcpAnalysis,
  type TcpIndexView,
  tcpFieldValues,
  TCP_ANALYSIS_FLAG_NAMES,
} from '../../src/main/engine/tcp'
import { runOracle } from '../support/oracle'
import { buildIndex } from '../../src/main/engine/index'

/**
 * Compares analyzeTcp with `tshark -T fields` (one call per file, cached by the oracle) frame by frame.
 * Only frames where both sides see TCP are compared (tshark also decodes TCP inside tunnels and ICMP
 * errors, which wirelite does not); frames where only one side sees TCP are counted separately.
 */
export const NUMBER_FIELDS = ['tcp.stream', 'tcp.seq', 'tcp.ack', 'tcp.len', 'tcp.nxtseq'] as const
export const OTHER_FIELDS = [
  'tcp.window_size',
  'tcp.analysis.ack_rtt',
  'tcp.analysis.initial_rtt',
  'tcp.analysis.bytes_in_flight',
  'tcp.analysis.acks_frame',
  'tcp.analysis.duplicate_ack_num',
  'tcp.analysis.duplicate_ack_frame',
] as const
const FLAG_FIELDS = TCP_ANALYSIS_FLAG_NAMES.map((n) => `tcp.analysis.${n}`)
const ALL = ['frame.number', ...NUMBER_FIELDS, ...OTHER_FIELDS, ...FLAG_FIELDS]

export interface FieldStats {
  same: number
  total: number
  mismatches: string[]
}

export interface CompareResult {
  files: number
  framesCompared: number
  onlyTshark: number
  onlyOurs: string[]
  /** Files whose stream ids were compared after dense renumbering (tshark saw TCP we do not decode). */
  renumbered: string[]
  /** Files skipped because tshark counts more frames than the reader delivers (numbering differs). */
  misaligned: string[]
  fields: Map<string, FieldStats>
}

export function newResult(): CompareResult {
  const fields = new Map<string, FieldStats>()
  for (const f of [...NUMBER_FIELDS, ...OTHER_FIELDS, 'tcp.analysis.flags'])
    fields.set(f, { same: 0, total: 0, mismatches: [] })
  return { files: 0, framesCompared: 0, onlyTshark: 0, onlyOurs: [], renumbered: [], misaligned: [], fields }
}

export function tsharkFields(file: string): string[][] {
  const args = [
    '-n',
    '-r',
    file,
    '-o',
    'tcp.relative_sequence_numbers:TRUE',
    '-T',
    'fields',
    '-E',
    'occurrence=f',
  ]
  for (const f of ALL) args.push('-e', f)
  const r = runOracle('tshark', args, file)
  return r.stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t'))
}

/** Our value of each compared field for a row, formatted as tshark prints it ('' = absent). */
export function ourFields(
  index: TcpIndexView,
  an: TcpAnalysis,
  row: number,
  seglen: number,
): Record<string, string> {
  const v = tcpFieldValues(index, an, row, seglen) as Record<string, number | string | string[] | undefined>
  const out: Record<string, string> = {}
  for (const f of [...NUMBER_FIELDS, ...OTHER_FIELDS, 'tcp.analysis.flags']) {
    const x = v[f]
    out[f] = x === undefined ? '' : Array.isArray(x) ? x.join(',') : String(x)
  }
  return out
}

export async function compareFile(file: string, res: CompareResult, name: string): Promise<void> {
  let index
  try {
    index = await buildIndex(file, { verifyChecksums: false })
  } catch {
    return // unreadable: the reader tests cover it
  }
  let tcpRows = 0
  for (const ch of index.chunks) for (let i = 0; i < ch.count; i++) if (ch.proto[i] === 5) tcpRows++
  if (tcpRows === 0) return // nothing of ours to compare (tshark-only TCP is in tunnels / ICMP)
  res.files++
  const an = analyzeTcp(index)
  const lines = tsharkFields(file)
  // tshark numbers some non-packet pcapng blocks as frames; then frame N is not our row N-1.
  if (lines.length > index.count) {
    res.misaligned.push(name)
    return
  }
  const seen = new Set<number>()
  const rowOf = (row: number): [number, number] => {
    const ch = index.chunks[Math.floor(row / 65536)]!
    return [ch.proto[row - ch.firstRow]!, ch.payloadLen[row - ch.firstRow]!]
  }
  // Streams tshark opened for TCP we do not decode (in tunnels, ICMP errors) shift its numbering: in
  // such files both sides' stream ids are renumbered densely over the frames compared.
  const tsOnly = lines.some((c) => (c[1] ?? '') !== '' && rowOf(Number(c[0]) - 1)[0] !== 5)
  const tsMap = new Map<string, string>()
  if (tsOnly) {
    res.renumbered.push(name)
    for (const c of lines) {
      const r = Number(c[0]) - 1
      if ((c[1] ?? '') !== '' && r >= 0 && r < index.count && rowOf(r)[0] === 5 && !tsMap.has(c[1]!))
        tsMap.set(c[1]!, String(tsMap.size))
    }
  }
  const ourMap = new Map<number, string>()
  for (const cols of lines) {
    const frame = Number(cols[0])
    const row = frame - 1
    const tsStream = cols[1] ?? ''
    if (!(row >= 0 && row < index.count)) continue
    seen.add(row)
    const [proto, seglen] = rowOf(row)
    const oursTcp = proto === 5 && an.stream[row]! >= 0
    if (tsStream === '' && !oursTcp) continue
    if (tsStream === '') {
      res.onlyOurs.push(`${name} #${frame}`)
      continue
    }
    if (!oursTcp) {
      res.onlyTshark++
      continue
    }
    res.framesCompared++
    const ours = ourFields(index, an, row, seglen)
    if (tsOnly) {
      cols[1] = tsMap.get(cols[1]!)!
      const s = an.stream[row]!
      if (!ourMap.has(s)) ourMap.set(s, String(ourMap.size))
      ours['tcp.stream'] = ourMap.get(s)!
    }
    let k = 1
    for (const f of [...NUMBER_FIELDS, ...OTHER_FIELDS]) {
      const st = res.fields.get(f)!
      const theirs = cols[k++] ?? ''
      st.total++
      if (theirs === ours[f]) st.same++
      else st.mismatches.push(`${name} #${frame} ${f}: tshark=${theirs || '∅'} ours=${ours[f] || '∅'}`)
    }
    const tf = TCP_ANALYSIS_FLAG_NAMES.filter((_, i) => (cols[k + i] ?? '') !== '').join(',')
    const st = res.fields.get('tcp.analysis.flags')!
    st.total++
    if (tf === ours['tcp.analysis.flags']) st.same++
    else st.mismatches.push(`${name} #${frame} flags: tshark=[${tf}] ours=[${ours['tcp.analysis.flags']}]`)
  }
}

export function report(res: CompareResult, label: string, maxList = 60): string {
  const out: string[] = [`== ${label}: ${res.files} files with TCP, ${res.framesCompared} frames compared`]
  if (res.onlyTshark) out.push(`   (${res.onlyTshark} frames have TCP only in tshark: tunnels / not decoded)`)
  if (res.misaligned.length)
    out.push(`   skipped, tshark numbers more frames than we read: ${res.misaligned.join(', ')}`)
  if (res.renumbered.length) out.push(`   tcp.stream renumbered densely in: ${res.renumbered.join(', ')}`)
  if (res.onlyOurs.length)
    out.push(
      `   ${res.onlyOurs.length} frames have TCP only in ours: ${res.onlyOurs.slice(0, 20).join(', ')}`,
    )
  for (const [f, st] of res.fields) {
    const pct = st.total ? ((100 * st.same) / st.total).toFixed(3) : '100'
    out.push(`${f.padEnd(36)} ${st.same} identical of ${st.total} (${pct} %)`)
    for (const m of st.mismatches.slice(0, maxList)) out.push('    ' + m)
    if (st.mismatches.length > maxList) out.push(`    … ${st.mismatches.length - maxList} more`)
  }
  return out.join('\n')
}
