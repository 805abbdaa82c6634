/**
 * The message protocol that carries the IPC contract between an engine host and its client, the same
 * over every transport: a worker_threads port / Electron utilityProcess (structured clone, ArrayBuffers
 * transferred) and the browser-mode WebSocket (one binary frame per message, see encodeWire).
 *
 *   client → engine  { t: 'req', id, channel, request }
 *   engine → client  { t: 'res', id, result: IpcResult }   |   { t: 'evt', event, payload }
 */
import type { IpcEventName, IpcResult } from './contract'

export interface WireRequest {
  t: 'req'
  id: number
  channel: string
  request: unknown
}
export interface WireResponse {
  t: 'res'
  id: number
  result: IpcResult<unknown>
}
export interface WireEvent {
  t: 'evt'
  event: IpcEventName
  payload: unknown
}
export type WireMessage = WireRequest | WireResponse | WireEvent

/** ArrayBuffers inside a message (to pass as a postMessage transfer list). Shared views are skipped. */
export function collectTransfer(v: unknown, out: ArrayBuffer[] = [], depth = 0): ArrayBuffer[] {
  if (depth > 32 || v === null || typeof v !== 'object') return out
  if (v instanceof ArrayBuffer) {
    if (!out.includes(v)) out.push(v)
    return out
  }
  if (ArrayBuffer.isView(v)) {
    // Only a view that owns its whole buffer can move without taking neighbours along.
    const b = v.buffer
    if (b instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === b.byteLength && !out.includes(b))
      out.push(b)
    return out
  }
  if (Array.isArray(v)) {
    for (const x of v) collectTransfer(x, out, depth + 1)
    return out
  }
  for (const k of Object.keys(v)) collectTransfer((v as Record<string, unknown>)[k], out, depth + 1)
  return out
}

// --- binary encoding for the WebSocket: [u32 LE json length][json][pad to 8][buffer 0][pad]…
// The JSON holds {"$bin": i, "k": "ab" | "u8"} in place of each ArrayBuffer / Uint8Array.

const enc = new TextEncoder()
const dec = new TextDecoder()

interface BinRef {
  $bin: number
  k: 'ab' | 'u8'
}

function align8(n: number): number {
  return (n + 7) & ~7
}

/** True when `v` holds an ArrayBuffer or a Uint8Array somewhere (only those travel as binary parts). */
function hasBinary(v: unknown, depth = 0): boolean {
  if (v === null || typeof v !== 'object' || depth > 64) return false
  if (v instanceof ArrayBuffer || v instanceof Uint8Array) return true
  if (Array.isArray(v)) {
    for (const x of v) if (hasBinary(x, depth + 1)) return true
    return false
  }
  for (const k in v) if (hasBinary((v as Record<string, unknown>)[k], depth + 1)) return true
  return false
}

export function encodeWire(msg: WireMessage): Uint8Array {
  const bufs: Uint8Array[] = []
  // A replacer function takes JSON.stringify off its fast path (a rows answer took 3× longer): only
  // messages that carry buffers pay for it.
  const json = !hasBinary(msg)
    ? JSON.stringify(msg)
    : JSON.stringify(msg, function (this: unknown, _key, value: unknown) {
        if (value instanceof ArrayBuffer) {
          bufs.push(new Uint8Array(value))
          return { $bin: bufs.length - 1, k: 'ab' } satisfies BinRef
        }
        if (value instanceof Uint8Array) {
          bufs.push(value)
          return { $bin: bufs.length - 1, k: 'u8' } satisfies BinRef
        }
        return value
      })
  const head = enc.encode(json)
  const lens = bufs.map((b) => b.byteLength)
  // The buffer lengths follow the JSON as u32s so the decoder can slice without parsing twice.
  let size = align8(4 + head.length) + align8(4 + 4 * lens.length)
  for (const l of lens) size += align8(l)
  const out = new Uint8Array(size)
  const dv = new DataView(out.buffer)
  dv.setUint32(0, head.length, true)
  out.set(head, 4)
  let p = align8(4 + head.length)
  dv.setUint32(p, lens.length, true)
  for (let i = 0; i < lens.length; i++) dv.setUint32(p + 4 + 4 * i, lens[i]!, true)
  p += align8(4 + 4 * lens.length)
  for (const b of bufs) {
    out.set(b, p)
    p += align8(b.byteLength)
  }
  return out
}

function isBinRef(v: object): v is BinRef {
  return typeof (v as BinRef).$bin === 'number' && ((v as BinRef).k === 'ab' || (v as BinRef).k === 'u8')
}

/** Replaces the { $bin, k } placeholders of encodeWire by their buffers (throws on a dangling one). */
function restoreBinary(v: unknown, bufs: ArrayBuffer[], depth: number): unknown {
  if (v === null || typeof v !== 'object' || depth > 64) return v
  if (isBinRef(v)) {
    const b = bufs[v.$bin]
    if (!b) throw new Error('bad buffer reference')
    return v.k === 'u8' ? new Uint8Array(b) : b
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = restoreBinary(v[i], bufs, depth + 1)
    return v
  }
  const o = v as Record<string, unknown>
  for (const k of Object.keys(o)) o[k] = restoreBinary(o[k], bufs, depth + 1)
  return v
}

/** Inverse of encodeWire; null when the bytes are not a well-formed message (never throws). */
export function decodeWire(data: ArrayBuffer | Uint8Array): WireMessage | null {
  try {
    const u8 = data instanceof Uint8Array ? data : new Uint8Array(data)
    const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength)
    if (u8.byteLength < 8) return null
    const jl = dv.getUint32(0, true)
    if (4 + jl > u8.byteLength) return null
    let p = align8(4 + jl)
    if (p + 4 > u8.byteLength) return null
    const n = dv.getUint32(p, true)
    if (n > 1_000_000 || p + 4 + 4 * n > u8.byteLength) return null
    const lens: number[] = []
    for (let i = 0; i < n; i++) lens.push(dv.getUint32(p + 4 + 4 * i, true))
    p += align8(4 + 4 * n)
    const bufs: ArrayBuffer[] = []
    for (const l of lens) {
      if (p + l > u8.byteLength) return null
      bufs.push(u8.slice(p, p + l).buffer)
      p += align8(l)
    }
    // A reviver would run for every value of every row (it made decoding a rows answer 10× slower):
    // parse plainly, then put the buffers back in place only when there are any.
    let msg = JSON.parse(dec.decode(u8.subarray(4, 4 + jl))) as unknown
    if (bufs.length > 0) msg = restoreBinary(msg, bufs, 0)
    return isWireMessage(msg) ? msg : null
  } catch {
    return null
  }
}

export function isWireMessage(v: unknown): v is WireMessage {
  if (typeof v !== 'object' || v === null) return false
  const m = v as Record<string, unknown>
  if (m.t === 'req') return Number.isSafeInteger(m.id) && typeof m.channel === 'string'
  if (m.t === 'res') return Number.isSafeInteger(m.id) && typeof m.result === 'object' && m.result !== null
  if (m.t === 'evt') return typeof m.event === 'string'
  return false
}
