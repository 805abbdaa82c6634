import { accessSync, constants, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { forEachRecord } from '../../main/capture/batch-codec'
import { listCaptureInterfaces, LiveCapture, type HelperLaunch } from '../../main/capture/capture-client'
import { CaptureError } from '../../main/capture/capture-errors'
import type { CaptureInterface } from '../../main/capture/interfaces'
import { newFrameRecord } from '../../shared/model/frame'
import { TcpdumpPrinter } from '../../shared/print'
import type { CliIo, Command } from '../command'
import { CliError } from '../command'

const USAGE = `Usage: wirelite capture -i IFACE [-f FILTER] [-w FILE [--print]] [-c N] [--duration S] [-v…] [-s SNAPLEN] [-B KiB]
       wirelite capture --list

Capture live packets through the capture helper (libpcap via \`cap\`; the only wirelite process that
needs capture privileges). Without -w, prints one tcpdump-style line per packet as it arrives (the
same printer as \`wirelite read\`). With -w, writes FILE (pcapng; classic pcap if FILE ends in .pcap)
atomically when the capture ends; add --print to print lines too. Ctrl-C stops and keeps the packets.

Options:
  -i IFACE        interface to capture on (see --list)
  -f FILTER       capture filter in libpcap syntax, e.g. "tcp port 80" (or give it as the last arguments)
  -w FILE         save the capture to FILE
  --print         print lines even with -w
  -c N            stop after N packets
  --duration S    stop after S seconds
  -s SNAPLEN      bytes kept per packet (default 262144; libpcap via cap delivers at most 65535)
  -B KiB          libpcap buffer size in KiB (default 65536 = 64 MiB)
  -v, -vv, -vvv   verbose lines, as in wirelite read
  -t…             time stamp format, as in wirelite read
  --list, -D      list interfaces (addresses, up/loopback, link type) and exit
Counts go to stderr at the end; drops are reported as unknown (cap does not expose pcap_stats).
`

interface CaptureArgs {
  list: boolean
  device: string | null
  filter: string
  write: string | null
  print: boolean
  count: number
  duration: number
  snapLen: number
  bufferKiB: number
  verbose: number
  t: number
}

export function parseCaptureArgs(args: string[]): CaptureArgs {
  const a: CaptureArgs = {
    list: false,
    device: null,
    filter: '',
    write: null,
    print: false,
    count: 0,
    duration: 0,
    snapLen: 262144,
    bufferKiB: 65536,
    verbose: 0,
    t: 0,
  }
  const rest: string[] = []
  const need = (i: number, opt: string): string => {
    const v = args[i]
    if (v === undefined) throw new CliError(`${opt} needs a value (see wirelite capture --help)`, 2)
    return v
  }
  const positive = (v: string, opt: string, allowFraction = false): number => {
    const n = Number(v)
    if (!(n > 0) || (!allowFraction && !Number.isInteger(n)))
      throw new CliError(`${opt} needs a positive number, got '${v}'`, 2)
    return n
  }
  for (let i = 0; i < args.length; i++) {
    const x = args[i]!
    if (x === '--list' || x === '-D') a.list = true
    else if (x === '-i' || x === '--interface') a.device = need(++i, x)
    else if (x === '-f' || x === '--filter') a.filter = need(++i, x)
    else if (x === '-w') a.write = need(++i, x)
    else if (x === '--print') a.print = true
    else if (x === '-c') a.count = positive(need(++i, x), x)
    else if (x === '--duration') a.duration = positive(need(++i, x), x, true)
    else if (x === '-s') a.snapLen = positive(need(++i, x), x)
    else if (x === '-B') a.bufferKiB = positive(need(++i, x), x)
    else if (/^-v+$/.test(x)) a.verbose = Math.min(3, a.verbose + x.length - 1)
    else if (/^-t+$/.test(x)) a.t = x.length - 1
    else if (/^-n+$/.test(x))
      continue // numeric output is the only mode
    else if (x === '--') {
      rest.push(...args.slice(i + 1))
      break
    } else if (x.startsWith('-')) throw new CliError(`unknown option '${x}' (see wirelite capture --help)`, 2)
    else rest.push(x)
  }
  if (rest.length) {
    if (a.filter)
      throw new CliError('give the capture filter either with -f or as trailing arguments, not both', 2)
    a.filter = rest.join(' ')
  }
  if (a.t > 5) throw new CliError('at most five -t (-ttttt)', 2)
  if (!a.list && !a.device)
    throw new CliError('missing -i IFACE (run `wirelite capture --list` to see the interfaces)', 2)
  return a
}

const LINK_NAMES: Record<number, string> = {
  0: 'NULL (BSD loopback)',
  1: 'EN10MB (Ethernet)',
  101: 'RAW (Raw IP)',
  105: 'IEEE802_11 (802.11)',
  113: 'LINUX_SLL (Linux cooked v1)',
  127: 'IEEE802_11_RADIO (802.11 plus radiotap header)',
}

export function formatInterfaceList(list: CaptureInterface[]): string {
  return list
    .map((i, k) => {
      const flags = [
        i.up === true ? 'Up' : i.up === false ? 'Down' : null,
        i.loopback ? 'Loopback' : null,
      ].filter(Boolean)
      const addrs = i.addresses.map((x) => x.addr).join(' ')
      const lt = i.linkTypes.map((t) => LINK_NAMES[t] ?? String(t)).join(', ')
      return `${k + 1}.${i.name}${i.description ? ` (${i.description})` : ''}${flags.length ? ` [${flags.join(', ')}]` : ''}${addrs ? ` ${addrs}` : ''}${lt ? ` link-type ${lt}` : ''}`
    })
    .join('\n')
}

function hostIfName(): (index: number) => string | null {
  let names: Map<number, string> | null = null
  return (index) => {
    if (!names) {
      names = new Map()
      try {
        for (const n of readdirSync('/sys/class/net'))
          names.set(Number(readFileSync(join('/sys/class/net', n, 'ifindex'), 'utf8').trim()), n)
      } catch {
        /* not Linux */
      }
    }
    return names.get(index) ?? null
  }
}

/** Tests (and packagers) may point the CLI at another helper launch. */
export function helperLaunchFromEnv(env = process.env): HelperLaunch {
  return env.WIRELITE_CAPTURE_HELPER ? { helperPath: env.WIRELITE_CAPTURE_HELPER } : {}
}

export const captureCommand: Command = {
  name: 'capture',
  summary: 'capture live packets (-i IFACE [-f FILTER] [-w FILE] [-c N] [--duration S]), print or save them',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const a = parseCaptureArgs(args)
    const launch = helperLaunchFromEnv()
    try {
      if (a.list) {
        io.stdout.write(formatInterfaceList(await listCaptureInterfaces(launch)) + '\n')
        return 0
      }
      return await capture(a, io, launch)
    } catch (err) {
      if (err instanceof CaptureError) throw new CliError(err.message, 1)
      throw err
    }
  },
}

