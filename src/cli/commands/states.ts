import type { CliIo, Command } from '../command'
import { CliError } from '../command'
import { buildIndex, type PacketIndex } from '../../main/engine/index'
import { analyzeTcp, type TcpConversation } from '../../main/engine/tcp'
import { CaptureOpenError } from '../../main/engine/readers/read-capture-file'
import {
  runStateMachine,
  streamSegments,
  type StreamStates,
  type TcpSegments,
} from '../../main/engine/tcp/state'
import {
  explainText,
  formatMessage,
  isAssumed,
  parseLang,
  REASON_IDS,
  REASON_KEYS,
  SeqExplainer,
  stateName,
  type Lang,
  type Message,
} from '../../shared/explain'
import { warnPartialRead } from '../read-warnings'
import { displayWidth, formatStreamTable, stateText, tcpFlagsText } from '../../shared/explain/stream-table'
import { buildModel } from '../../main/engine/service/stream-ladder'

const USAGE = `Usage: wirelite states FILE [--stream N] [--json] [--ladder] [--table] [--lang en|zh]

For every packet of every TCP stream (or of stream N): frame, time, direction, flags, relative seq/ack,
payload length, the state of the client and of the server after that packet (RFC 9293 names), and a
one-line explanation of its seq/ack arithmetic.

  --stream N   only tcp.stream N (as 'wirelite conv' numbers it)
  --ladder     draw the exchange as a ladder: client | server columns, arrows, states beside each side
  --table      the seed-style table: Client … Server, seq = … ack = … (absolute, as tcpdump -S), flags,
               both states after each packet, phase headings
  --json       an array of objects: frame, stream, time, dir, flags, seq, ack, len, client, server,
               clientAssumed, serverAssumed, reason (text or null), reasons {client, server} (ids),
               transitions [{side, from, to, reason}], explain
  --lang L     language of reasons and explanations: en (default) or zh (简体中文)

Model: a captured segment counts as sent by its source and received by its destination when it is
captured. A state marked '?' is assumed: the capture started mid-connection.
`

interface StatesArgs {
  file: string
  stream: number | null
  json: boolean
  ladder: boolean
  table: boolean
  lang: Lang
}

function parseArgs(args: string[]): StatesArgs {
  const a: StatesArgs = { file: '', stream: null, json: false, ladder: false, table: false, lang: 'en' }
  let file: string | null = null
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    const value = (): string => {
      const v = args[++i]
      if (v === undefined) throw new CliError(`${arg} needs a value. ${USAGE.split('\n')[0]}`, 2)
      return v
    }
    if (arg === '--stream' || arg === '-s') {
      const v = value()
      if (!/^\d+$/.test(v)) throw new CliError(`--stream takes a tcp.stream number (0, 1, …), not '${v}'`, 2)
      a.stream = Number(v)
    } else if (arg === '--json') a.json = true
    else if (arg === '--ladder') a.ladder = true
    else if (arg === '--table') a.table = true
    else if (arg === '--lang') {
      const v = value()
      const l = parseLang(v)
      if (!l) throw new CliError(`--lang must be en or zh, not '${v}'`, 2)
      a.lang = l
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new CliError(`unknown option '${arg}'. Run 'wirelite states --help'.`, 2)
    } else if (file === null) file = arg
    else throw new CliError(`unexpected argument '${arg}' (one capture file only)`, 2)
  }
  if (file === null) throw new CliError(`no capture file given. ${USAGE.split('\n')[0]}`, 2)
  if (a.json && a.ladder) throw new CliError('--json and --ladder cannot be combined', 2)
  if (a.table && (a.json || a.ladder))
    throw new CliError('--table cannot be combined with --json or --ladder', 2)
  a.file = file
  return a
}

/** Everything printed for one packet of a stream. */
export interface StateRow {
  frame: number
  stream: number
  /** Seconds since the first packet of the capture. */
  time: number
  dir: 0 | 1
  flags: number
  seq: number
  ack: number
  hasAck: boolean
  len: number
  client: number
  server: number
  clientReason: number
  serverReason: number
  explain: Message[]
  /** Raw sequence number (the ISN on SYN rows). */
  isn: number
}

