import { basename, relative } from 'node:path'
import { decodeFrame } from '../../src/shared/decode/decode-frame'
import { DEFAULT_FIELD_WRITERS, fieldsJson } from '../../src/shared/decode/wireshark-fields'
import { DecodedFrame } from '../../src/shared/model/decoded-frame'
import { CaptureOpenError, readCaptureFile } from '../../src/main/engine/readers/read-capture-file'
import { CAPTURES_DIR } from '../support/corpus'
import { runOracle } from '../support/oracle'

/**
 * `wirelite fields` versus `tshark -T fields -E occurrence=f` over capture files. One tshark run per file
 * (cached by test/support/oracle.ts). IP defragmentation is switched off in tshark because wirelite
 * decodes each frame on its own (first fragment decoded, later ones marked), which is what tshark shows
 * without reassembly.
 *
 * Frames are put in three groups:
 *  - plain: tshark's first IP layer is the only one → every field is compared;
 *  - encapsulated: tshark sees a second IP/Ethernet layer (tunnel, ICMP error quoting a header) →
 *    frame/eth/outer-IP fields are compared, transport fields are not (tshark's first tcp/udp may be the
 *    inner one, which wirelite does not decode), and fields only tshark has are not counted;
 *  - undecoded: tshark finds IP where wirelite finds none (PPP, LLC/SNAP, MACsec …), or the link type
 *    is one wirelite does not decode (frame relay, ATM, IPoIB …): reported separately by tshark's
 *    protocol path, not counted as mismatches.
 */
export const COMPARED_FIELDS = [
  'frame.number',
  'frame.time_epoch',
  'frame.len',
  'frame.cap_len',
  'frame.interface_id',
  'eth.src',
  'eth.dst',
  'vlan.id',
  'ieee8021ad.id',
  'ip.src',
  'ip.dst',
  'ip.hdr_len',
  'ip.len',
  'ip.ttl',
  'ip.id',
  'ip.proto',
  'ipv6.src',
  'ipv6.dst',
  'ipv6.plen',
  'ipv6.nxt',
  'ipv6.hlim',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.seq_raw',
  'tcp.ack_raw',
  'tcp.flags',
  'tcp.window_size_value',
  'tcp.len',
  'tcp.hdr_len',
  'tcp.urgent_pointer',
  'tcp.options.mss_val',
  'tcp.options.wscale.shift',
  'tcp.options.timestamp.tsval',
  'tcp.options.timestamp.tsecr',
  'tcp.options.sack_perm',
  'udp.srcport',
  'udp.dstport',
  'udp.length',
  'icmp.type',
  'icmp.code',
  'icmpv6.type',
  'icmpv6.code',
] as const

/** The fields the TCP/IP threshold is about. */
export const TCPIP_FIELDS = COMPARED_FIELDS.filter((f) => /^(ip|ipv6|tcp|udp)\./.test(f))
const TRANSPORT = /^(tcp|udp|icmp|icmpv6)\./
const TSHARK_FIELDS = ['frame.protocols', ...COMPARED_FIELDS]

export interface FieldStat {
  same: number
  compared: number
}

export interface Mismatch {
  file: string
  frame: number
  field: string
  ours: unknown
  tshark: string | undefined
  protocols: string
}

export interface ConformanceResult {
  files: number
  filesRejected: string[]
  frames: number
  framesCompared: number
  plain: number
  encapsulated: number
  undecoded: Map<string, number>
  /** First file#frame of each undecoded path. */
  undecodedExample: Map<string, string>
  framesOnlyOneSide: number
  /** Timestamp-less rows tshark shows for non-packet pcapng blocks (dropped before comparing). */
  tsharkNonPackets: number
  stats: Map<string, FieldStat>
  mismatches: Mismatch[]
  mismatchesByKind: Map<string, number>
}

export function newResult(): ConformanceResult {
  return {
    files: 0,
    filesRejected: [],
    frames: 0,
    framesCompared: 0,
    plain: 0,
    encapsulated: 0,
    undecoded: new Map(),
    undecodedExample: new Map(),
    framesOnlyOneSide: 0,
    tsharkNonPackets: 0,
    stats: new Map(COMPARED_FIELDS.map((f) => [f, { same: 0, compared: 0 }])),
    mismatches: [],
    mismatchesByKind: new Map(),
  }
}

