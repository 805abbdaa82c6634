import { describe, expect, it } from 'vitest'
import { asciiText, chunkText, hexText, MAX_CHUNK_SHOWN, rawText } from './payload-format'

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('payload renderings', () => {
  it('ASCII keeps text and newlines, dots for the rest', () => {
    expect(asciiText(bytes('GET / HTTP/1.1\r\nHost: x\r\n'))).toBe('GET / HTTP/1.1\nHost: x\n')
    expect(asciiText(Uint8Array.of(0, 0x41, 0xff))).toBe('.A.')
  })

  it('hex lines carry the direction offset; raw is one hex string', () => {
    const h = hexText(bytes('ping'), 16).split('\n')
    expect(h).toHaveLength(1)
    expect(h[0]).toMatch(/^00000010 {2}70 69 6e 67 /)
    expect(h[0]!.endsWith('ping')).toBe(true)
    expect(hexText(new Uint8Array(17), 0).split('\n')).toHaveLength(2)
    expect(rawText(bytes('pong'))).toBe('706f6e67')
  })

  it('long chunks are cut for the panel', () => {
    const r = chunkText(new Uint8Array(MAX_CHUNK_SHOWN + 10).fill(0x61), 'ascii', 0)
    expect(r.cut).toBe(true)
    expect(r.text).toHaveLength(MAX_CHUNK_SHOWN)
  })
})
