import type { CmpOp, Expr, FieldRef, FilterError, FilterResult, Literal, SetItem, Span } from './ast'
import type { Token } from './lexer'
import { tokenize } from './lexer'

/**
 * Recursive-descent parser for the Wireshark display-filter subset. Precedence as in Wireshark:
 * `not` binds tightest, then `and`, then `or`. Never throws on user input: every problem becomes a
 * FilterError with the character range to underline.
 *
 *   expr     := and ( ('||' | 'or') and )*
 *   and      := unary ( ('&&' | 'and') unary )*
 *   unary    := ('!' | 'not') unary | '(' expr ')' | relation
 *   relation := field [ cmp value | 'in' set | 'not' 'in' set | 'contains' value | 'matches' value | '&' value ]
 *   set      := '{' item ( ','? item )* '}'      item := value | value '..' value
 */

const WORD_OPS: Record<string, CmpOp> = {
  eq: '==',
  any_eq: '==',
  ne: '!=',
  all_ne: '!=',
  any_ne: '~=',
  all_eq: '===',
  gt: '>',
  lt: '<',
  ge: '>=',
  le: '<=',
}
const SYMBOL_OPS: Record<string, CmpOp> = {
  '==': '==',
  '!=': '!=',
  '!==': '!=', // Wireshark 4.0: "!==" is the same as "!=" (all not equal)
  '===': '===',
  '~=': '~=',
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'contains', 'matches'])

class ParseFail {
  constructor(readonly error: FilterError) {}
}

function fail(message: string, span: Span): never {
  throw new ParseFail({ message, start: span.start, end: span.end })
}

function describe(t: Token): string {
  return t.kind === 'eof' ? 'the end of the filter' : `'${t.text}'`
}

class Parser {
  private pos = 0
  constructor(private readonly toks: Token[]) {}

  private peek(): Token {
    return this.toks[this.pos]!
  }
  private next(): Token {
    return this.toks[this.pos++]!
  }
  private isWord(t: Token, ...words: string[]): boolean {
    return t.kind === 'word' && words.includes(t.text.toLowerCase())
  }
  private isOp(t: Token, ...ops: string[]): boolean {
    return t.kind === 'op' && ops.includes(t.text)
  }

  parseAll(): Expr {
    const t0 = this.peek()
    if (t0.kind === 'eof') fail('the filter is empty', { start: 0, end: 0 })
    const e = this.parseOr()
    const t = this.peek()
    if (t.kind !== 'eof') {
      if (t.kind === ')') fail("this ')' has no matching '('", t)
      fail(`unexpected ${describe(t)} after a complete expression — missing 'and' / 'or'?`, t)
    }
    return e
  }

  private parseOr(): Expr {
    let left = this.parseAnd()
    for (;;) {
      const t = this.peek()
      if (!(this.isOp(t, '||') || this.isWord(t, 'or'))) return left
      this.next()
      const right = this.parseOperand(t)
      left = { kind: 'or', left, right: this.continueAnd(right), start: left.start, end: this.lastEnd() }
    }
  }

  /** After `a or b`, `b` may itself start an and-chain. */
  private continueAnd(first: Expr): Expr {
    let left = first
    for (;;) {
      const t = this.peek()
      if (!(this.isOp(t, '&&') || this.isWord(t, 'and'))) return left
      this.next()
      const right = this.parseOperand(t)
      left = { kind: 'and', left, right, start: left.start, end: right.end }
    }
  }

  private parseAnd(): Expr {
    return this.continueAnd(this.parseUnary())
  }

  /** The operand after a logical operator token `op`, with a clear message when it is missing. */
  private parseOperand(op: Token): Expr {
    const t = this.peek()
    if (t.kind === 'eof' || t.kind === ')' || this.isOp(t, '&&', '||') || this.isWord(t, 'and', 'or')) {
      fail(`expected an expression after '${op.text}', found ${describe(t)}`, t.kind === 'eof' ? op : t)
    }
    return this.parseUnary()
  }

  private lastEnd(): number {
    return this.toks[this.pos - 1]!.end
  }

  private parseUnary(): Expr {
    const t = this.peek()
    if (this.isOp(t, '!') || this.isWord(t, 'not')) {
      this.next()
      const inner = this.parseOperand(t)
      return { kind: 'not', expr: inner, start: t.start, end: inner.end }
    }
    if (t.kind === '(') {
      this.next()
      if (this.peek().kind === ')')
        fail("empty parentheses: put an expression between '(' and ')'", {
          start: t.start,
          end: this.peek().end,
        })
      const e = this.parseOr()
      const close = this.peek()
      if (close.kind !== ')') {
        if (close.kind === 'eof') fail("this '(' is never closed — add ')'", t)
        fail(`expected ')' or 'and' / 'or', found ${describe(close)}`, close)
      }
      this.next()
      return { ...e, start: t.start, end: close.end }
    }
    return this.parseRelation()
  }

  private parseField(): FieldRef {
    const t = this.peek()
    if (t.kind === 'word' && FIELD_NAME.test(t.text) && !KEYWORDS.has(t.text.toLowerCase())) {
      this.next()
      return { kind: 'field', name: t.text, start: t.start, end: t.end }
    }
    if (t.kind === 'eof') fail('expected a field or protocol name, found the end of the filter', t)
    if (t.kind === 'word' || t.kind === 'string')
      fail(`expected a field or protocol name (like tcp.port), found ${describe(t)}`, t)
    if (t.kind === ')') fail("this ')' has no matching '('", t)
    fail(`expected a field or protocol name, found ${describe(t)}`, t)
  }

