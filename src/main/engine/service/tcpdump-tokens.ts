import type { TcpdumpToken } from '../../../shared/ipc/contract'

/**
 * Splits a tcpdump TCP line (as src/shared/print prints it) into the spans that show header fields, so
 * the inspector can light the header cell a token shows (and the token of a cell). Works on the printed
 * text because that is what the user reads; the printer's grammar is fixed (print-tcp.c order: ports,
 * Flags, cksum, seq, ack, win, urg, options, length). Text that is not a TCP line gives no tokens.
 */
export function tcpdumpTokens(text: string): TcpdumpToken[] {
  const out: TcpdumpToken[] = []
  const fl = text.indexOf(': Flags [')
  if (fl < 0) return out
  const gt = text.lastIndexOf(' > ', fl)
  if (gt < 0) return out
  const srcStart = Math.max(text.lastIndexOf(' ', gt - 1), text.lastIndexOf('\n', gt - 1)) + 1
  const v6 = text.slice(srcStart, gt).includes(':')
  endpoint(out, text, srcStart, gt, v6 ? 'ipv6.src' : 'ip.src', 'tcp.srcport')
  endpoint(out, text, gt + 3, fl, v6 ? 'ipv6.dst' : 'ip.dst', 'tcp.dstport')
  ipHeader(out, text, srcStart, v6)
  const flagsStart = fl + 2
  const flagsEnd = text.indexOf(']', flagsStart)
  if (flagsEnd < 0) return out
  out.push({ start: flagsStart, end: flagsEnd + 1, field: 'tcp.flags' })
  let p = flagsEnd + 1
  while (text.startsWith(', ', p)) {
    const start = p + 2
    const end = itemEnd(text, start)
    const item = text.slice(start, end)
    const word = /^[a-z]+/.exec(item)?.[0] ?? ''
    if (word === 'options') {
      out.push({ start, end: start + 7, field: 'tcp.options' })
      options(out, text, start + 9, end - 1)
    } else {
      const field = ITEM_FIELDS[word]
      if (!field) break
      out.push({ start, end, field })
      if (word === 'length') break
    }
    p = end
  }
  return out.sort((a, b) => a.start - b.start)
}

const ITEM_FIELDS: Record<string, string> = {
  cksum: 'tcp.checksum',
  seq: 'tcp.seq',
  ack: 'tcp.ack',
  win: 'tcp.window_size_value',
  urg: 'tcp.urgent_pointer',
  length: 'tcp.len',
}

const OPTION_FIELDS: Record<string, string> = {
  mss: 'tcp.options.mss_val',
  wscale: 'tcp.options.wscale.shift',
  sackOK: 'tcp.options.sack_perm',
  nop: 'tcp.options.nop',
  eol: 'tcp.options.eol',
  sack: 'tcp.options.sack',
}

/** "addr.port" in [start, end): address and port tokens (the port is after the last dot). */
function endpoint(
  out: TcpdumpToken[],
  text: string,
  start: number,
  end: number,
  addr: string,
  port: string,
): void {
  const dot = text.lastIndexOf('.', end - 1)
  if (dot <= start) return
  out.push({ start, end: dot, field: addr })
  out.push({ start: dot + 1, end, field: port })
}

/** End of a ", "-separated item starting at p: the next ", " outside brackets, or the end of the text. */
function itemEnd(text: string, p: number): number {
  let depth = 0
  for (let i = p; i < text.length; i++) {
    const c = text[i]!
    if (c === '[' || c === '{' || c === '(') depth++
    else if (c === ']' || c === '}' || c === ')') depth--
    else if (depth <= 0 && c === ',' && text[i + 1] === ' ') return i
  }
  return text.length
}

/** The items of "options [a,b,c]" in [start, end) (end = the closing bracket), one per option. */
function options(out: TcpdumpToken[], text: string, start: number, end: number): void {
  let k = 0
  let p = start
  while (p < end) {
    let depth = 0
    let q = p
    for (; q < end; q++) {
      const c = text[q]!
      if (c === '[' || c === '{' || c === '(') depth++
      else if (c === ']' || c === '}' || c === ')') depth--
      else if (c === ',' && depth <= 0) break
    }
    const item = text.slice(p, q)
    if (item.startsWith('TS val ')) {
      const ecr = item.indexOf(' ecr ')
      if (ecr > 0) {
        out.push({ start: p, end: p + ecr, field: 'tcp.options.timestamp.tsval', option: k })
        out.push({ start: p + ecr + 1, end: q, field: 'tcp.options.timestamp.tsecr', option: k })
      } else out.push({ start: p, end: q, field: 'tcp.options.timestamp.tsval', option: k })
    } else {
      const word = /^[A-Za-z]+/.exec(item)?.[0] ?? ''
      out.push({ start: p, end: q, field: OPTION_FIELDS[word] ?? 'tcp.options.type', option: k })
    }
    k++
    p = q + 1
  }
}

const IPV4_PARTS: Array<[RegExp, string]> = [
  [/tos 0x[0-9a-f]+/, 'ip.dsfield'],
  [/ttl \d+/, 'ip.ttl'],
  [/\bid \d+/, 'ip.id'],
  [/offset \d+/, 'ip.frag_offset'],
  [/flags \[[^\]]*\]/, 'ip.flags'],
  [/proto \S+ \(\d+\)/, 'ip.proto'],
  [/length \d+(?=\)$)/, 'ip.len'],
]
const IPV6_PARTS: Array<[RegExp, string]> = [
  [/flowlabel 0x[0-9a-f]+/, 'ipv6.flow'],
  [/hlim \d+/, 'ipv6.hlim'],
  [/next-header \S+ \(\d+\)/, 'ipv6.nxt'],
  [/payload length: \d+/, 'ipv6.plen'],
]

/** -v: the "IP (tos …, length N)" / "IP6 (… payload length: N)" group before the addresses. */
function ipHeader(out: TcpdumpToken[], text: string, before: number, v6: boolean): void {
  const open = text.lastIndexOf(v6 ? 'IP6 (' : 'IP (', before)
  if (open < 0) return
  const from = text.indexOf('(', open)
  let depth = 0
  let close = -1
  for (let i = from; i < before; i++) {
    if (text[i] === '(') depth++
    else if (text[i] === ')' && --depth === 0) {
      close = i
      break
    }
  }
  if (close < 0) return
  const group = text.slice(from, close + 1)
  for (const [re, field] of v6 ? IPV6_PARTS : IPV4_PARTS) {
    const m = re.exec(group)
    if (m) out.push({ start: from + m.index, end: from + m.index + m[0].length, field })
  }
}