function tsharkRows(file: string, r: ConformanceResult): Map<number, string[]> {
  const args = ['-r', file, '-n', '-o', 'ip.defragment:FALSE', '-o', 'ipv6.defragment:FALSE', '-T', 'fields']
  args.push('-E', 'occurrence=f', '-E', 'separator=/t')
  for (const f of TSHARK_FIELDS) args.push('-e', f)
  const out = runOracle('tshark', args, file)
  const rows = new Map<number, string[]>()
  let n = 0
  for (const line of out.stdout.split('\n')) {
    if (line === '') continue
    const cols = line.split('\t')
    // tshark lists pcapng blocks that are not packets (custom blocks …) as frames without timestamp and
    // interface; readers (libpcap, tcpdump, ours) do not: drop them and renumber the frames that follow.
    if (cols[2] === '' && cols[5] === '') {
      r.tsharkNonPackets++
      continue
    }
    cols[1] = String(++n)
    rows.set(n, cols)
  }
  return rows
}

interface OurRow {
  obj: Record<string, unknown>
  hasIp: boolean
  linkUnsupported: boolean
}

async function ourRows(file: string): Promise<Map<number, OurRow> | null> {
  const rows = new Map<number, OurRow>()
  const f = new DecodedFrame()
  try {
    await readCaptureFile(file, (rec, info) => {
      decodeFrame(rec.linkType, rec.data, rec.origLen, f)
      const obj = JSON.parse(
        fieldsJson({ rec, f, info, row: rec.number - 1 }, DEFAULT_FIELD_WRITERS),
      ) as Record<string, unknown>
      let linkUnsupported = false
      for (let i = 0; i < f.issueCount; i++)
        if (f.issueCodes[i] === 'unsupported' && f.issueLayers[i] === 'link') linkUnsupported = true
      rows.set(rec.number, { obj, hasIp: f.ipVersion === 4 || f.ipVersion === 6, linkUnsupported })
    })
  } catch (err) {
    if (err instanceof CaptureOpenError) return null
    throw err
  }
  return rows
}

function normalize(field: string, ours: unknown, ts: string | undefined): [unknown, unknown] {
  if (ts === '') ts = undefined
  if (Array.isArray(ours)) ours = ours[0] // vlan.id, ieee8021ad.id: tshark's occurrence=f is the outer one
  if (field === 'tcp.options.sack_perm') return [ours, ts === undefined ? undefined : 1]
  if (ts === undefined || typeof ours === 'string' || ours === undefined) return [ours, ts]
  // tshark prints some integers in hex ("0x34ff"); Number() reads both forms.
  return [ours, Number(ts)]
}

/** Compare one file, adding to `r`. */
export async function compareFile(file: string, r: ConformanceResult, maxMismatches = 200): Promise<void> {
  const ours = await ourRows(file)
  const name = relative(CAPTURES_DIR, file) || basename(file)
  if (ours === null) {
    r.filesRejected.push(name)
    return
  }
  r.files++
  const theirs = tsharkRows(file, r)
  r.frames += ours.size
  for (const [num, cols] of theirs) {
    const mine = ours.get(num)
    if (!mine) {
      r.framesOnlyOneSide++
      continue
    }
    const protocols = cols[0] ?? ''
    const layers = protocols.split(':')
    const ipLayers = layers.filter((l) => l === 'ip' || l === 'ipv6').length
    const ethLayers = layers.filter((l) => l === 'eth').length
    // Cisco ISL shows as eth:eth in tshark, whose first eth fields are then the inner frame's.
    const isl = layers[0] === 'eth' && layers[1] === 'eth'
    if ((ipLayers > 0 && !mine.hasIp) || mine.linkUnsupported || isl) {
      const key = layers
        .slice(0, Math.max(1, layers.findIndex((l) => l === 'ip' || l === 'ipv6') + 1))
        .join(':')
      r.undecoded.set(key, (r.undecoded.get(key) ?? 0) + 1)
      if (!r.undecodedExample.has(key)) r.undecodedExample.set(key, `${name}#${num}`)
      continue
    }
    const encapsulated = ipLayers > 1 || ethLayers > 1
    if (encapsulated) r.encapsulated++
    else r.plain++
    r.framesCompared++
    for (let i = 0; i < COMPARED_FIELDS.length; i++) {
      const field = COMPARED_FIELDS[i]!
      if (encapsulated && TRANSPORT.test(field)) continue
      const [a, b] = normalize(field, mine.obj[field], cols[i + 1])
      if (a === undefined && b === undefined) continue
      if (encapsulated && a === undefined) continue
      const st = r.stats.get(field)!
      st.compared++
      if (a === b) {
        st.same++
        continue
      }
      const kind = `${field} ${a === undefined ? 'missing' : b === undefined ? 'extra' : 'differs'}`
      r.mismatchesByKind.set(kind, (r.mismatchesByKind.get(kind) ?? 0) + 1)
      if (r.mismatches.length < maxMismatches)
        r.mismatches.push({ file: name, frame: num, field, ours: a, tshark: cols[i + 1], protocols })
    }
  }
  r.framesOnlyOneSide += [...ours.keys()].filter((k) => !theirs.has(k)).length
}

