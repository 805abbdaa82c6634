import type { CmpOp, Expr, FieldRef, FilterError, Literal, SetItem, Span } from './ast'
import type { FieldDef } from './fields'
import { UNSUPPORTED, knownNames, lookupField } from './fields'
import type { AddrNet, AddrTest, ByteTest, NumOp, Pred, Test } from './ir'
import {
  editDistance,
  latin1Bytes,
  parseByteString,
  parseIPv4,
  parseIPv6,
  parseRelTimeNs,
  parseSeconds,
  parseUint,
} from './values'

/**
 * Resolves a syntax tree against the field table: unknown names get a "did you mean", literals are
 * parsed by the field's type, and operators are mapped to Wireshark 4.0 semantics:
 *   ==  any value equal          !=  (also !==) no value equal: !(a == b), false when absent
 *   === every value equal        ~=  some value not equal (the pre-3.6 "!=")
 *   < > <= >=  any value         in {…}  any value in the set;  not in {…}  = !(a in {…})
 */

class CheckFail {
  constructor(readonly error: FilterError) {}
}

function fail(message: string, span: Span): never {
  throw new CheckFail({ message, start: span.start, end: span.end })
}

export interface CheckResult {
  pred: Pred
  byteTests: ByteTest[]
  needsTcp: boolean
  fields: string[]
}

export function checkFilter(e: Expr): { ok: true; value: CheckResult } | { ok: false; error: FilterError } {
  const ctx: CheckResult = { pred: { k: 'const', v: true }, byteTests: [], needsTcp: false, fields: [] }
  try {
    ctx.pred = walk(e, ctx)
    return { ok: true, value: ctx }
  } catch (err) {
    if (err instanceof CheckFail) return { ok: false, error: err.error }
    return {
      ok: false,
      error: { message: `internal filter error: ${String(err)}`, start: e.start, end: e.end },
    }
  }
}

function walk(e: Expr, ctx: CheckResult): Pred {
  switch (e.kind) {
    case 'and':
    case 'or':
      return { k: e.kind, a: walk(e.left, ctx), b: walk(e.right, ctx) }
    case 'not':
      return { k: 'not', a: walk(e.expr, ctx) }
    case 'exists': {
      const f = resolve(e.field, ctx)
      return { k: 'present', layer: f.layer, presence: f.presence }
    }
    case 'cmp':
      return compare(e.field, e.op, e.value, e.opSpan, ctx)
    case 'in': {
      const f = resolve(e.field, ctx)
      const p = setTest(f, e.items, e.field)
      return e.negated ? { k: 'not', a: p } : p
    }
    case 'bitand': {
      const f = resolve(e.field, ctx)
      if (f.type !== 'uint' && f.type !== 'int')
        fail(`'&' needs an integer field; ${f.name} is ${typeName(f)}`, e.field)
      if (e.value.kind !== 'word') fail('expected an integer mask like 0x12', e.value)
      const m = parseUint(e.value.text)
      if (m === null) fail(`'${e.value.text}' is not a valid integer mask`, e.value)
      return {
        k: 'cmp',
        layer: f.layer,
        presence: f.presence,
        values: f.values,
        quant: 'any',
        test: { t: 'mask', m },
      }
    }
    case 'contains':
    case 'matches': {
      const f = resolve(e.field, ctx)
      if (f.type !== 'protocol' && f.type !== 'bytes')
        fail(
          `'${e.kind}' works on protocols and payloads (frame, tcp, udp, tcp.payload …), not on ${f.name}`,
          e.field,
        )
      let test: ByteTest
      if (e.kind === 'contains') {
        const needle = e.value.kind === 'string' ? latin1Bytes(e.value.text) : parseByteString(e.value.text)
        if (needle === null)
          fail(
            `'${e.value.text}' is not a byte string like 47:45:54; put text in quotes: "${e.value.text}"`,
            e.value,
          )
        if (needle.length === 0) fail('the text to search for is empty', e.value)
        test = { scope: f.bytes!, needle, regex: null }
      } else {
        if (e.value.kind !== 'string')
          fail('matches needs a quoted regular expression, like "^GET "', e.value)
        let regex: RegExp
        // Wireshark's matches is case-insensitive unless the pattern starts with (?-i).
        let pattern = e.value.text
        let flags = 'si'
        if (pattern.startsWith('(?-i)')) {
          pattern = pattern.slice(5)
          flags = 's'
        } else if (pattern.startsWith('(?i)')) pattern = pattern.slice(4)
        try {
          regex = new RegExp(pattern, flags)
        } catch (err) {
          fail(`invalid regular expression: ${(err as Error).message}`, e.value)
        }
        test = { scope: f.bytes!, needle: null, regex }
      }
      ctx.byteTests.push(test)
      return {
        k: 'bytes',
        id: ctx.byteTests.length - 1,
        layer: f.layer,
        presence: f.bytes === 'payload' ? f.presence : { p: 'always' },
      }
    }
  }
}