/** Rows of one stream: states from the machine, relative numbers and explanations from SeqExplainer. */
export function stateRows(segs: TcpSegments, st: StreamStates, stream: number, t0: number): StateRow[] {
  const x = new SeqExplainer()
  const out: StateRow[] = []
  for (let i = 0; i < segs.count; i++) {
    const flags = segs.flags[i]!
    const explain = x.explain(segs.dir[i]!, flags, segs.seq[i]!, segs.ack[i]!, segs.len[i]!)
    out.push({
      frame: segs.frame[i]!,
      stream,
      time: segs.time[i]! - t0,
      dir: segs.dir[i]! as 0 | 1,
      flags,
      seq: x.relSeq,
      ack: x.relAck,
      hasAck: (flags & 0x10) !== 0,
      len: segs.len[i]!,
      client: st.client[i]!,
      server: st.server[i]!,
      clientReason: st.clientReason[i]!,
      serverReason: st.serverReason[i]!,
      explain,
      isn: segs.seq[i]!,
    })
  }
  return out
}

function reasonText(code: number, lang: Lang): string | null {
  const key = REASON_KEYS[code]
  return key ? formatMessage({ key }, lang) : null
}

function sideName(side: 0 | 1, lang: Lang): string {
  return formatMessage({ key: side === 0 ? 'side.client' : 'side.server' }, lang)
}

/** The `reason` line of a row: "client: …; server: …" for the sides that have one, or null. */
export function rowReason(r: StateRow, lang: Lang): string | null {
  const parts: string[] = []
  const c = reasonText(r.clientReason, lang)
  const s = reasonText(r.serverReason, lang)
  const sep = lang === 'zh-CN' ? '：' : ': '
  if (c) parts.push(sideName(0, lang) + sep + c)
  if (s) parts.push(sideName(1, lang) + sep + s)
  return parts.length ? parts.join(lang === 'zh-CN' ? '；' : '; ') : null
}

function seqText(r: StateRow): string {
  return r.len > 0 ? `${r.seq}:${(r.seq + r.len) >>> 0}` : String(r.seq)
}

export function formatTable(rows: StateRow[], lang: Lang): string {
  const head = ['frame', 'time', 'dir', 'flags', 'seq', 'ack', 'len', 'client', 'server', 'explanation']
  const cells = rows.map((r) => [
    String(r.frame),
    r.time.toFixed(6),
    r.dir === 0 ? '->' : '<-',
    tcpFlagsText(r.flags),
    seqText(r),
    r.hasAck ? String(r.ack) : '',
    String(r.len),
    stateText(r.client),
    stateText(r.server),
    explainText(r.explain, lang),
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)))
  const line = (c: string[]): string =>
    c
      .map((v, i) =>
        i === c.length - 1 ? v : i <= 1 || (i >= 4 && i <= 6) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!),
      )
      .join('  ')
      .trimEnd()
  return [line(head), ...cells.map(line)].join('\n') + '\n'
}

function padDisplay(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)))
}

const ARROW = 44
const STATE_W = 14

/** A text ladder like the seeds draw: client states | arrows with flags and numbers | server states. */
export function formatLadder(
  rows: StateRow[],
  st: StreamStates,
  conv: TcpConversation,
  index: PacketIndex,
  lang: Lang,
): string {
  const client = `${sideName(0, lang)} ${index.addresses.format(conv.clientAddr)}:${conv.clientPort}`
  const server = `${sideName(1, lang)} ${index.addresses.format(conv.serverAddr)}:${conv.serverPort}`
  const prefixW = 18 // "#frame  time      "
  const out: string[] = []
  const pad = ' '.repeat(prefixW)
  out.push(pad + padDisplay(client, STATE_W + ARROW + 4) + server)
  out.push(pad + stateText(st.initialClient).padEnd(STATE_W + ARROW + 4) + stateText(st.initialServer))
  for (const r of rows) {
    let label = `${tcpFlagsText(r.flags)} seq ${seqText(r)}`
    if (r.flags & 0x02) label += ` (ISN ${r.isn})`
    if (r.hasAck) label += ` ack ${r.ack}`
    if (r.len > 0) label += ` len ${r.len}`
    label = ` ${label} `
    let arrow: string
    if (r.dir === 0) {
      const fill = Math.max(2, ARROW - 3 - label.length)
      arrow = '--' + label + '-'.repeat(fill) + '>'
    } else {
      const fill = Math.max(2, ARROW - 3 - label.length)
      arrow = '<' + '-'.repeat(fill) + label + '--'
    }
    const prefix = `#${r.frame}`.padEnd(8) + r.time.toFixed(6).padStart(9) + ' '
    out.push(
      prefix + stateText(r.client).padEnd(STATE_W) + '  ' + arrow.padEnd(ARROW) + '  ' + stateText(r.server),
    )
    const reason = rowReason(r, lang)
    if (reason) out.push(pad + '  ' + reason)
  }
  return out.join('\n') + '\n'
}

