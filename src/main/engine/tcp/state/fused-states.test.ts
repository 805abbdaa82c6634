import { describe, expect, it } from 'vitest'
import { analyzeTcp } from '../analyze-tcp'
import { buildIndex, type Seg } from '../test-builder'
import { computeCaptureStates } from './from-index'

// The server (b) speaks first: endpoint A of the stream is the server, so the fused pass must swap its
// tracker's sides once the client (the SYN's sender, a) is known.
const serverFirst: Seg[] = [
  { ms: 0, from: 'b', seq: 500, ack: 900, flags: 'A' },
  { ms: 1, from: 'a', seq: 1000, flags: 'S' },
  { ms: 2, from: 'b', seq: 2000, ack: 1001, flags: 'SA' },
  { ms: 3, from: 'a', seq: 1001, ack: 2001, flags: 'A' },
  { ms: 4, from: 'a', seq: 1001, ack: 2001, flags: 'PA', len: 10 },
  { ms: 5, from: 'b', seq: 2001, ack: 1011, flags: 'FA' },
  { ms: 6, from: 'a', seq: 1011, ack: 2002, flags: 'FA' },
  { ms: 7, from: 'b', seq: 2002, ack: 1012, flags: 'A' },
]

describe('analyzeTcp({ states: true })', () => {
  it('gives the states of the separate walk when the first packet is the server’s', () => {
    const index = buildIndex(serverFirst)
    const plain = analyzeTcp(index)
    expect(plain.conversations).toHaveLength(2) // the SYN with a new ISN starts a new stream
    const fused = analyzeTcp(index, { states: true })
    expect(fused.captureStates).toEqual(computeCaptureStates(index, plain))
  })

  it('gives the states of the separate walk for a client-first stream', () => {
    const segs = serverFirst.slice(1)
    const index = buildIndex(segs)
    const fused = analyzeTcp(index, { states: true })
    const separate = computeCaptureStates(index, analyzeTcp(index))
    expect(fused.captureStates).toEqual(separate)
    expect(separate.transitions[0]!.length).toBeGreaterThan(4)
  })

  it('is not computed unless asked for', () => {
    expect(analyzeTcp(buildIndex(serverFirst)).captureStates).toBeUndefined()
  })
})
