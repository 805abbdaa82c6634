import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildIndex } from '../../main/engine/index'
import { CaptureOpenError, readCaptureFile } from '../../main/engine/readers/read-capture-file'
import type { ReadSummary } from '../../main/engine/readers/read-capture-file'
import { libpcapSnapLen, TcpdumpPrinter, type TsMode } from '../../shared/print'
import type { CliIo, Command } from '../command'
import { CliError } from '../command'

const USAGE = `Usage: wirelite read [-n|-nn] [-S] [-t|-tt|-ttt|-tttt|-ttttt] [-v|-vv|-vvv] [-c COUNT] FILE
       wirelite read --count FILE

Print one line per packet exactly as \`tcpdump -nn -r FILE\` (tcpdump 4.99.3) prints it with the same
flags, for IPv4/IPv6 TCP packets. UDP, ICMP, ARP get tcpdump's generic form; application payloads
(HTTP, DNS …) are not decoded: a TCP line ends at "length N". Addresses and ports are always numeric.

Options:
  -n, -nn    numeric addresses and ports (always on; accepted for tcpdump compatibility)
  -S         absolute TCP sequence numbers (default: relative after the handshake, like tcpdump)
  -t         no time stamp         -tt     seconds since the epoch
  -ttt       delta to the previous packet   -tttt   date and time   -ttttt  delta to the first packet
  -v         IP header line (tos, ttl, id, flags, length) and TCP checksum; -vv also prints seq on
             every segment
  -c COUNT   stop after COUNT packets
  --count    read the whole file and print only the number of packets
Time stamps are local time (set TZ=UTC for UTC).
`

interface ReadArgs {
  file: string
  count: number
  onlyCount: boolean
  tsMode: TsMode
  verbose: number
  absoluteSeq: boolean
}

/** tcpdump-style short options: letters may be combined ("-nnS", "-tttt", "-vc5"). */
export function parseReadArgs(args: string[]): ReadArgs {
  let file: string | null = null
  let count = Infinity
  let onlyCount = false
  let t = 0
  let verbose = 0
  let absoluteSeq = false
  const setFile = (f: string): void => {
    if (file !== null) throw new CliError(`only one FILE is accepted, got also '${f}'`, 2)
    file = f
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '--count') onlyCount = true
    else if (a === '--') {
      for (const f of args.slice(i + 1)) setFile(f)
      break
    } else if (a.startsWith('--')) throw new CliError(`unknown option '${a}' (see wirelite read --help)`, 2)
    else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!
        if (c === 'n') continue
        else if (c === 'S') absoluteSeq = true
        else if (c === 't') t++
        else if (c === 'v') verbose++
        else if (c === 'c' || c === 'r') {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i]
          if (c === 'r') {
            if (v === undefined) throw new CliError('-r needs a FILE', 2)
            setFile(v)
          } else {
            if (v === undefined || !/^\d+$/.test(v) || Number(v) < 1)
              throw new CliError(`-c needs a positive packet count, got '${v ?? ''}'`, 2)
            count = Number(v)
          }
          break
        } else throw new CliError(`unknown option '-${c}' (see wirelite read --help)`, 2)
      }
    } else setFile(a)
  }
  if (file === null) throw new CliError('missing FILE (usage: wirelite read [options] FILE)', 2)
  if (t > 5) throw new CliError('at most five -t (-ttttt)', 2)
  return { file, count, onlyCount, tsMode: t as TsMode, verbose: Math.min(verbose, 3), absoluteSeq }
}

/** if_indextoname() for SLL2 captures, like tcpdump: the interface table of the host reading the file. */
function hostIfName(): (index: number) => string | null {
  let names: Map<number, string> | null = null
  return (index) => {
    if (!names) {
      names = new Map()
      try {
        for (const n of readdirSync('/sys/class/net')) {
          const idx = Number(readFileSync(join('/sys/class/net', n, 'ifindex'), 'utf8').trim())
          if (Number.isFinite(idx)) names.set(idx, n)
        }
      } catch {
        // No sysfs (not Linux): names print as "?", as tcpdump does when the lookup fails.
      }
    }
    return names.get(index) ?? null
  }
}

function openFailure(err: unknown): never {
  if (err instanceof CaptureOpenError) throw new CliError(err.message, 1)
  throw err
}

/** tcpdump reports a file that stops part-way after printing what it could, and exits 1. */
function tailProblem(s: ReadSummary): string | null {
  if (s.error) return s.error.message
  if (s.incompleteTail) return s.warnings[0] ?? 'the file ends in the middle of a packet'
  return null
}

export const readCommand: Command = {
  name: 'read',
  summary: 'print packets like tcpdump -nn -r FILE (same flags: -S -t… -v… -c)',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const a = parseReadArgs(args)
    if (a.onlyCount) {
      const index = await buildIndex(a.file).catch(openFailure)
      io.stdout.write(`${index.count}\n`)
      return 0
    }
    const printer = new TcpdumpPrinter({
      tsMode: a.tsMode,
      verbose: a.verbose,
      absoluteSeq: a.absoluteSeq,
      ifName: hostIfName(),
    })
    let buf = ''
    const flush = (): void => {
      if (buf) io.stdout.write(buf)
      buf = ''
    }
    let summary: ReadSummary
    try {
      summary = await readCaptureFile(a.file, (rec, info) => {
        buf += printer.format(rec, libpcapSnapLen(info, rec.interfaceId)) + '\n'
        if (buf.length > 1 << 16) flush()
        return rec.number < a.count
      })
    } catch (err) {
      flush()
      openFailure(err)
    }
    flush()
    const problem = summary.stoppedEarly ? null : tailProblem(summary)
    if (problem) {
      io.stderr.write(`wirelite: ${problem}\n`)
      return 1
    }
    return 0
  },
}
