import type { ByteScope, Presence, Source } from './fields'

/**
 * The checked, typed form of a filter: what the evaluators (generated code or closures) run. Field
 * names are resolved to index sources, literals to numbers / address tests / byte needles.
 */

export type NumOp = '==' | '!=' | '<' | '>' | '<=' | '>='

/** A test applied to one value of a field. */
export type Test =
  | { t: 'num'; op: NumOp; v: number }
  /** Any of the inclusive ranges (a single value v is [v, v]). */
  | { t: 'set'; ranges: Array<[number, number]> }
  /** (value & m) != 0 */
  | { t: 'mask'; m: number }
  /** Address ids: table[id] (built from `addr` once per address table), see AddrTest. */
  | { t: 'addr'; test: AddrTest; slot: number }

/** What an address must satisfy; compiled into an id → 0/1 table when the filter is bound to an index. */
export interface AddrTest {
  family: 4 | 6
  /** Alternatives (OR); `negate` applies to the whole OR. */
  nets: AddrNet[]
  negate: boolean
}

export type AddrNet =
  | { kind: 'net4'; value: number; mask: number; op: NumOp }
  | { kind: 'range4'; lo: number; hi: number }
  | { kind: 'net6'; bytes: Uint8Array; prefix: number; op: NumOp }
  | { kind: 'range6'; lo: Uint8Array; hi: Uint8Array }

export interface Guard {
  /** Row must have all of these Layer bits (0: none needed). */
  layer: number
  presence: Presence
}

export type Pred =
  | { k: 'const'; v: boolean }
  | { k: 'and' | 'or'; a: Pred; b: Pred }
  | { k: 'not'; a: Pred }
  | ({ k: 'present' } & Guard)
  /**
   * Compare the field's values: `any` is true when one value passes (==, <, in …), `all` when every
   * value passes (Wireshark 4.0 `!=` and `===`). Always false when the field is absent.
   */
  | ({ k: 'cmp'; values: Source[]; quant: 'any' | 'all'; test: Test } & Guard)
  /** Field against field (tcp.srcport == tcp.dstport): the test holds for any / all pairs of values. */
  | {
      k: 'cmp2'
      a: Guard & { values: Source[] }
      b: Guard & { values: Source[] }
      op: NumOp
      quant: 'any' | 'all'
    }
  /** Needs the frame's bytes: evaluated in the second phase. `id` indexes CompiledFilter.byteTests. */
  | ({ k: 'bytes'; id: number } & Guard)

export interface ByteTest {
  scope: ByteScope
  /** Substring to find (contains) … */
  needle: Uint8Array | null
  /** … or a regular expression run over the bytes as latin-1 text (matches). */
  regex: RegExp | null
}