async function capture(a: CaptureArgs, io: CliIo, launch: HelperLaunch): Promise<number> {
  if (a.write) {
    // Fail before capturing, not after: the file is written (atomically) in its directory at the end.
    try {
      accessSync(dirname(resolve(a.write)), constants.W_OK)
    } catch (err) {
      throw new CliError(
        `cannot write ${a.write}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'the directory does not exist' : 'the directory is not writable'}`,
        1,
      )
    }
  }
  const printLines = a.print || a.write === null
  const printer = new TcpdumpPrinter({
    tsMode: a.t as 0,
    verbose: a.verbose,
    absoluteSeq: false,
    ifName: hostIfName(),
  })
  const rec = newFrameRecord()
  let out = ''
  let failure: CaptureError | null = null
  const lc = await LiveCapture.start(
    {
      device: a.device!,
      filter: a.filter,
      snapLen: a.snapLen,
      bufferSize: a.bufferKiB * 1024,
      maxPackets: a.count,
      streamPackets: printLines,
    },
    {
      onBatch(bytes, _count, firstNumber) {
        if (!printLines) return
        let n = firstNumber
        forEachRecord(bytes, (r) => {
          rec.number = n++
          rec.linkType = lc.linkType
          rec.tsSec = r.tsSec
          rec.tsNsec = r.tsNsec
          rec.capLen = r.capLen
          rec.origLen = r.origLen
          rec.buf = r.buf
          rec.dataOffset = r.dataOffset
          rec.data = r.buf.subarray(r.dataOffset, r.dataOffset + r.capLen)
          out += printer.format(rec) + '\n'
        })
        if (out) io.stdout.write(out)
        out = ''
      },
      onError(err) {
        failure = err
      },
    },
    launch,
  )
  io.stderr.write(
    `wirelite: listening on ${lc.device}, link-type ${LINK_NAMES[lc.linkType] ?? lc.linkType}, snapshot length ${lc.snapLen} bytes\n`,
  )
  const stop = (): void => void lc.stop()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  const timer = a.duration > 0 ? setTimeout(stop, a.duration * 1000) : null
  const end = await lc.done
  if (timer) clearTimeout(timer)
  process.removeListener('SIGINT', stop)
  process.removeListener('SIGTERM', stop)
  let saved = -1
  if (a.write) {
    try {
      saved = await lc.save(a.write)
    } catch (err) {
      // Keep the spool: the packets are not lost, the user can copy it by hand.
      const why = (err as Error).message
      io.stderr.write(`${end.stats.received} packets captured\n`)
      throw new CliError(
        `cannot write ${a.write} (${why}); the captured packets are kept in ${lc.spoolPath}`,
        1,
      )
    }
  }
  await lc.discard()
  const drops =
    end.stats.dropped === null
      ? 'drops unknown (libpcap statistics are not available through cap)'
      : `${end.stats.dropped} dropped`
  io.stderr.write(
    `${end.stats.received} packets captured, ${drops}${saved >= 0 ? `; ${saved} written to ${a.write}` : ''}\n`,
  )
  const err = end.error ?? failure
  if (err) {
    io.stderr.write(`wirelite: ${err.message}\n`)
    return 1
  }
  return 0
}