function jsonRow(r: StateRow, lang: Lang, st: StreamStates, i: number): Record<string, unknown> {
  const tr = st.transitions.filter((t) => t.index === i)
  return {
    frame: r.frame,
    stream: r.stream,
    time: Number(r.time.toFixed(9)),
    dir: r.dir === 0 ? 'client>server' : 'server>client',
    flags: tcpFlagsText(r.flags),
    seq: r.seq,
    ack: r.hasAck ? r.ack : null,
    len: r.len,
    client: stateName(r.client),
    server: stateName(r.server),
    clientAssumed: isAssumed(r.client),
    serverAssumed: isAssumed(r.server),
    reason: rowReason(r, lang),
    reasons: {
      client: r.clientReason ? REASON_IDS[r.clientReason] : null,
      server: r.serverReason ? REASON_IDS[r.serverReason] : null,
    },
    transitions: tr.map((t) => ({
      side: t.side === 0 ? 'client' : 'server',
      from: stateName(t.from),
      to: stateName(t.to),
      reason: REASON_IDS[t.reason] ?? null,
    })),
    explain: explainText(r.explain, lang),
  }
}

async function run(args: string[], io: CliIo): Promise<number> {
  const a = parseArgs(args)
  let index: PacketIndex
  try {
    index = await buildIndex(a.file)
  } catch (err) {
    if (err instanceof CaptureOpenError) throw new CliError(err.message, 1)
    throw err
  }
  const analysis = analyzeTcp(index)
  const convs = analysis.conversations
  if (a.stream !== null && a.stream >= convs.length) {
    throw new CliError(
      convs.length === 0
        ? formatMessage({ key: 'cli.noStreams' }, a.lang)
        : formatMessage(
            {
              key: 'cli.noSuchStream',
              params: { stream: a.stream, count: convs.length, last: convs.length - 1 },
            },
            a.lang,
          ),
      1,
    )
  }
  // Only on success: a failing command says one line, the error.
  warnPartialRead(index.summary, io)
  const t0 = index.count > 0 ? index.get('tsSec', 0) + index.get('tsNsec', 0) / 1e9 : 0
  const selected = a.stream === null ? convs : [convs[a.stream]!]
  const json: Record<string, unknown>[] = []
  let first = true
  for (const conv of selected) {
    const segs = streamSegments(index, conv)
    const st = runStateMachine(segs)
    const rows = stateRows(segs, st, conv.stream, t0)
    if (a.json) {
      rows.forEach((r, i) => json.push(jsonRow(r, a.lang, st, i)))
      continue
    }
    const title = formatMessage(
      {
        key: 'cli.stream',
        params: {
          stream: conv.stream,
          client: `${index.addresses.format(conv.clientAddr)}:${conv.clientPort}`,
          server: `${index.addresses.format(conv.serverAddr)}:${conv.serverPort}`,
        },
      },
      a.lang,
    )
    io.stdout.write((first ? '' : '\n') + title + '\n')
    first = false
    if (a.table) io.stdout.write(seedTable(index, analysis, conv, a.lang))
    else io.stdout.write(a.ladder ? formatLadder(rows, st, conv, index, a.lang) : formatTable(rows, a.lang))
  }
  if (a.json) io.stdout.write(JSON.stringify(json, null, 1) + '\n')
  else if (selected.length === 0) io.stdout.write(formatMessage({ key: 'cli.noStreams' }, a.lang) + '\n')
  return 0
}

/** --table: the follow-stream view's text export (same model and formatter). */
function seedTable(
  index: PacketIndex,
  analysis: ReturnType<typeof analyzeTcp>,
  conv: TcpConversation,
  lang: Lang,
): string {
  const m = buildModel(index, analysis, conv)
  return formatStreamTable(
    { ...m.cols, count: m.segs.count, seq: m.cols.seqRaw, ack: m.cols.ackRaw },
    {
      lang,
      flags: true,
      states: true,
      phases: true,
      initialClient: m.summary.initialClient,
      initialServer: m.summary.initialServer,
      teardownIsReset: m.summary.closeKind === 'rst',
      teardownIsSimultaneous: m.summary.simultaneousClose,
    },
  )
}

export const statesCommand: Command = {
  name: 'states',
  summary: 'TCP endpoint states per packet, with seq/ack explanations (--ladder draws them)',
  usage: USAGE,
  run,
}
