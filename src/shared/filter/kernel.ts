import type { IndexChunk } from '../model/index-columns'
import type { FilterTcpColumns } from './data'
import type { Presence, Source } from './fields'
import type { AddrTest, Guard, Pred, Test } from './ir'

/**
 * Turns a checked filter (Pred) into a per-chunk scanner. Two back ends with identical semantics:
 *  - `codegen`: one JS function per filter built with `new Function` (a single tight loop, columns in
 *    locals); needs eval, so it runs in the engine worker, not under the renderer's CSP;
 *  - `closures`: a tree of small closures; no eval, usable anywhere.
 *
 * Filters that need frame bytes (contains / matches) are evaluated in Kleene three-valued logic: the
 * scanner emits rows that are surely true (`sure`) and rows that may be true depending on the bytes
 * (`maybe`); `exact` then decides one candidate once its bytes are known. For a byte test, "sure" is
 * false and "maybe" is its guard; `not` swaps the two.
 */

export interface ScanEnv {
  /** Layer bits of the chunk's rows. */
  L: Uint16Array
  /** TCP analysis arrays (global row index) or empty arrays. */
  A: FilterTcpColumns
  /** Address lookup tables, by the AddrTest's position in Kernel.addrTests. */
  T: Uint8Array[]
  /** Time base for frame.time_relative (first frame). */
  s0: number
  n0: number
  /** Time of the frame before the chunk's first row (its own time for row 0), for frame.time_delta. */
  ps: number
  pn: number
}

/** Answers a byte test (by id) for the row whose bytes are loaded. */
export type ByteOracle = (id: number) => boolean

export interface Kernel {
  backend: 'codegen' | 'closures'
  hasBytes: boolean
  addrTests: AddrTest[]
  /** Scan rows [from, c.count) of chunk c; returns [sureCount, maybeCount] written into the arrays. */
  scan(
    c: IndexChunk,
    env: ScanEnv,
    from: number,
    sure: Uint32Array,
    maybe: Uint32Array,
    counts: Int32Array,
  ): void
  /** Full evaluation of chunk row i once the byte tests can be answered. */
  exact(c: IndexChunk, env: ScanEnv, i: number, bytes: ByteOracle): boolean
}

type Mode = 'sure' | 'maybe' | 'exact'

function collectAddrTests(p: Pred, out: AddrTest[]): void {
  switch (p.k) {
    case 'and':
    case 'or':
      collectAddrTests(p.a, out)
      collectAddrTests(p.b, out)
      break
    case 'not':
      collectAddrTests(p.a, out)
      break
    case 'cmp':
      if (p.test.t === 'addr' && !out.includes(p.test.test)) out.push(p.test.test)
      break
    default:
  }
}

function hasBytes(p: Pred): boolean {
  switch (p.k) {
    case 'and':
    case 'or':
      return hasBytes(p.a) || hasBytes(p.b)
    case 'not':
      return hasBytes(p.a)
    case 'bytes':
      return true
    default:
      return false
  }
}

// ---------------------------------------------------------------- codegen

class Gen {
  readonly cols = new Set<string>()
  readonly tcp = new Set<string>()
  constructor(readonly addrTests: AddrTest[]) {}

  col(name: string): string {
    this.cols.add(name)
    return `C_${name}[i]`
  }
  arr(name: string): string {
    this.tcp.add(name)
    return `A_${name}[r]`
  }

  source(s: Source): string {
    switch (s.src) {
      case 'col':
        return this.col(s.col)
      case 'tcp':
        return this.arr(s.arr)
      case 'frameNumber':
        return '(r + 1)'
      case 'timeRelativeNs':
        return `((${this.col('tsSec')} - S0) * 1e9 + (${this.col('tsNsec')} - N0))`
      case 'timeDeltaNs': {
        const sec = this.col('tsSec').replace('[i]', '')
        const ns = this.col('tsNsec').replace('[i]', '')
        return `(i > 0 ? (${sec}[i] - ${sec}[i - 1]) * 1e9 + (${ns}[i] - ${ns}[i - 1]) : (${sec}[i] - PS) * 1e9 + (${ns}[i] - PN))`
      }
      case 'flagBit':
        return `((${this.col('tcpFlags')} & ${s.bit}) !== 0 ? 1 : 0)`
    }
  }