function typeName(f: FieldDef): string {
  switch (f.type) {
    case 'protocol':
      return 'a protocol'
    case 'bytes':
      return 'a byte field'
    case 'none':
      return 'a flag without a value'
    case 'bool':
      return 'a boolean'
    case 'ipv4':
      return 'an IPv4 address'
    case 'ipv6':
      return 'an IPv6 address'
    case 'reltime':
    case 'seconds':
      return 'a time in seconds'
    case 'uint':
    case 'int':
      return 'an integer'
  }
}

function resolve(ref: FieldRef, ctx: CheckResult): FieldDef {
  const f = lookupField(ref.name)
  if (f) {
    if (f.needsTcp) ctx.needsTcp = true
    if (!ctx.fields.includes(f.name)) ctx.fields.push(f.name)
    return f
  }
  const lower = ref.name.toLowerCase()
  if (lower in UNSUPPORTED) {
    const instead = UNSUPPORTED[lower]
    fail(
      `'${ref.name}' is a Wireshark field that wirelite's filter does not support` +
        (instead ? ` — try ${instead}` : ' (it is not in the packet index)'),
      ref,
    )
  }
  let best = ''
  let bestD = Infinity
  for (const n of knownNames()) {
    const d = editDistance(lower, n)
    if (d < bestD) {
      bestD = d
      best = n
    }
  }
  const hint = bestD <= Math.max(2, Math.floor(lower.length / 4)) ? ` — did you mean ${best}?` : ''
  fail(`unknown field '${ref.name}'${hint}`, ref)
}

const ORDER_OPS = new Set<CmpOp>(['<', '>', '<=', '>='])

function compare(ref: FieldRef, op: CmpOp, value: Literal | FieldRef, opSpan: Span, ctx: CheckResult): Pred {
  const f = resolve(ref, ctx)
  if (value.kind === 'field') fail('comparing two fields is not supported', value)
  const other = value.kind === 'word' && !literalFits(f, value.text) ? lookupField(value.text) : undefined
  if (other) return compareFields(f, op, other, value, opSpan, ctx)
  if (f.type === 'protocol' || f.type === 'bytes' || f.type === 'none') {
    fail(
      `${f.name} is ${typeName(f)} and cannot be compared with '${op}'; write just '${f.name}' to test that it is present${f.type === 'none' ? '' : ", or use 'contains'"}`,
      opSpan,
    )
  }
  // Wireshark 4.0: != is "all not equal" (= !(any equal)); === all equal; ~= any not equal.
  const quant: 'any' | 'all' = op === '!=' || op === '===' ? 'all' : 'any'
  const numOp: NumOp = op === '===' ? '==' : op === '~=' ? '!=' : op
  const base = { k: 'cmp' as const, layer: f.layer, presence: f.presence, values: f.values, quant }
  if (f.type === 'ipv4' || f.type === 'ipv6') {
    const net = addrNet(f, value, numOp)
    // "!=" with a CIDR means "not in the network" for every value.
    const test: AddrTest = { family: f.type === 'ipv4' ? 4 : 6, nets: [net], negate: false }
    return { ...base, test: { t: 'addr', test, slot: 0 } }
  }
  if (ORDER_OPS.has(op) && f.type === 'bool') fail(`${f.name} is a boolean; use == 1 or == 0`, opSpan)
  return { ...base, test: { t: 'num', op: numOp, v: scalar(f, value) } }
}

/** Whether `text` reads as a literal of f's type (else a field name on the right is a field). */
function literalFits(f: FieldDef, text: string): boolean {
  switch (f.type) {
    case 'ipv4':
      return parseIPv4(text) !== null
    case 'ipv6':
      return parseIPv6(text) !== null
    case 'reltime':
      return parseRelTimeNs(text) !== null
    case 'seconds':
      return parseSeconds(text) !== null
    case 'bool':
      return parseUint(text) !== null || /^(true|false)$/i.test(text)
    case 'int':
      return parseUint(text.replace(/^-/, '')) !== null
    default:
      return parseUint(text) !== null
  }
}

const NUMERIC = new Set(['uint', 'int', 'bool', 'reltime', 'seconds'])

