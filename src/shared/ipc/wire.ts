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

export function encodeWire(msg: WireMessage): Uint8Array {
  const bufs: Uint8Array[] = []
  const json = JSON.stringify(msg, function (this: unknown, _key, value: unknown) {
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
    const msg = JSON.parse(dec.decode(u8.subarray(4, 4 + jl)), (_key, value: unknown) => {
      if (value !== null && typeof value === 'object' && typeof (value as BinRef).$bin === 'number') {
        const ref = value as BinRef
        const b = bufs[ref.$bin]
        if (!b) throw new Error('bad buffer reference')
        return ref.k === 'u8' ? new Uint8Array(b) : b
      }
      return value
    }) as unknown
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
