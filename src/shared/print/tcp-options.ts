import { be16, be32, hex2 } from './addr-format'
import { formatMptcpOption, type MptcpOut } from './mptcp-option'

/**
 * The ", options [...]" part of tcpdump's TCP line (print-tcp.c), byte for byte, including its quirks:
 * "[len N]" after an option whose length disagrees with its kind, "[bad opt]" (+ "]") when a length is
 * impossible, and the two truncation endings: a LENCHECK capture failure prints " [|tcp]" followed by
 * ">" once any option was printed, while a failed read of a kind/length byte ends the packet with a
 * plain " [|tcp]" (tcpdump's longjmp path).
 */
export const enum OptEnd {
  /** Options printed completely (text ends with "]"). */
  Ok = 0,
  /** "[bad opt]" printed: tcp_print returns, nothing more on the line. */
  Bad = 1,
  /** Truncated: the text already ends with the truncation marker; the packet's text ends here. */
  Trunc = 2,
}

export interface TcpOptCtx {
  d: Uint8Array
  /** First option byte and the options' length (TCP header length - 20). */
  off: number
  len: number
  /** tcpdump's snapend: captured bytes end, cut at the end of the IP datagram. */
  end: number
  flags: number
  /** SACK edges are made relative with these (tcpdump's rev/thseq/thack; zeros for -S or no ACK). */
  rev: boolean
  thSeq: number
  thAck: number
  /** TCP payload length and the offset where the payload starts (for the md5 "snaplen too short" test). */
  payloadOff: number
  payloadLen: number
}

const NAMES: Record<number, string> = {
  0: 'eol',
  1: 'nop',
  2: 'mss',
  3: 'wscale',
  4: 'sackOK',
  5: 'sack',
  6: 'echo',
  7: 'echoreply',
  8: 'TS',
  11: 'cc',
  12: 'ccnew',
  13: '',
  19: 'md5',
  20: 'scps',
  28: 'uto',
  29: 'tcp-ao',
  30: 'mptcp',
  34: 'tfo',
  254: 'exp',
}

const mp: MptcpOut = { text: '' }

export interface OptResult {
  text: string
  end: OptEnd
}

