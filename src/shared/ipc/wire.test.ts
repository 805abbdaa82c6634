import { describe, expect, it } from 'vitest'
import { decodeWire, encodeWire, type WireMessage } from './wire'

describe('wire codec', () => {
  it('round-trips a message without buffers exactly (the fast path)', () => {
    const rows = [{ pos: 0, no: 1, info: '57782 → 1234 [S.] seq=0', time: { epoch: '1.000000' } }]
    const msg: WireMessage = {
      t: 'res',
      id: 3,
      result: { ok: true, value: { rows, nested: [[1, null, 'x']] } },
    }
    expect(decodeWire(encodeWire(msg))).toEqual(msg)
  })

  it('puts ArrayBuffers and Uint8Arrays back where they were, at any depth, with their kind', () => {
    const a = new Float64Array([1.5, -2]).buffer
    const b = new Uint8Array([9, 8, 7])
    const msg: WireMessage = {
      t: 'evt',
      event: 'file.onRows',
      payload: { columns: { tsSec: a }, list: [{ bytes: b }, 'text'], plain: { n: 1 } },
    }
    const back = decodeWire(encodeWire(msg)) as { payload: Record<string, never> } | null
    const p = back!.payload as unknown as {
      columns: { tsSec: ArrayBuffer }
      list: [{ bytes: Uint8Array }, string]
      plain: { n: number }
    }
    expect(p.columns.tsSec).toBeInstanceOf(ArrayBuffer)
    expect(Array.from(new Float64Array(p.columns.tsSec))).toEqual([1.5, -2])
    expect(p.list[0].bytes).toBeInstanceOf(Uint8Array)
    expect(Array.from(p.list[0].bytes)).toEqual([9, 8, 7])
    expect(p.list[1]).toBe('text')
    expect(p.plain).toEqual({ n: 1 })
  })

  it('a reference to a buffer that is not there makes the message malformed (null), never a throw', () => {
    const bytes = encodeWire({ t: 'evt', event: 'file.onRows', payload: { a: new Uint8Array([1]) } })
    // Point the JSON's reference at buffer 1 of a message that has one buffer (same length, byte edit).
    const needle = new TextEncoder().encode('"$bin":0')
    const at = bytes.findIndex((_, i) => needle.every((c, k) => bytes[i + k] === c))
    expect(at).toBeGreaterThan(0)
    const forged = bytes.slice()
    forged[at + needle.length - 1] = '1'.charCodeAt(0)
    expect(decodeWire(bytes)).not.toBeNull()
    expect(decodeWire(forged)).toBeNull()
  })
})