  presence(p: Presence): string {
    switch (p.p) {
      case 'always':
        return ''
      case 'flagSet':
        return `(${this.col('tcpFlags')} & ${p.bit}) !== 0`
      case 'analysisBit':
        return `(${this.arr('analysisFlags')} & ${p.mask}) !== 0`
      case 'issueBit':
        return `(${this.col('issues')} & ${p.mask}) !== 0`
      case 'notNaN':
        return `${this.arr('ackRtt')} === ${this.arr('ackRtt')}`
      case 'nonNegative':
        return `${this.arr('bytesInFlight')} >= 0`
      case 'payload':
        return `${this.col('payloadLen')} > 0`
      case 'scaleShown':
        return `${this.arr('windowScaleFactor')} !== 0`
    }
  }

  guard(g: Guard): string {
    const parts: string[] = []
    if (g.layer !== 0) parts.push(`(L[i] & ${g.layer}) === ${g.layer}`)
    const pr = this.presence(g.presence)
    if (pr) parts.push(pr)
    return parts.length ? parts.join(' && ') : 'true'
  }

  test(v: string, t: Test): string {
    switch (t.t) {
      case 'num':
        return `${v} ${t.op === '==' ? '===' : t.op === '!=' ? '!==' : t.op} ${num(t.v)}`
      case 'set':
        return (
          '(' +
          t.ranges
            .map(([lo, hi]) =>
              lo === hi ? `${v} === ${num(lo)}` : `(${v} >= ${num(lo)} && ${v} <= ${num(hi)})`,
            )
            .join(' || ') +
          ')'
        )
      case 'mask':
        return `(${v} & ${t.m}) !== 0`
      case 'addr':
        return `T${this.addrTests.indexOf(t.test)}[${v}] === 1`
    }
  }

  pred(p: Pred, mode: Mode): string {
    switch (p.k) {
      case 'const':
        return p.v ? 'true' : 'false'
      case 'and':
        return `(${this.pred(p.a, mode)} && ${this.pred(p.b, mode)})`
      case 'or':
        return `(${this.pred(p.a, mode)} || ${this.pred(p.b, mode)})`
      case 'not':
        return `!${this.pred(p.a, mode === 'sure' ? 'maybe' : mode === 'maybe' ? 'sure' : 'exact')}`
      case 'present':
        return `(${this.guard(p)})`
      case 'cmp': {
        const vals = p.values.map((s) => this.test(this.source(s), p.test))
        const body = vals.length === 1 ? vals[0]! : `(${vals.join(p.quant === 'any' ? ' || ' : ' && ')})`
        return `(${this.guard(p)} && ${body})`
      }
      case 'cmp2': {
        const op = p.op === '==' ? '===' : p.op === '!=' ? '!==' : p.op
        const pairs: string[] = []
        for (const x of p.a.values)
          for (const y of p.b.values) pairs.push(`${this.source(x)} ${op} ${this.source(y)}`)
        return `(${this.guard(p.a)} && ${this.guard(p.b)} && (${pairs.join(p.quant === 'any' ? ' || ' : ' && ')}))`
      }
      case 'bytes':
        if (mode === 'sure') return 'false'
        if (mode === 'maybe') return `(${this.guard(p)})`
        return `(${this.guard(p)} && B(${p.id}))`
    }
  }

  prologue(): string {
    let s = ''
    for (const c of this.cols) s += `const C_${c} = c.${c};\n`
    for (const a of this.tcp) s += `const A_${a} = env.A.${a};\n`
    this.addrTests.forEach((_, k) => (s += `const T${k} = env.T[${k}];\n`))
    s += 'const L = env.L, S0 = env.s0, N0 = env.n0, PS = env.ps, PN = env.pn;\n'
    return s
  }
}

function num(v: number): string {
  return Number.isFinite(v) ? String(v) : 'NaN'
}

