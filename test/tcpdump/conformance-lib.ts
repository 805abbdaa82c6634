import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { readCaptureFile } from '../../src/main/engine/readers/read-capture-file'
import { libpcapSnapLen, TcpdumpPrinter, type TcpdumpPrintOptions } from '../../src/shared/print'
import { CAPTURES_DIR, corpusFiles } from '../support/corpus'
import { isTcpPacketText, runTcpdumpPackets } from './tcpdump-oracle'

/** SLL2 interface names as tcpdump sees them on this host (if_indextoname). */
export function hostIfName(): (index: number) => string | null {
  const names = new Map<number, string>()
  try {
    for (const n of readdirSync('/sys/class/net')) {
      const idx = Number(readFileSync(join('/sys/class/net', n, 'ifindex'), 'utf8').trim())
      if (Number.isFinite(idx)) names.set(idx, n)
    }
  } catch {
    // Not Linux: every index prints as "?" like tcpdump when if_indextoname fails.
  }
  return (i) => names.get(i) ?? null
}

export interface Mode {
  name: string
  flags: string[]
  opts: Omit<TcpdumpPrintOptions, 'ifName'>
}

export interface Mismatch {
  file: string
  frame: number
  expected: string
  actual: string | null
}

export interface ConformanceResult {
  compared: number
  identical: number
  mismatches: Mismatch[]
  files: number
}

/**
 * Does our text for a frame match tcpdump's? Exact, or — when tcpdump goes on to decode the
 * application payload after ", length N" — our text must be tcpdump's text up to at least that point
 * (and stop on a token boundary).
 */
export function sameTcpText(expected: string, actual: string): boolean {
  if (expected === actual) return true
  if (!expected.startsWith(actual)) return false
  const flagsAt = expected.indexOf('Flags [')
  if (flagsAt < 0) return false
  const re = /, length \d+/g
  re.lastIndex = flagsAt
  const m = re.exec(expected)
  if (!m) return false
  const cut = m.index + m[0].length
  return actual.length >= cut && !/\d/.test(expected[actual.length] ?? '')
}

export async function printFile(file: string, opts: TcpdumpPrintOptions): Promise<string[]> {
  const printer = new TcpdumpPrinter(opts)
  const out: string[] = []
  try {
    await readCaptureFile(file, (rec, info) => {
      out.push(printer.format(rec, libpcapSnapLen(info, rec.interfaceId)))
    })
  } catch {
    // Unreadable for us: every tcpdump packet of this file counts as a mismatch.
  }
  return out
}

export async function runConformance(mode: Mode, files = corpusFiles()): Promise<ConformanceResult> {
  const ifName = hostIfName()
  const verbose = mode.opts.verbose > 0
  const res: ConformanceResult = { compared: 0, identical: 0, mismatches: [], files: 0 }
  for (const file of files) {
    const td = runTcpdumpPackets(file, mode.flags)
    const tcpIdx: number[] = []
    td.packets.forEach((p, i) => {
      if (isTcpPacketText(p, verbose)) tcpIdx.push(i)
    })
    if (!tcpIdx.length) continue
    res.files++
    const ours = await printFile(file, { ...mode.opts, ifName })
    for (const i of tcpIdx) {
      res.compared++
      const actual = ours[i] ?? null
      if (actual !== null && sameTcpText(td.packets[i]!, actual)) res.identical++
      else res.mismatches.push({ file: displayName(file), frame: i + 1, expected: td.packets[i]!, actual })
    }
  }
  return res
}

function displayName(file: string): string {
  return file.startsWith(CAPTURES_DIR)
    ? relative(CAPTURES_DIR, file)
    : relative(resolve(__dirname, '../..'), file)
}

/** Writes every mismatch to .cache/tcpdump-mismatches-<mode>.txt and returns a bounded summary. */
export function reportMismatches(mode: Mode, r: ConformanceResult, shown = 25): string {
  const dir = resolve(__dirname, '../../.cache')
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true })
  const path = join(dir, `tcpdump-mismatches-${mode.name}.txt`)
  const fmt = (m: Mismatch): string =>
    `${m.file} #${m.frame}\n  tcpdump: ${m.expected.replace(/\n/g, '\\n')}\n  ours:    ${m.actual === null ? '(no frame)' : m.actual.replace(/\n/g, '\\n')}\n`
  writeFileSync(
    path,
    `${r.identical} identical of ${r.compared} (${mode.flags.join(' ') || 'default'})\n\n` +
      r.mismatches.map(fmt).join(''),
  )
  const head = r.mismatches.slice(0, shown).map(fmt).join('')
  const more = r.mismatches.length > shown ? `… ${r.mismatches.length - shown} more in ${path}\n` : ''
  return `${r.identical} identical of ${r.compared} TCP packets in ${r.files} files [${mode.name}]\n${head}${more}`
}
