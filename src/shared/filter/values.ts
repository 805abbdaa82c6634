/**
 * Literal parsing for filter values: integers (decimal, 0x hex, leading-0 octal as in Wireshark),
 * IPv4/IPv6 addresses with an optional /prefix, relative times, byte strings. Each returns null (or a
 * message) on bad input instead of throwing.
 */

/** Unsigned integer as Wireshark reads it: 0x… hex, 0… octal, else decimal; null when not a number. */
export function parseUint(text: string): number | null {
  let v: number
  if (/^0[xX][0-9A-Fa-f]+$/.test(text)) v = parseInt(text.slice(2), 16)
  else if (/^0[0-7]+$/.test(text)) v = parseInt(text.slice(1), 8)
  else if (/^(0|[1-9][0-9]*)$/.test(text)) v = parseInt(text, 10)
  else return null
  return Number.isSafeInteger(v) ? v : null
}

export interface V4Net {
  /** Network address as an unsigned 32-bit number (already masked). */
  value: number
  /** Prefix length 0..32. */
  prefix: number
  /** The mask as an unsigned number. */
  mask: number
}

export function parseIPv4(text: string): V4Net | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text)
  if (!m) return null
  let v = 0
  for (let i = 1; i <= 4; i++) {
    const b = Number(m[i])
    if (b > 255) return null
    v = v * 256 + b
  }
  const prefix = m[5] === undefined ? 32 : Number(m[5])
  if (prefix > 32) return null
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0
  return { value: (v & mask) >>> 0, prefix, mask }
}

export interface V6Net {
  /** Network address bytes, masked to the prefix. */
  bytes: Uint8Array
  prefix: number
}

export function parseIPv6(text: string): V6Net | null {
  let addr = text
  let prefix = 128
  const slash = text.indexOf('/')
  if (slash >= 0) {
    const p = text.slice(slash + 1)
    if (!/^\d{1,3}$/.test(p)) return null
    prefix = Number(p)
    if (prefix > 128) return null
    addr = text.slice(0, slash)
  }
  const bytes = parseIPv6Bytes(addr)
  if (!bytes) return null
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, prefix - i * 8))
    bytes[i] = bytes[i]! & ((0xff00 >> keep) & 0xff)
  }
  return { bytes, prefix }
}

function parseIPv6Bytes(s: string): Uint8Array | null {
  if (!/^[0-9A-Fa-f:.]+$/.test(s) || !s.includes(':')) return null
  const halves = s.split('::')
  if (halves.length > 2) return null
  const parseGroups = (part: string): number[] | null => {
    if (part === '') return []
    const out: number[] = []
    const gs = part.split(':')
    for (let i = 0; i < gs.length; i++) {
      const g = gs[i]!
      if (i === gs.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g)
        if (!v4 || v4.prefix !== 32) return null
        out.push(v4.value >>> 16, v4.value & 0xffff)
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return null
        out.push(parseInt(g, 16))
      }
    }
    return out
  }
  const head = parseGroups(halves[0]!)
  const tail = halves.length === 2 ? parseGroups(halves[1]!) : []
  if (!head || !tail) return null
  let groups: number[]
  if (halves.length === 2) {
    const fill = 8 - head.length - tail.length
    if (fill < 1) return null
    groups = [...head, ...new Array<number>(fill).fill(0), ...tail]
  } else {
    if (head.length !== 8) return null
    groups = head
  }
  const b = new Uint8Array(16)
  groups.forEach((g, i) => {
    b[2 * i] = g >> 8
    b[2 * i + 1] = g & 0xff
  })
  return b
}

/** A relative time in seconds ("1.5", "-0.25", "3") as exact nanoseconds; null when malformed. */
export function parseRelTimeNs(text: string): number | null {
  const m = /^(-)?(\d+)?(?:\.(\d{0,9})\d*)?$/.exec(text)
  if (!m || (m[2] === undefined && (m[3] === undefined || m[3] === ''))) return null
  const sec = m[2] === undefined ? 0 : Number(m[2])
  const frac = (m[3] ?? '').padEnd(9, '0')
  const ns = sec * 1e9 + Number(frac)
  if (!Number.isSafeInteger(ns)) return null
  return m[1] ? -ns : ns
}

/** Seconds as a float ("0.002", "1e-3"); null when malformed. */
export function parseSeconds(text: string): number | null {
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return null
  return Number(text)
}

/** Byte string "47:45:54" (or with '-' / '.' separators, or a single byte "47"); null when not one. */
export function parseByteString(text: string): Uint8Array | null {
  if (/^[0-9A-Fa-f]{2}$/.test(text)) return Uint8Array.of(parseInt(text, 16))
  const m = /^[0-9A-Fa-f]{1,2}([:.-])/.exec(text)
  if (!m) return null
  const parts = text.split(m[1]!)
  const out = new Uint8Array(parts.length)
  for (let i = 0; i < parts.length; i++) {
    if (!/^[0-9A-Fa-f]{1,2}$/.test(parts[i]!)) return null
    out[i] = parseInt(parts[i]!, 16)
  }
  return out
}

/** A string whose code units are bytes (as the lexer produces) to a Uint8Array. */
export function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff
  return out
}

/** Edit distance, for "did you mean" suggestions (names are short; O(n·m) is fine). */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1)
  for (let j = 0; j <= b.length; j++) prev[j] = j
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!
    prev[0] = i
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = tmp
    }
  }
  return prev[b.length]!
}