export function ratio(stats: Iterable<FieldStat>): { same: number; compared: number; ratio: number } {
  let same = 0
  let compared = 0
  for (const s of stats) {
    same += s.same
    compared += s.compared
  }
  return { same, compared, ratio: compared === 0 ? 1 : same / compared }
}

export function report(label: string, r: ConformanceResult, listMismatches = 40): string {
  const lines: string[] = [`== fields vs tshark: ${label}`]
  lines.push(
    `files ${r.files} (+${r.filesRejected.length} unreadable), frames ${r.frames}, compared ${r.framesCompared} ` +
      `(plain ${r.plain}, encapsulated ${r.encapsulated}), frames on one side only ${r.framesOnlyOneSide}, tshark non-packet blocks dropped ${r.tsharkNonPackets}`,
  )
  for (const [f, s] of r.stats)
    if (s.compared > 0) lines.push(`  ${f.padEnd(30)} ${s.same} identical of ${s.compared}`)
  const all = ratio(r.stats.values())
  const tcpip = ratio(TCPIP_FIELDS.map((f) => r.stats.get(f)!))
  lines.push(
    `  ${'ALL'.padEnd(30)} ${all.same} identical of ${all.compared} (${(all.ratio * 100).toFixed(3)}%)`,
  )
  lines.push(
    `  ${'TCP/IP'.padEnd(30)} ${tcpip.same} identical of ${tcpip.compared} (${(tcpip.ratio * 100).toFixed(3)}%)`,
  )
  if (r.undecoded.size > 0) {
    lines.push('tshark finds IP where wirelite decodes none (not counted):')
    for (const [k, n] of [...r.undecoded].sort((a, b) => b[1] - a[1]).slice(0, 20))
      lines.push(`  ${n}\t${k}\t(e.g. ${r.undecodedExample.get(k)})`)
  }
  if (r.mismatchesByKind.size > 0) {
    lines.push('mismatch kinds:')
    for (const [k, n] of [...r.mismatchesByKind].sort((a, b) => b[1] - a[1])) lines.push(`  ${n}\t${k}`)
    lines.push(`first mismatches:`)
    for (const m of r.mismatches.slice(0, listMismatches))
      lines.push(
        `  ${m.file}#${m.frame} ${m.field}: ours ${JSON.stringify(m.ours)} tshark ${JSON.stringify(m.tshark)} [${m.protocols}]`,
      )
  }
  return lines.join('\n')
}

/**
 * TCP/IP fields must match tshark at least this often (per shard). Measured at commit time: every shard
 * ≥ 99.90% (overall 99.998%); the remaining differences are known (README: IPv6 payload length 0 read as
 * TSO like tcpdump, IP headers cut inside the fixed part, fuzzed files the readers split differently).
 */
export const TCPIP_THRESHOLD = 0.998
/** All compared fields, including frame/eth/vlan/icmp (every shard ≥ 99.94% at commit time). */
export const ALL_THRESHOLD = 0.998