export function formatTcpOptions(c: TcpOptCtx, res: OptResult): void {
  const d = c.d
  let hlen = c.len
  let cp = c.off
  let s = ', options ['
  let ch = ''
  const trunc = (): void => {
    res.text = s + ' [|tcp]' + (ch ? '>' : '')
    res.end = OptEnd.Trunc
  }
  const bad = (): void => {
    res.text = s + '[bad opt]' + (ch ? ']' : '')
    res.end = OptEnd.Bad
  }
  while (hlen > 0) {
    s += ch
    if (cp >= c.end) {
      res.text = s + ' [|tcp]'
      res.end = OptEnd.Trunc
      return
    }
    const opt = d[cp++]!
    let len: number
    if (opt === 0 || opt === 1) len = 1
    else {
      if (cp >= c.end) {
        res.text = s + ' [|tcp]'
        res.end = OptEnd.Trunc
        return
      }
      len = d[cp++]!
      if (len < 2 || len > hlen) return bad()
      hlen--
    }
    hlen--
    let datalen = 0
    // LENCHECK(l): l bytes of option data must be inside the header and captured.
    const lencheck = (l: number): number => (l > hlen ? 1 : cp + l > c.end ? 2 : 0)
    s += NAMES[opt] ?? `unknown-${opt}`
    let lc = 0
    switch (opt) {
      case 2:
        datalen = 2
        if ((lc = lencheck(2))) break
        s += ` ${be16(d, cp)}`
        break
      case 3:
        datalen = 1
        if ((lc = lencheck(1))) break
        s += ` ${d[cp]}`
        break
      case 5:
        datalen = len - 2
        if (datalen % 8 !== 0) s += ' invalid sack'
        else {
          s += ` ${datalen / 8} `
          for (let i = 0; i < datalen; i += 8) {
            if ((lc = lencheck(i + 4))) break
            let sv = be32(d, cp + i)
            if ((lc = lencheck(i + 8))) break
            let ev = be32(d, cp + i + 4)
            if (c.rev) {
              sv = (sv - c.thSeq) >>> 0
              ev = (ev - c.thSeq) >>> 0
            } else {
              sv = (sv - c.thAck) >>> 0
              ev = (ev - c.thAck) >>> 0
            }
            s += `{${sv}:${ev}}`
          }
        }
        break
      case 11:
      case 12:
      case 13:
      case 6:
      case 7:
        datalen = 4
        if ((lc = lencheck(4))) break
        s += ` ${be32(d, cp)}`
        break
      case 8:
        datalen = 8
        if ((lc = lencheck(8))) break
        s += ` val ${be32(d, cp)} ecr ${be32(d, cp + 4)}`
        break
      case 19:
        datalen = 16
        if ((lc = lencheck(16))) break
        s += ' '
        // tcpdump (built with libcrypto) tries to verify; without -M it cannot.
        if (c.payloadOff + c.payloadLen > c.end) s += 'snaplen too short, '
        else s += 'shared secret not supplied with -M, '
        s += "can't check - "
        for (let i = 0; i < 16; i++) s += hex2(d[cp + i]!)
        break
      case 20:
        datalen = 2
        if ((lc = lencheck(2))) break
        s += ` cap ${hex2(d[cp]!)} id ${d[cp + 1]}`
        break
      case 29:
        datalen = len - 2
        if (datalen < 2) s += ' (invalid)'
        else {
          if ((lc = lencheck(1))) break
          s += ` keyid ${d[cp]}`
          if ((lc = lencheck(2))) break
          s += ` rnextkeyid ${d[cp + 1]}`
          if (datalen > 2) {
            s += ' mac 0x'
            for (let i = 2; i < datalen; i++) {
              if ((lc = lencheck(i + 1))) break
              s += hex2(d[cp + i]!)
            }
          }
        }
        break
      case 0:
      case 1:
      case 4:
        break
      case 28: {
        datalen = 2
        if ((lc = lencheck(2))) break
        let uto = be16(d, cp)
        s += ` 0x${uto.toString(16)}`
        if (uto & 1) uto = (uto >> 1) * 60
        else uto >>= 1
        s += ` ${uto}`
        break
      }
      case 30: {
        datalen = len - 2
        if ((lc = lencheck(datalen))) break
        const ok = formatMptcpOption(d, cp - 2, len, c.flags, mp)
        s += mp.text
        if (!ok) return bad()
        break
      }
      case 34:
        datalen = len - 2
        if ((lc = lencheck(datalen))) break
        s += ' ' + fastOpen(d, cp, datalen, false)
        break
      case 254: {
        datalen = len - 2
        if ((lc = lencheck(datalen))) break
        if (datalen < 2) return bad()
        const magic = be16(d, cp)
        s += '-'
        if (magic === 0xf989) s += fastOpen(d, cp + 2, datalen - 2, true)
        else s += magic.toString(16).padStart(4, '0')
        break
      }
      default:
        datalen = len - 2
        if (datalen) s += ' 0x'
        for (let i = 0; i < datalen; i++) {
          if ((lc = lencheck(i + 1))) break
          s += hex2(d[cp + i]!)
        }
        break
    }
    if (lc === 1) return bad()
    if (lc === 2) return trunc()
    cp += datalen
    hlen -= datalen
    let expect = datalen + 1
    if (opt !== 0 && opt !== 1) expect++
    if (expect !== len) s += `[len ${len}]`
    ch = ','
    if (opt === 0) break
  }
  res.text = s + ']'
  res.end = OptEnd.Ok
}

function fastOpen(d: Uint8Array, cp: number, datalen: number, exp: boolean): string {
  let s = exp ? 'tfo' : ''
  if (datalen === 0) return s + ' cookiereq'
  if (datalen % 2 !== 0 || datalen < 4 || datalen > 16) return s + ' (invalid)'
  s += ' cookie '
  for (let i = 0; i < datalen; i++) s += hex2(d[cp + i]!)
  return s
}
