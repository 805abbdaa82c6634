import { formatMessage, sideMessage, type Lang } from './format'
import { isAssumed, stateName } from './tcp-states'

/**
 * The stream as the seeds draw it under "过程简化如下": a `Client … Server` header, then one line per
 * packet, `seq = … ack = …` at the left for the client's packets and at the right for the server's
 * (absolute numbers, as the seeds copy them from `tcpdump -S`). Optionally the flags before the numbers,
 * the endpoint states after each packet at the far right, and the phases as headings. Pure: used by the
 * follow-stream view's "copy as text" export and the CLI.
 */

/** Where the server's column starts (the seeds: "Client" + 32 spaces + "Server"). */
export const SERVER_COLUMN = 38

/** The columns the table needs; ladder windows (typed arrays) and plain arrays both fit. */
export interface StreamTableColumns {
  count: number
  /** 0 client → server, 1 server → client. */
  dir: ArrayLike<number>
  /** TcpFlag bits. */
  flags: ArrayLike<number>
  /** The numbers to print (absolute for the seeds' style, or relative). */
  seq: ArrayLike<number>
  ack: ArrayLike<number>
  len: ArrayLike<number>
  /** State codes after each packet (tcp-states; 0x80 = assumed): printed with `states`. */
  client?: ArrayLike<number>
  server?: ArrayLike<number>
  /** 0 handshake, 1 data, 2 teardown: a heading where it changes, with `phases`. */
  phase?: ArrayLike<number>
}

export interface StreamTableOptions {
  lang?: Lang
  /** tcpdump's flags (`[S.]`) before the numbers. */
  flags?: boolean
  /** `seq = 1:5` for packets with data (the seeds print the first number only). */
  ranges?: boolean
  /** Client / server state after each packet, at the right. */
  states?: boolean
  /** States before the first packet (shown under the header with `states`). */
  initialClient?: number
  initialServer?: number
  /** Phase headings. */
  phases?: boolean
  /** The first packet was a RST teardown (names the teardown heading "reset"). */
  teardownIsReset?: boolean
  /** Both FINs crossed (names the teardown heading "simultaneous close"). */
  teardownIsSimultaneous?: boolean
}

/** tcpdump's flag letters in tcpdump's order: F S R P . U E W (AE as 'e'); `[none]` without flags. */
export function tcpFlagsText(f: number): string {
  let s = ''
  if (f & 0x01) s += 'F'
  if (f & 0x02) s += 'S'
  if (f & 0x04) s += 'R'
  if (f & 0x08) s += 'P'
  if (f & 0x10) s += '.'
  if (f & 0x20) s += 'U'
  if (f & 0x40) s += 'E'
  if (f & 0x80) s += 'W'
  if (f & 0x100) s += 'e'
  return `[${s || 'none'}]`
}

/** A state code as shown in text: its RFC name, `?` when assumed. */
export function stateText(code: number): string {
  return stateName(code) + (isAssumed(code) ? '?' : '')
}

/** Terminal columns of a string: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6)
        ? 2
        : 1
  }
  return w
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(1, width - displayWidth(s)))
}

/** One packet's `seq = … ack = …` text. */
export function packetNumbers(
  flags: number,
  seq: number,
  ack: number,
  len: number,
  opts: Pick<StreamTableOptions, 'flags' | 'ranges'> = {},
): string {
  let s = opts.flags ? tcpFlagsText(flags) + ' ' : ''
  s += `seq = ${seq}`
  if (opts.ranges && len > 0) s += `:${(seq + len) >>> 0}`
  if (flags & 0x10) s += ` ack = ${ack}`
  return s
}

const PHASE_KEYS = ['phase.handshake', 'phase.data', 'phase.teardown'] as const

/** The whole table, lines joined with '\n' and a final newline; trailing spaces trimmed. */
export function formatStreamTable(c: StreamTableColumns, opts: StreamTableOptions = {}): string {
  const lang = opts.lang ?? 'en'
  const texts: string[] = []
  let serverWidth = displayWidth(formatMessage({ key: 'table.server' }, lang))
  for (let i = 0; i < c.count; i++) {
    const t = packetNumbers(c.flags[i]!, c.seq[i]!, c.ack[i]!, c.len[i]!, opts)
    texts.push(t)
    if (c.dir[i] === 1) serverWidth = Math.max(serverWidth, displayWidth(t))
  }
  // Client texts longer than the column push the server column right for every line (kept aligned).
  let left = SERVER_COLUMN
  for (let i = 0; i < c.count; i++) if (c.dir[i] === 0) left = Math.max(left, displayWidth(texts[i]!) + 2)
  const statesAt = left + serverWidth + 4
  const withStates = opts.states === true && c.client !== undefined && c.server !== undefined
  const stateCell = (client: number, server: number): string => pad(stateText(client), 14) + stateText(server)
  const out: string[] = []
  const line = (l: string, r: string, st?: string): void => {
    let s = l === '' && r === '' ? '' : pad(l, left) + r
    if (st !== undefined) s = pad(s, statesAt) + st
    out.push(s.trimEnd())
  }
  line(
    formatMessage({ key: 'table.client' }, lang),
    formatMessage({ key: 'table.server' }, lang),
    withStates ? formatMessage({ key: 'table.states' }, lang) : undefined,
  )
  if (withStates && opts.initialClient !== undefined && opts.initialServer !== undefined)
    line('', '', stateCell(opts.initialClient, opts.initialServer))
  let phase = -1
  for (let i = 0; i < c.count; i++) {
    if (opts.phases && c.phase && c.phase[i] !== phase) {
      phase = c.phase[i]!
      const key =
        phase === 2 && opts.teardownIsReset
          ? 'phase.reset'
          : phase === 2 && opts.teardownIsSimultaneous
            ? 'phase.simultaneous'
            : PHASE_KEYS[phase]
      if (key) out.push(`-- ${formatMessage({ key }, lang)} --`)
    }
    const st = withStates ? stateCell(c.client![i]!, c.server![i]!) : undefined
    if (c.dir[i] === 0) line(texts[i]!, '', st)
    else line('', texts[i]!, st)
  }
  return out.join('\n') + '\n'
}

/** "the client closed first" / "客户端先关闭" for a summary line. */
export function closedFirstText(side: 'client' | 'server', lang: Lang = 'en'): string {
  return formatMessage(
    { key: 'phase.closedBy', params: { side: sideMessage(side === 'client' ? 0 : 1) } },
    lang,
  )
}
