import type { FilterError } from './ast'

/**
 * Tokens of the display-filter language. Unquoted words are deliberately broad (letters, digits and
 * `_ . : / -`), as in Wireshark: `10.0.0.0/8`, `2001:db8::1`, `47:45:54`, `tcp.flags.syn` are one
 * word each; the parser decides what a word means from its position and the field's type.
 */
export type TokenKind =
  | 'word'
  | 'string'
  | 'op' // == != === !== ~= < > <= >= && || ! & ~
  | '('
  | ')'
  | '{'
  | '}'
  | ','
  | '['
  | ']'
  | 'eof'

export interface Token {
  kind: TokenKind
  text: string
  start: number
  end: number
}

const WORD_CHAR = /[A-Za-z0-9_.:/-]/

function isWordChar(ch: string): boolean {
  return WORD_CHAR.test(ch)
}

export function tokenize(src: string): { ok: true; tokens: Token[] } | { ok: false; error: FilterError } {
  const tokens: Token[] = []
  let i = 0
  const n = src.length
  while (i < n) {
    const ch = src[i]!
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++
      continue
    }
    const start = i
    if (ch === '"') {
      const r = readString(src, i)
      if (!r.ok) return r
      tokens.push({ kind: 'string', text: r.text, start, end: r.end })
      i = r.end
      continue
    }
    if ('(){},[]'.includes(ch)) {
      tokens.push({ kind: ch as TokenKind, text: ch, start, end: i + 1 })
      i++
      continue
    }
    const three = src.slice(i, i + 3)
    if (three === '===' || three === '!==') {
      tokens.push({ kind: 'op', text: three, start, end: i + 3 })
      i += 3
      continue
    }
    const two = src.slice(i, i + 2)
    if (['==', '!=', '<=', '>=', '&&', '||', '~='].includes(two)) {
      tokens.push({ kind: 'op', text: two, start, end: i + 2 })
      i += 2
      continue
    }
    if ('<>!&~='.includes(ch)) {
      // A lone '=' is a common slip for '=='; the parser reports it with a hint.
      tokens.push({ kind: 'op', text: ch, start, end: i + 1 })
      i++
      continue
    }
    if (ch === "'") {
      return { ok: false, error: { message: 'use double quotes for text, like "GET"', start, end: i + 1 } }
    }
    if (ch === '|') {
      return { ok: false, error: { message: "'|' is not an operator; use '||' or 'or'", start, end: i + 1 } }
    }
    if (isWordChar(ch)) {
      let j = i + 1
      while (j < n && isWordChar(src[j]!)) j++
      tokens.push({ kind: 'word', text: src.slice(i, j), start, end: j })
      i = j
      continue
    }
    return {
      ok: false,
      error: { message: `unexpected character '${ch}'`, start, end: i + 1 },
    }
  }
  tokens.push({ kind: 'eof', text: '', start: n, end: n })
  return { ok: true, tokens }
}

/** A double-quoted string with C-like escapes; \xhh and \ooo give raw bytes (latin-1 code units). */
function readString(
  src: string,
  open: number,
): { ok: true; text: string; end: number } | { ok: false; error: FilterError } {
  let i = open + 1
  let out = ''
  while (i < src.length) {
    const ch = src[i]!
    if (ch === '"') return { ok: true, text: out, end: i + 1 }
    if (ch === '\\') {
      const e = src[i + 1]
      if (e === undefined) break
      if (e === 'x') {
        const hex = /^[0-9A-Fa-f]{1,2}/.exec(src.slice(i + 2, i + 4))
        if (!hex) {
          return {
            ok: false,
            error: { message: "'\\x' must be followed by hex digits", start: i, end: i + 2 },
          }
        }
        out += String.fromCharCode(parseInt(hex[0], 16))
        i += 2 + hex[0].length
        continue
      }
      if (e >= '0' && e <= '7') {
        const oct = /^[0-7]{1,3}/.exec(src.slice(i + 1, i + 4))!
        out += String.fromCharCode(parseInt(oct[0], 8) & 0xff)
        i += 1 + oct[0].length
        continue
      }
      const map: Record<string, string> = {
        n: '\n',
        r: '\r',
        t: '\t',
        '\\': '\\',
        '"': '"',
        "'": "'",
        '0': '\0',
        a: '\x07',
        b: '\b',
        f: '\f',
        v: '\v',
      }
      const m = map[e]
      if (m === undefined) {
        return { ok: false, error: { message: `unknown escape '\\${e}' in string`, start: i, end: i + 2 } }
      }
      out += m
      i += 2
      continue
    }
    const cp = src.codePointAt(i)!
    if (cp < 0x80) {
      out += ch
      i++
      continue
    }
    // Non-ASCII text is searched for as its UTF-8 bytes, as Wireshark does.
    const len = cp > 0xffff ? 2 : 1
    for (const b of utf8(src.slice(i, i + len))) out += String.fromCharCode(b)
    i += len
  }
  return {
    ok: false,
    error: { message: 'this string has no closing quote (")', start: open, end: src.length },
  }
}

function utf8(s: string): number[] {
  const out: number[] = []
  for (const c of s) {
    const cp = c.codePointAt(0)!
    if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63))
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63))
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63))
  }
  return out
}