function buildCodegen(p: Pred, addrTests: AddrTest[], bytes: boolean): Kernel {
  const g = new Gen(addrTests)
  const sure = g.pred(p, 'sure')
  const maybe = bytes ? g.pred(p, 'maybe') : ''
  const exact = bytes ? g.pred(p, 'exact') : 'false'
  const pro = g.prologue()
  const loop = bytes
    ? `if (${sure}) sure[ns++] = r; else if (${maybe}) maybe[nm++] = r;`
    : `if (${sure}) sure[ns++] = r;`
  const scanSrc =
    `${pro}const n = c.count, base = c.firstRow;\nlet ns = 0, nm = 0;\n` +
    `for (let i = from; i < n; i++) { const r = base + i;\n${loop}\n}\ncounts[0] = ns; counts[1] = nm;`
  const exactSrc = `${pro}const r = c.firstRow + i;\nreturn ${exact};`
  const scan = new Function('c', 'env', 'from', 'sure', 'maybe', 'counts', scanSrc) as Kernel['scan']
  const ex = new Function('c', 'env', 'i', 'B', exactSrc) as Kernel['exact']
  return { backend: 'codegen', hasBytes: bytes, addrTests, scan, exact: ex }
}

// ---------------------------------------------------------------- closures

type RowFn = (i: number, r: number) => boolean
type NumFn = (i: number, r: number) => number

/** The mutable per-chunk state closures read (set before each scan; nothing allocated per row). */
interface Cur {
  c: IndexChunk
  env: ScanEnv
  B: ByteOracle
}

