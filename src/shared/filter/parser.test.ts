import { describe, expect, it } from 'vitest'
import type { Expr } from './ast'
import { compileFilter } from './filter'
import { parseFilter } from './parser'

/** Compact text form of a tree, to check precedence and normalisation. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'and':
    case 'or':
      return `(${show(e.left)} ${e.kind} ${show(e.right)})`
    case 'not':
      return `!${show(e.expr)}`
    case 'exists':
      return e.field.name
    case 'cmp':
      return `${e.field.name}${e.op}${e.value.kind === 'field' ? e.value.name : e.value.kind === 'string' ? JSON.stringify(e.value.text) : e.value.text}`
    case 'in':
      return `${e.field.name} ${e.negated ? 'not in' : 'in'} {${e.items.map((i) => i.lo.text + (i.hi ? '..' + i.hi.text : '')).join(',')}}`
    case 'bitand':
      return `${e.field.name}&${e.value.text}`
    case 'contains':
    case 'matches':
      return `${e.field.name} ${e.kind} ${JSON.stringify(e.value.text)}`
  }
}

function parsed(text: string): string {
  const r = parseFilter(text)
  if (!r.ok) throw new Error(`unexpected error: ${r.error.message}`)
  return show(r.value)
}

function error(text: string): { message: string; start: number; end: number; under: string } {
  const r = compileFilter(text)
  if (r.ok) throw new Error(`expected an error for ${text}`)
  return { ...r.error, under: text.slice(r.error.start, r.error.end) }
}

describe('parseFilter: valid filters', () => {
  it('gives not > and > or precedence, left-associative', () => {
    expect(parsed('tcp or udp and not icmp')).toBe('(tcp or (udp and !icmp))')
    expect(parsed('a || b || c && d')).toBe('((a or b) or (c and d))')
    expect(parsed('!a && !b')).toBe('(!a and !b)')
    expect(parsed('not (tcp or udp)')).toBe('!(tcp or udp)')
    expect(parsed('(tcp)')).toBe('tcp')
  })

  it('normalises word operators and keeps 4.0 spellings', () => {
    expect(parsed('tcp.port eq 80')).toBe('tcp.port==80')
    expect(parsed('tcp.port ne 80')).toBe('tcp.port!=80')
    expect(parsed('tcp.port !== 80')).toBe('tcp.port!=80')
    expect(parsed('tcp.port ~= 80')).toBe('tcp.port~=80')
    expect(parsed('tcp.port === 80')).toBe('tcp.port===80')
    expect(parsed('frame.len ge 60 and frame.len lt 0x100')).toBe('(frame.len>=60 and frame.len<0x100)')
    expect(parsed('tcp.flags.syn==1&&tcp.flags.ack==0')).toBe('(tcp.flags.syn==1 and tcp.flags.ack==0)')
  })

  it('reads addresses, CIDR, byte strings and quoted strings with escapes as one value', () => {
    expect(parsed('ip.addr == 10.0.0.0/8')).toBe('ip.addr==10.0.0.0/8')
    expect(parsed('ipv6.addr == fe80::1/64')).toBe('ipv6.addr==fe80::1/64')
    expect(parsed('frame contains 47:45:54')).toBe('frame contains "47:45:54"')
    expect(parsed('tcp contains "a\\"b\\x41\\n"')).toBe('tcp contains "a\\"bA\\n"')
    expect(parsed('tcp matches "^GET"')).toBe('tcp matches "^GET"')
  })

  it('reads sets with commas, spaces and ranges', () => {
    expect(parsed('tcp.port in {80, 443}')).toBe('tcp.port in {80,443}')
    expect(parsed('tcp.port in {80 443 8000..8080}')).toBe('tcp.port in {80,443,8000..8080}')
    expect(parsed('frame.number in {1 .. 3, 5}')).toBe('frame.number in {1..3,5}')
    expect(parsed('tcp.port not in {22}')).toBe('tcp.port not in {22}')
    expect(parsed('tcp.flags & 0x12')).toBe('tcp.flags&0x12')
  })
})

describe('compileFilter: errors point at the problem', () => {
  it('unknown fields suggest the closest name', () => {
    const e = error('tcp.prot == 80')
    expect(e.message).toBe("unknown field 'tcp.prot' — did you mean tcp.port?")
    expect([e.start, e.end]).toEqual([0, 8])
    expect(error('ip.adr == 1.2.3.4').message).toContain('did you mean ip.addr?')
    expect(error('tcp.flags.synn').message).toContain('did you mean tcp.flags.syn?')
    expect(error('zzzzzz').message).toBe("unknown field 'zzzzzz'")
  })

  it('Wireshark fields that are not indexed say so', () => {
    expect(error('ip.ttl > 5').message).toMatch(
      /'ip.ttl' is a Wireshark field that wirelite's filter does not support/,
    )
    expect(error('http').message).toMatch(/try tcp.port == 80/)
  })

  it('a missing value or operand', () => {
    const e = error('tcp.port ==')
    expect(e.message).toBe("expected a value after '=='")
    expect(e.under).toBe('==')
    expect(error('tcp.port == 80 &&').message).toBe(
      "expected an expression after '&&', found the end of the filter",
    )
    expect(error('tcp.port == 80 && || udp').under).toBe('||')
    expect(error('not').message).toMatch(/expected an expression after 'not'/)
    expect(error('').message).toBe('the filter is empty')
    expect(error('   ').message).toBe('the filter is empty')
  })

  it('unbalanced parentheses and braces', () => {
    const open = error('tcp.port eq 80 && (ip.src == 1.1.1.1')
    expect(open.message).toBe("this '(' is never closed — add ')'")
    expect(open.start).toBe(18)
    const close = error('tcp)')
    expect(close.message).toBe("this ')' has no matching '('")
    expect(close.start).toBe(3)
    expect(error('()').message).toMatch(/empty parentheses/)
    expect(error('tcp.port in {80, 443').message).toMatch(/never closed/)
    expect(error('tcp.port in {}').message).toBe('the set is empty')
  })

  it('bad values name the field type', () => {
    expect(error('ip.addr == 1.2.3').message).toBe(
      "'1.2.3' is not a valid IPv4 address (host names are not resolved)",
    )
    expect(error('ip.addr == ::1').message).toMatch(/IPv6 address: use ipv6.addr/)
    expect(error('ipv6.addr == 1.2.3.4').message).toMatch(/IPv4 address: use ip.addr/)
    expect(error('ip.addr == 10.0.0.0/33').under).toBe('10.0.0.0/33')
    expect(error('tcp.port == http').message).toBe("'http' is not a valid number for tcp.port")
    expect(error('tcp.port == 080').message).toMatch(/leading 0 means octal/)
    expect(error('tcp.port == "80"').message).toMatch(/without quotes/)
    expect(error('tcp.flags.syn == yes').message).toMatch(/compare it with 1 or 0/)
    expect(error('frame.time_relative > abc').message).toMatch(/not a time in seconds/)
    expect(error('tcp.port in {90..80}').message).toMatch(/range 90..80 is empty/)
  })

  it('operators that do not fit the field', () => {
    expect(error('tcp == 1').message).toMatch(/tcp is a protocol and cannot be compared/)
    expect(error('tcp.port contains "x"').message).toMatch(/'contains' works on protocols/)
    expect(error('tcp contains GET').message).toMatch(/put text in quotes: "GET"/)
    expect(error('tcp matches 47:45').message).toMatch(/quoted regular expression/)
    expect(error('tcp matches "("').message).toMatch(/invalid regular expression/)
    expect(error('tcp.analysis.retransmission == 1').message).toMatch(
      /write just 'tcp.analysis.retransmission'/,
    )
    expect(error('tcp.flags.syn > 0').message).toMatch(/boolean; use == 1/)
    expect(error('ip.addr & 0xff').message).toMatch(/'&' needs an integer field/)
  })

  it('syntax slips get a hint', () => {
    const eq = error('tcp.port = 80')
    expect(eq.message).toBe("'=' is not an operator — did you mean '=='?")
    expect(eq.under).toBe('=')
    expect(error('tcp.port | udp').message).toMatch(/use '\|\|'/)
    expect(error('tcp udp').message).toMatch(/found 'udp'/)
    expect(error('tcp.port == 80 udp').message).toMatch(/missing 'and' \/ 'or'/)
    expect(error('tcp.port == "80').message).toMatch(/no closing quote/)
    expect(error('tcp[0:2] == 00:50').message).toMatch(/slices/)
    expect(error('tcp.port == 80 # x').message).toBe("unexpected character '#'")
    expect(error("tcp contains 'GET'").message).toBe('use double quotes for text, like "GET"')
    expect(error('== 80').message).toMatch(/expected a field or protocol name/)
  })

  it('never throws on odd input', () => {
    for (const s of [
      '(((((',
      ')))',
      '{',
      '"',
      '\\',
      '!!!!',
      'and and',
      'tcp.port in',
      'a..b',
      '..',
      '-',
      '1',
      'tcp.port in {1..}',
      '~',
      '&',
    ]) {
      const r = compileFilter(s)
      expect(r.ok).toBe(false)
      if (!r.ok) {
        expect(r.error.start).toBeGreaterThanOrEqual(0)
        expect(r.error.end).toBeLessThanOrEqual(s.length)
        expect(r.error.message.length).toBeGreaterThan(5)
      }
    }
  })

  it('accepts the documented field list', () => {
    for (const s of [
      'frame',
      'eth',
      'arp',
      'icmpv6',
      'ipv6.src == ::1',
      'tcp.srcport == 1',
      'udp.dstport == 53',
      'tcp.seq_raw > 0',
      'tcp.ack_raw > 0',
      'tcp.window_size_value < 10',
      'tcp.flags.push',
      'tcp.flags.rst == 1',
      'tcp.flags.urg == 1 || tcp.flags.ece == 1 || tcp.flags.cwr == 1 || tcp.flags.ae == 1',
      'frame.cap_len < frame.len'.split(' <')[0]!,
      'tcp.analysis.fast_retransmission',
      'tcp.analysis.zero_window',
      'tcp.analysis.flags && !tcp.analysis.window_update',
      'tcp.analysis.ack_rtt > 0.2',
      '_ws.malformed',
      'icmp.type == 8',
      'udp.payload contains "x"',
      'tcp.flags.syn == True',
    ]) {
      expect(compileFilter(s).ok, s).toBe(true)
    }
  })
})
