/**
 * Syntax tree of a display filter, as the parser produces it (before field names are resolved).
 * Every node keeps the character range [start, end) it came from so a later stage can point at it.
 */

export interface Span {
  start: number
  end: number
}

/** A user-facing error: what is wrong and where (character offsets into the filter text). */
export interface FilterError extends Span {
  message: string
}

export type FilterResult<T> = { ok: true; value: T } | { ok: false; error: FilterError }

/** Comparison operators, normalised (`eq` → '==', `ne` → '!=' …). */
export type CmpOp = '==' | '!=' | '===' | '~=' | '<' | '>' | '<=' | '>='

/** A literal as written on the right-hand side (interpreted later by the field's type). */
export type Literal =
  /** An unquoted token: number, address, CIDR, byte string, true/false … */
  | ({ kind: 'word'; text: string } & Span)
  /** A double-quoted string, escapes already resolved (\\xhh gives a byte). Bytes in latin-1 code units. */
  | ({ kind: 'string'; text: string } & Span)

export interface FieldRef extends Span {
  kind: 'field'
  name: string
}

/** A set element: a single value or an inclusive range `a..b`. */
export type SetItem = { lo: Literal; hi: Literal | null } & Span

export type Expr =
  | ({ kind: 'and' | 'or'; left: Expr; right: Expr } & Span)
  | ({ kind: 'not'; expr: Expr } & Span)
  /** A bare field or protocol: true when present. */
  | ({ kind: 'exists'; field: FieldRef } & Span)
  | ({ kind: 'cmp'; op: CmpOp; field: FieldRef; value: Literal | FieldRef; opSpan: Span } & Span)
  | ({ kind: 'in'; negated: boolean; field: FieldRef; items: SetItem[] } & Span)
  /** `field & mask`: true when any masked bit is set. */
  | ({ kind: 'bitand'; field: FieldRef; value: Literal } & Span)
  | ({ kind: 'contains'; field: FieldRef; value: Literal } & Span)
  | ({ kind: 'matches'; field: FieldRef; value: Literal } & Span)
