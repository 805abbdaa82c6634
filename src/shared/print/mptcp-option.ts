import { be16, be32, be64, formatIPv4, formatIPv6, hex2 } from './addr-format'

/**
 * MPTCP option text as tcpdump 4.99.3 prints it (print-mptcp.c): " <len> <subtype name>" then the
 * subtype's fields. Returns false when tcpdump's printer rejects the option (it then prints
 * "[bad opt]"). `opt` is the offset of the option's kind byte, `len` its length byte; the caller has
 * already checked that all `len` bytes were captured.
 */
const TH_SYN = 0x02
const TH_ACK = 0x10

const NAMES = ['capable', 'join', 'dss', 'add-addr', 'rem-addr', 'prio', 'fail', 'fast-close', 'unknown']

export interface MptcpOut {
  text: string
}

export function formatMptcpOption(
  d: Uint8Array,
  opt: number,
  len: number,
  flags: number,
  out: MptcpOut,
): boolean {
  out.text = ''
  if (len < 3) return false
  const subtype = Math.min((d[opt + 2]! >> 4) & 0xf, 8)
  let s = ` ${len} ${NAMES[subtype]}`
  let ok = true
  switch (subtype) {
    case 0: {
      // MP_CAPABLE: v0/v1; keys depend on the length and on SYN/ACK.
      if (
        !((len === 12 || len === 4) && flags & TH_SYN) &&
        !((len === 20 || len === 22) && (flags & (TH_SYN | TH_ACK)) === TH_ACK)
      ) {
        ok = false
        break
      }
      const version = d[opt + 2]! & 0xf
      if (version > 1) {
        s += ` Unknown Version (${version})`
        break
      }
      s += ` v${version}`
      if (d[opt + 3]! & 0x80) s += ' csum'
      if (len === 12 || len >= 20) {
        s += ` {0x${be64(d, opt + 4).toString(16)}`
        if (len >= 20) s += `,0x${be64(d, opt + 12).toString(16)}`
        s += '}'
      }
      break
    }
    case 1: {
      if (
        !(len === 12 && flags & TH_SYN) &&
        !(len === 16 && (flags & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK)) &&
        !(len === 24 && flags & TH_ACK)
      ) {
        ok = false
        break
      }
      if (len !== 24) {
        if (d[opt + 2]! & 0x01) s += ' backup'
        s += ` id ${d[opt + 3]}`
      }
      if (len === 12)
        s += ` token 0x${be32(d, opt + 4).toString(16)} nonce 0x${be32(d, opt + 8).toString(16)}`
      else if (len === 16)
        s += ` hmac 0x${be64(d, opt + 4).toString(16)} nonce 0x${be32(d, opt + 12).toString(16)}`
      else {
        s += ' hmac 0x'
        for (let i = 0; i < 20; i++) s += hex2(d[opt + 4 + i]!)
      }
      break
    }
    case 2:
      ok = dss(d, opt, len, flags, out)
      s += out.text
      break
    case 3: {
      if (![8, 10, 16, 18, 20, 22, 28, 30].includes(len)) {
        ok = false
        break
      }
      const echo = d[opt + 2]! & 0xf
      s +=
        ' ' +
        (echo === 6
          ? 'v0-ip6'
          : echo === 4
            ? 'v0-ip4'
            : echo === 1
              ? 'v1-echo'
              : echo === 0
                ? 'v1'
                : '[bad version/echo]')
      s += ` id ${d[opt + 3]}`
      if (len <= 18) {
        s += ' ' + formatIPv4(d, opt + 4)
        if (len === 10 || len === 18) s += `:${be16(d, opt + 8)}`
        if (len === 16) s += ` hmac 0x${be64(d, opt + 8).toString(16)}`
        if (len === 18) s += ` hmac 0x${be64(d, opt + 10).toString(16)}`
      } else {
        s += ' ' + formatIPv6(d, opt + 4)
        if (len === 22 || len === 30) s += `:${be16(d, opt + 20)}`
        if (len === 28) s += ` hmac 0x${be64(d, opt + 20).toString(16)}`
        if (len === 30) s += ` hmac 0x${be64(d, opt + 22).toString(16)}`
      }
      break
    }
    case 4:
      if (len < 4) {
        ok = false
        break
      }
      s += ' id'
      for (let i = 0; i < len - 3; i++) s += ` ${d[opt + 3 + i]}`
      break
    case 5:
      if (len !== 3 && len !== 4) {
        ok = false
        break
      }
      s += d[opt + 2]! & 0x01 ? ' backup' : ' non-backup'
      if (len === 4) s += ` id ${d[opt + 3]}`
      break
    case 6:
      if (len !== 12) {
        ok = false
        break
      }
      s += ` seq ${be64(d, opt + 4)}`
      break
    case 7:
      if (len !== 12) {
        ok = false
        break
      }
      s += ` key 0x${be64(d, opt + 4).toString(16)}`
      break
    default:
      break
  }
  out.text = s
  return ok
}

/** DSS: each field is printed as soon as it is read, so a rejected option still shows a partial text. */
function dss(d: Uint8Array, opt: number, len: number, flags: number, out: MptcpOut): boolean {
  let s = ''
  out.text = s
  if (len < 4) return false
  if (flags & TH_SYN) return false
  const f = d[opt + 3]!
  if (f & 0x10) s += ' fin'
  let p = opt + 4
  let rem = len - 4
  const done = (ok: boolean): boolean => {
    out.text = s
    return ok
  }
  if (f & 0x01) {
    s += ' ack '
    if (f & 0x02) {
      if (rem < 8) return done(false)
      s += be64(d, p).toString()
      p += 8
      rem -= 8
    } else {
      if (rem < 4) return done(false)
      s += be32(d, p)
      p += 4
      rem -= 4
    }
  }
  if (f & 0x04) {
    s += ' seq '
    if (f & 0x08) {
      if (rem < 8) return done(false)
      s += be64(d, p).toString()
      p += 8
      rem -= 8
    } else {
      if (rem < 4) return done(false)
      s += be32(d, p)
      p += 4
      rem -= 4
    }
    if (rem < 4) return done(false)
    s += ` subseq ${be32(d, p)}`
    p += 4
    rem -= 4
    if (rem < 2) return done(false)
    s += ` len ${be16(d, p)}`
    p += 2
    rem -= 2
    if (rem >= 2) {
      s += ` csum 0x${be16(d, p).toString(16)}`
      rem -= 2
    }
  }
  return done(rem === 0)
}