function buildClosures(p: Pred, addrTests: AddrTest[], bytes: boolean): Kernel {
  const cur: Cur = { c: null as unknown as IndexChunk, env: null as unknown as ScanEnv, B: () => false }

  const source = (s: Source): NumFn => {
    switch (s.src) {
      case 'col': {
        const k = s.col
        return (i) => cur.c[k][i]!
      }
      case 'tcp': {
        const k = s.arr
        return (_i, r) => cur.env.A[k][r]!
      }
      case 'frameNumber':
        return (_i, r) => r + 1
      case 'timeRelativeNs':
        return (i) => (cur.c.tsSec[i]! - cur.env.s0) * 1e9 + (cur.c.tsNsec[i]! - cur.env.n0)
      case 'timeDeltaNs':
        return (i) => {
          const c = cur.c
          return i > 0
            ? (c.tsSec[i]! - c.tsSec[i - 1]!) * 1e9 + (c.tsNsec[i]! - c.tsNsec[i - 1]!)
            : (c.tsSec[i]! - cur.env.ps) * 1e9 + (c.tsNsec[i]! - cur.env.pn)
        }
      case 'flagBit': {
        const bit = s.bit
        return (i) => ((cur.c.tcpFlags[i]! & bit) !== 0 ? 1 : 0)
      }
    }
  }

  const presence = (pr: Presence): RowFn | null => {
    switch (pr.p) {
      case 'always':
        return null
      case 'flagSet': {
        const bit = pr.bit
        return (i) => (cur.c.tcpFlags[i]! & bit) !== 0
      }
      case 'analysisBit': {
        const m = pr.mask
        return (_i, r) => (cur.env.A.analysisFlags[r]! & m) !== 0
      }
      case 'issueBit': {
        const m = pr.mask
        return (i) => (cur.c.issues[i]! & m) !== 0
      }
      case 'notNaN':
        return (_i, r) => !Number.isNaN(cur.env.A.ackRtt[r])
      case 'nonNegative':
        return (_i, r) => cur.env.A.bytesInFlight[r]! >= 0
      case 'payload':
        return (i) => cur.c.payloadLen[i]! > 0
      case 'scaleShown':
        return (_i, r) => cur.env.A.windowScaleFactor[r] !== 0
    }
  }

  const guard = (g: Guard): RowFn => {
    const layer = g.layer
    const pr = presence(g.presence)
    if (layer === 0) return pr ?? (() => true)
    if (!pr) return (i) => (cur.env.L[i]! & layer) === layer
    return (i, r) => (cur.env.L[i]! & layer) === layer && pr(i, r)
  }

  const test = (t: Test): ((v: number) => boolean) => {
    switch (t.t) {
      case 'num': {
        const k = t.v
        switch (t.op) {
          case '==':
            return (v) => v === k
          case '!=':
            return (v) => v !== k
          case '<':
            return (v) => v < k
          case '>':
            return (v) => v > k
          case '<=':
            return (v) => v <= k
          case '>=':
            return (v) => v >= k
        }
        break
      }
      case 'set': {
        const rs = t.ranges
        return (v) => {
          for (let j = 0; j < rs.length; j++) if (v >= rs[j]![0] && v <= rs[j]![1]) return true
          return false
        }
      }
      case 'mask': {
        const m = t.m
        return (v) => (v & m) !== 0
      }
      case 'addr': {
        const k = addrTests.indexOf(t.test)
        return (v) => cur.env.T[k]![v] === 1
      }
    }
  }

  const build = (q: Pred, mode: Mode): RowFn => {
    switch (q.k) {
      case 'const': {
        const v = q.v
        return () => v
      }
      case 'and': {
        const a = build(q.a, mode)
        const b = build(q.b, mode)
        return (i, r) => a(i, r) && b(i, r)
      }
      case 'or': {
        const a = build(q.a, mode)
        const b = build(q.b, mode)
        return (i, r) => a(i, r) || b(i, r)
      }
      case 'not': {
        const a = build(q.a, mode === 'sure' ? 'maybe' : mode === 'maybe' ? 'sure' : 'exact')
        return (i, r) => !a(i, r)
      }
      case 'present':
        return guard(q)
      case 'cmp': {
        const g = guard(q)
        const tf = test(q.test)
        const vs = q.values.map(source)
        if (vs.length === 1) {
          const v0 = vs[0]!
          return (i, r) => g(i, r) && tf(v0(i, r))
        }
        const [v0, v1] = vs as [NumFn, NumFn]
        return q.quant === 'any'
          ? (i, r) => g(i, r) && (tf(v0(i, r)) || tf(v1(i, r)))
          : (i, r) => g(i, r) && tf(v0(i, r)) && tf(v1(i, r))
      }
      case 'cmp2': {
        const ga = guard(q.a)
        const gb = guard(q.b)
        const cmp = test({ t: 'num', op: q.op, v: 0 })
        const xs = q.a.values.map(source)
        const ys = q.b.values.map(source)
        const any = q.quant === 'any'
        // cmp(x - y) compares x with y (values are exact integers or doubles, so the difference is exact enough).
        return (i, r) => {
          if (!ga(i, r) || !gb(i, r)) return false
          for (const x of xs)
            for (const y of ys) {
              const hit = cmp(x(i, r) - y(i, r))
              if (any ? hit : !hit) return any
            }
          return !any
        }
      }
      case 'bytes': {
        const g = guard(q)
        if (mode === 'sure') return () => false
        if (mode === 'maybe') return g
        const id = q.id
        return (i, r) => g(i, r) && cur.B(id)
      }
    }
  }

  const sureFn = build(p, 'sure')
  const maybeFn = bytes ? build(p, 'maybe') : null
  const exactFn = bytes ? build(p, 'exact') : () => false
  return {
    backend: 'closures',
    hasBytes: bytes,
    addrTests,
    scan(c, env, from, sure, maybe, counts) {
      cur.c = c
      cur.env = env
      const n = c.count
      const base = c.firstRow
      let ns = 0
      let nm = 0
      for (let i = from; i < n; i++) {
        const r = base + i
        if (sureFn(i, r)) sure[ns++] = r
        else if (maybeFn !== null && maybeFn(i, r)) maybe[nm++] = r
      }
      counts[0] = ns
      counts[1] = nm
    },
    exact(c, env, i, B) {
      cur.c = c
      cur.env = env
      cur.B = B
      return exactFn(i, c.firstRow + i)
    },
  }
}

/** Can this process build functions from source (no CSP / --disallow-code-generation-from-strings)? */
let evalOk: boolean | null = null
export function codegenAvailable(): boolean {
  if (evalOk === null) {
    try {
      evalOk = (new Function('return 1') as () => number)() === 1
    } catch {
      evalOk = false
    }
  }
  return evalOk
}

export function buildKernel(p: Pred, backend: 'codegen' | 'closures' | 'auto' = 'auto'): Kernel {
  const addrTests: AddrTest[] = []
  collectAddrTests(p, addrTests)
  const bytes = hasBytes(p)
  if (backend === 'closures' || (backend === 'auto' && !codegenAvailable()))
    return buildClosures(p, addrTests, bytes)
  return buildCodegen(p, addrTests, bytes)
}
