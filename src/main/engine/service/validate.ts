import type { IpcErrorCode, IpcErrorDetail, IpcResult } from '../../../shared/ipc/contract'

/**
 * Runtime argument checks for the engine's requests. The renderer is untrusted (a bug, or in browser
 * mode anything that got the token): every field is checked for type and range before use, and a bad
 * argument becomes a typed `{ ok: false }` — never an exception across the boundary.
 */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly code: IpcErrorCode,
    readonly extra: Omit<IpcErrorDetail, 'code'> = {},
  ) {
    super(message)
  }
}

export function fail(err: unknown): IpcResult<never> {
  if (err instanceof RequestError)
    return { ok: false, error: err.message, detail: { code: err.code, ...err.extra } }
  const msg = err instanceof Error ? err.message : String(err)
  return { ok: false, error: `internal error: ${msg}`, detail: { code: 'internal' } }
}

function bad(what: string): never {
  throw new RequestError(`invalid request: ${what}`, 'bad-request')
}

export function obj(v: unknown, what = 'request'): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(`${what} must be an object`)
  return v as Record<string, unknown>
}

/**
 * A channel whose request is `void` in the contract (capture.interfaces): undefined or null (what a
 * caller without an argument sends, also after a JSON round trip), anything else is a caller bug —
 * the same rule as the shell channels (src/main/ipc/shell-args.ts parseNoArgs).
 */
export function noArgs(v: unknown, channel: string): void {
  if (v !== undefined && v !== null) bad(`${channel} takes no argument`)
}

/** A non-negative safe integer (optionally ≥ min and ≤ max). */
export function int(v: unknown, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max)
    bad(`${what} must be an integer in ${min}..${max}`)
  return v
}

export function bool(v: unknown, what: string, dflt: boolean): boolean {
  if (v === undefined) return dflt
  if (typeof v !== 'boolean') bad(`${what} must be true or false`)
  return v
}

export function str(v: unknown, what: string, maxLen: number): string {
  if (typeof v !== 'string') bad(`${what} must be a string`)
  if (v.length > maxLen) bad(`${what} is longer than ${maxLen} characters`)
  return v
}

export function oneOf<T extends string>(v: unknown, what: string, values: readonly T[], dflt?: T): T {
  if (v === undefined && dflt !== undefined) return dflt
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
    bad(`${what} must be one of ${values.join(', ')}`)
  return v as T
}

/** A file-system path: non-empty, no NUL byte, bounded length (the OS checks the rest on open). */
export function pathArg(v: unknown, what = 'path'): string {
  const s = str(v, what, 4096)
  if (s.length === 0) bad(`${what} is empty`)
  if (s.includes('\0')) bad(`${what} contains a NUL character`)
  return s
}

export function intList(v: unknown, what: string, maxItems: number, max: number, min = 0): number[] {
  if (!Array.isArray(v)) bad(`${what} must be an array of integers`)
  if (v.length > maxItems) bad(`${what} has more than ${maxItems} items`)
  return v.map((x, i) => int(x, `${what}[${i}]`, min, max))
}