function compareFields(f: FieldDef, op: CmpOp, g: FieldDef, at: Span, opSpan: Span, ctx: CheckResult): Pred {
  if (g.needsTcp) ctx.needsTcp = true
  if (!ctx.fields.includes(g.name)) ctx.fields.push(g.name)
  const sameKind =
    f.type === g.type ||
    (NUMERIC.has(f.type) &&
      NUMERIC.has(g.type) &&
      f.type !== 'reltime' &&
      g.type !== 'reltime' &&
      f.type !== 'seconds' &&
      g.type !== 'seconds')
  if (!sameKind || f.values.length === 0 || g.values.length === 0)
    fail(`${f.name} (${typeName(f)}) cannot be compared with ${g.name} (${typeName(g)})`, at)
  if ((f.type === 'ipv4' || f.type === 'ipv6') && ORDER_OPS.has(op))
    fail(`addresses can only be compared with == or != against another field`, opSpan)
  const quant: 'any' | 'all' = op === '!=' || op === '===' ? 'all' : 'any'
  const numOp: NumOp = op === '===' ? '==' : op === '~=' ? '!=' : op
  return {
    k: 'cmp2',
    a: { layer: f.layer, presence: f.presence, values: f.values },
    b: { layer: g.layer, presence: g.presence, values: g.values },
    op: numOp,
    quant,
  }
}

/** A number for a uint / bool / time field, or a helpful error. */
function scalar(f: FieldDef, lit: Literal): number {
  const text = lit.text
  if (lit.kind === 'string' && f.type !== 'bool')
    fail(`${f.name} is ${typeName(f)}; write the value without quotes`, lit)
  switch (f.type) {
    case 'bool': {
      const t = text.toLowerCase()
      if (t === 'true') return 1
      if (t === 'false') return 0
      const v = parseUint(text)
      if (v === null) fail(`${f.name} is a boolean: compare it with 1 or 0, not '${text}'`, lit)
      return v !== 0 ? 1 : 0
    }
    case 'reltime': {
      const v = parseRelTimeNs(text)
      if (v === null) fail(`'${text}' is not a time in seconds (like 1.5)`, lit)
      return v
    }
    case 'seconds': {
      const v = parseSeconds(text)
      if (v === null) fail(`'${text}' is not a time in seconds (like 0.002)`, lit)
      return v
    }
    default: {
      const neg = f.type === 'int' && text.startsWith('-')
      const u = parseUint(neg ? text.slice(1) : text)
      const v = u === null ? null : neg ? -u : u
      if (v === null) {
        if (/^0[0-9]+$/.test(text)) fail(`'${text}' is not a valid number (a leading 0 means octal)`, lit)
        if (/^-\d/.test(text)) fail(`${f.name} cannot be negative`, lit)
        fail(`'${text}' is not a valid number for ${f.name}`, lit)
      }
      return v
    }
  }
}

function addrNet(f: FieldDef, lit: Literal | FieldRef, op: NumOp): AddrNet {
  const text = lit.kind === 'field' ? lit.name : lit.text
  if (f.type === 'ipv4') {
    const n = parseIPv4(text)
    if (!n) {
      const hint = parseIPv6(text)
        ? ` (it is an IPv6 address: use ${f.name.replace(/^ip\./, 'ipv6.')})`
        : ' (host names are not resolved)'
      fail(`'${text}' is not a valid IPv4 address${hint}`, lit)
    }
    return { kind: 'net4', value: n.value, mask: n.mask, op }
  }
  const n = parseIPv6(text)
  if (!n) {
    const hint = parseIPv4(text) ? ` (it is an IPv4 address: use ${f.name.replace(/^ipv6\./, 'ip.')})` : ''
    fail(`'${text}' is not a valid IPv6 address${hint}`, lit)
  }
  return { kind: 'net6', bytes: n.bytes, prefix: n.prefix, op }
}

function setTest(f: FieldDef, items: SetItem[], ref: FieldRef): Pred {
  if (f.type === 'protocol' || f.type === 'bytes' || f.type === 'none')
    fail(`${f.name} is ${typeName(f)}; 'in' needs a field with a value`, ref)
  const base = {
    k: 'cmp' as const,
    layer: f.layer,
    presence: f.presence,
    values: f.values,
    quant: 'any' as const,
  }
  if (f.type === 'ipv4' || f.type === 'ipv6') {
    const nets: AddrNet[] = items.map((it) => {
      const lo = addrNet(f, it.lo, '==')
      if (!it.hi) return lo
      const hi = addrNet(f, it.hi, '==')
      if (lo.kind === 'net4' && hi.kind === 'net4') return { kind: 'range4', lo: lo.value, hi: hi.value }
      if (lo.kind === 'net6' && hi.kind === 'net6') return { kind: 'range6', lo: lo.bytes, hi: hi.bytes }
      return lo
    })
    return {
      ...base,
      test: { t: 'addr', test: { family: f.type === 'ipv4' ? 4 : 6, nets, negate: false }, slot: 0 },
    }
  }
  const ranges: Array<[number, number]> = items.map((it) => {
    const lo = scalar(f, it.lo)
    const hi = it.hi ? scalar(f, it.hi) : lo
    if (hi < lo)
      fail(`the range ${it.lo.text}..${it.hi!.text} is empty (the end is smaller than the start)`, it)
    return [lo, hi]
  })
  const test: Test = { t: 'set', ranges }
  return { ...base, test }
}