  private parseRelation(): Expr {
    const field = this.parseField()
    const t = this.peek()
    if (t.kind === '[') fail('field slices like tcp[0:2] are not supported', t)
    let op: CmpOp | undefined
    if (t.kind === 'op') op = SYMBOL_OPS[t.text]
    else if (t.kind === 'word') op = WORD_OPS[t.text.toLowerCase()]
    if (op !== undefined) {
      this.next()
      const value = this.parseValue(t)
      return {
        kind: 'cmp',
        op,
        field,
        value,
        opSpan: { start: t.start, end: t.end },
        start: field.start,
        end: value.end,
      }
    }
    if (this.isOp(t, '=')) fail("'=' is not an operator — did you mean '=='?", t)
    if (this.isOp(t, '&')) {
      this.next()
      const value = this.parseValue(t)
      return { kind: 'bitand', field, value, start: field.start, end: value.end }
    }
    if (this.isWord(t, 'contains', 'matches') || this.isOp(t, '~')) {
      this.next()
      const value = this.parseValue(t)
      const kind = this.isWord(t, 'contains') ? 'contains' : 'matches'
      return { kind, field, value, start: field.start, end: value.end }
    }
    if (this.isWord(t, 'in')) {
      this.next()
      return this.parseSet(field, false, t)
    }
    if (this.isWord(t, 'not') && this.isWord(this.toks[this.pos + 1]!, 'in')) {
      this.next()
      const inTok = this.next()
      return this.parseSet(field, true, inTok)
    }
    if (t.kind === 'word' && !this.isWord(t, 'and', 'or', 'not')) {
      fail(
        `expected an operator (==, !=, <, >, contains, in …) or 'and' / 'or' after '${field.name}', found ${describe(t)}`,
        t,
      )
    }
    if (t.kind === 'string' || t.kind === '{')
      fail(`expected an operator (==, !=, contains, in …) after '${field.name}', found ${describe(t)}`, t)
    return { kind: 'exists', field, start: field.start, end: field.end }
  }

  private parseValue(op: Token): Literal {
    const t = this.peek()
    if (t.kind === 'word' && !KEYWORDS.has(t.text.toLowerCase())) {
      this.next()
      return { kind: 'word', text: t.text, start: t.start, end: t.end }
    }
    if (t.kind === 'string') {
      this.next()
      return { kind: 'string', text: t.text, start: t.start, end: t.end }
    }
    if (t.kind === 'eof') fail(`expected a value after '${op.text}'`, op)
    fail(`expected a value after '${op.text}', found ${describe(t)}`, t)
  }

  private parseSet(field: FieldRef, negated: boolean, inTok: Token): Expr {
    const open = this.peek()
    if (open.kind !== '{')
      fail(`expected '{' after '${inTok.text}' (a set looks like {80, 443, 8000..8080})`, open)
    this.next()
    const items: SetItem[] = []
    for (;;) {
      const t = this.peek()
      if (t.kind === '}') {
        if (items.length === 0) fail('the set is empty', { start: open.start, end: t.end })
        this.next()
        return { kind: 'in', negated, field, items, start: field.start, end: t.end }
      }
      if (t.kind === 'eof') fail("this '{' is never closed — add '}'", open)
      if (t.kind === ',' && items.length > 0) {
        this.next()
        continue
      }
      items.push(this.parseSetItem(t))
    }
  }

  private parseSetItem(t: Token): SetItem {
    if (t.kind === 'string') {
      this.next()
      return {
        lo: { kind: 'string', text: t.text, start: t.start, end: t.end },
        hi: null,
        start: t.start,
        end: t.end,
      }
    }
    if (t.kind !== 'word') fail(`expected a value in the set, found ${describe(t)}`, t)
    this.next()
    // "1..3" lexes as one word (dots are word characters); "1 .. 3" as three.
    const dd = t.text.indexOf('..')
    if (dd > 0 && dd + 2 < t.text.length) {
      const lo: Literal = { kind: 'word', text: t.text.slice(0, dd), start: t.start, end: t.start + dd }
      const hi: Literal = { kind: 'word', text: t.text.slice(dd + 2), start: t.start + dd + 2, end: t.end }
      return { lo, hi, start: t.start, end: t.end }
    }
    const lo: Literal = { kind: 'word', text: t.text, start: t.start, end: t.end }
    const nx = this.peek()
    if (nx.kind === 'word' && (nx.text === '..' || nx.text.startsWith('..'))) {
      this.next()
      let hiTok: Token = nx
      let hiText = nx.text.slice(2)
      if (hiText === '') {
        hiTok = this.peek()
        if (hiTok.kind !== 'word') fail("expected the end of the range after '..'", hiTok)
        this.next()
        hiText = hiTok.text
      }
      const hi: Literal = { kind: 'word', text: hiText, start: hiTok.end - hiText.length, end: hiTok.end }
      return { lo, hi, start: t.start, end: hiTok.end }
    }
    if (t.text.endsWith('..')) fail("expected the end of the range after '..'", t)
    return { lo, hi: null, start: t.start, end: t.end }
  }
}

/** Parse filter text into a syntax tree (field names are checked later, by compileFilter). */
export function parseFilter(text: string): FilterResult<Expr> {
  const lexed = tokenize(text)
  if (!lexed.ok) return lexed
  try {
    return { ok: true, value: new Parser(lexed.tokens).parseAll() }
  } catch (e) {
    if (e instanceof ParseFail) return { ok: false, error: e.error }
    // A bug in the parser must not take the filter bar down: report it as an error on the whole text.
    return {
      ok: false,
      error: { message: `internal filter error: ${String(e)}`, start: 0, end: text.length },
    }
  }
}
