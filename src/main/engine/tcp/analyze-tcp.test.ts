import { describe, expect, it } from 'vitest'
import { IssueBit } from '../../../shared/model/issues'
import { analyzeTcp } from './analyze-tcp'
import { buildIndex, type Seg } from './test-builder'
import { analysisFlagNames, TcpPresent } from './types'

/** SYN / SYN-ACK / ACK with ISNs 1000 (a) and 5000 (b) at 0, 1, 2 ms. */
function handshake(opts: { aWs?: number; bWs?: number; bWin?: number } = {}): Seg[] {
  return [
    { ms: 0, from: 'a', seq: 1000, flags: 'S', ...(opts.aWs !== undefined ? { wscale: opts.aWs } : {}) },
    {
      ms: 1,
      from: 'b',
      seq: 5000,
      ack: 1001,
      flags: 'SA',
      win: opts.bWin ?? 1000,
      ...(opts.bWs !== undefined ? { wscale: opts.bWs } : {}),
    },
    { ms: 2, from: 'a', seq: 1001, ack: 5001, flags: 'A' },
  ]
}

function flagsAt(segs: Seg[]): string[][] {
  const an = analyzeTcp(buildIndex(segs))
  return Array.from(an.analysisFlags, (m) => analysisFlagNames(m))
}

describe('analyzeTcp numbers', () => {
  it('numbers a handshake relative to the ISNs, with nxtseq counting SYN and FIN', () => {
    const segs: Seg[] = [
      ...handshake(),
      { ms: 10, from: 'a', seq: 1001, ack: 5001, flags: 'PA', len: 72 },
      { ms: 11, from: 'b', seq: 5001, ack: 1073, flags: 'FA', len: 10 },
    ]
    const an = analyzeTcp(buildIndex(segs))
    expect(Array.from(an.stream)).toEqual([0, 0, 0, 0, 0])
    expect(Array.from(an.relSeq)).toEqual([0, 0, 1, 1, 1])
    expect(Array.from(an.relAck)).toEqual([0, 1, 1, 1, 73])
    expect(Array.from(an.nxtSeq)).toEqual([1, 1, 1, 73, 12])
    expect(an.present[0]! & TcpPresent.SEGLEN).toBeTruthy()
    expect(an.initialRtt[0]).toBeCloseTo(0.002, 9)
    expect(an.initialRttRow[0]).toBe(2)
    // The data segment is acked by the FIN: ack_rtt 1 ms; 72 bytes were in flight after the data.
    expect(an.acksFrame[4]).toBe(4)
    expect(an.ackRtt[4]).toBeCloseTo(0.001, 9)
    expect(an.bytesInFlight[3]).toBe(72)
    expect(an.bytesInFlight[4]).toBe(10)
    const c = an.conversations[0]!
    expect(c.clientAddr).toBe(1)
    expect(c.clientPort).toBe(40000)
    expect(c.clientIsn).toBe(1000)
    expect(c.serverIsn).toBe(5000)
    expect(c.endReason).toBe('fin-server')
    expect(Array.from(c.rows)).toEqual([0, 1, 2, 3, 4])
  })

  it('scales the window only once both SYN and SYN/ACK carried the option', () => {
    const an = analyzeTcp(
      buildIndex([
        ...handshake({ aWs: 7, bWs: 8 }),
        { ms: 3, from: 'b', seq: 5001, ack: 1001, flags: 'A', win: 50 },
      ]),
    )
    expect(an.windowSize[0]).toBe(1000) // SYNs are never scaled
    expect(an.windowSize[2]).toBe(1000 << 7)
    expect(an.windowSize[3]).toBe(50 << 8)
    expect(an.windowScaleFactor[2]).toBe(128)
    const one = analyzeTcp(
      buildIndex([...handshake({ aWs: 7 }), { ms: 3, from: 'b', seq: 5001, ack: 1001, flags: 'A' }]),
    )
    expect(one.windowSize[2]).toBe(1000)
    expect(one.windowScaleFactor[2]).toBe(-2)
    // Mid-stream capture: the scale is unknown (-1) and the raw window is shown.
    const mid = analyzeTcp(buildIndex([{ ms: 0, from: 'a', seq: 7, ack: 9, flags: 'A' }]))
    expect(mid.windowScaleFactor[0]).toBe(-1)
    expect(mid.relSeq[0]).toBe(1)
    expect(mid.relAck[0]).toBe(1)
    expect(mid.conversations[0]!.clientAssumed).toBe(true)
    expect(mid.conversations[0]!.startedBeforeCapture).toBe(true)
  })

  it('takes a window scale option of a non-SYN segment for the later windows of its sender (nmap probes)', () => {
    const index = buildIndex([
      { ms: 0, from: 'a', seq: 7, flags: '', win: 128 },
      { ms: 1, from: 'a', seq: 7, flags: '', win: 128 },
      { ms: 2, from: 'b', seq: 9, ack: 7, flags: 'A', win: 100 },
      { ms: 3, from: 'a', seq: 7, flags: 'A', win: 128 },
      { ms: 4, from: 'a', seq: 7, flags: 'A', win: 2 },
    ])
    // Rows 0 and 3 carry the option (shift 10, then 15: clamped to 14 as tshark does).
    index.nonSynWindowScale = new Map([
      [0, { mss: -1, wscale: 10, sackPerm: false, tsVal: -1, tsEcr: -1 }],
      [3, { mss: -1, wscale: 15, sackPerm: false, tsVal: -1, tsEcr: -1 }],
    ])
    const an = analyzeTcp(index)
    expect(Array.from(an.windowSize)).toEqual([128, 128 << 10, 100, 128 << 10, 2 << 14])
    expect(Array.from(an.windowScaleFactor)).toEqual([-1, 1024, -1, 1024, 16384])
  })

  it('starts a new stream when a SYN with a new ISN reuses a 4-tuple', () => {
    const segs: Seg[] = [
      ...handshake(),
      { ms: 3, from: 'a', seq: 1001, ack: 5001, flags: 'FA' },
      { ms: 4, from: 'b', seq: 5001, ack: 1002, flags: 'FA' },
      { ms: 5, from: 'a', seq: 1002, ack: 5002, flags: 'A' },
      { ms: 6, from: [3, 1234, 2, 80], seq: 1, flags: 'S' },
      { ms: 7, from: 'a', seq: 90000, flags: 'S' },
      { ms: 3007, from: 'a', seq: 90000, flags: 'S' },
      { ms: 3008, from: 'b', seq: 7000, ack: 90001, flags: 'SA' },
    ]
    const an = analyzeTcp(buildIndex(segs))
    expect(Array.from(an.stream)).toEqual([0, 0, 0, 0, 0, 0, 1, 2, 2, 2])
    const f = Array.from(an.analysisFlags, (m) => analysisFlagNames(m))
    expect(f[7]).toEqual(['reused_ports'])
    expect(f[8]).toEqual(['retransmission'])
    expect(f[9]).toEqual([])
    expect(an.conversations[0]!.endReason).toBe('fin-both')
    expect(an.conversations[2]!.clientIsn).toBe(90000)
    expect(Array.from(an.conversations[2]!.rows)).toEqual([7, 8, 9])
  })

  it('summarises conversations: client from the SYN/ACK, options per side, RST ending', () => {
    const an = analyzeTcp(
      buildIndex([
        { ms: 0, from: 'b', seq: 5000, ack: 1001, flags: 'SA', wscale: 8 },
        { ms: 1, from: 'a', seq: 1001, ack: 5001, flags: 'A', len: 10 },
        { ms: 5, from: 'b', seq: 5001, ack: 1011, flags: 'RA' },
      ]),
    )
    const c = an.conversations[0]!
    expect(c.clientAssumed).toBe(false)
    expect(c.clientAddr).toBe(1)
    expect(c.serverPort).toBe(80)
    expect(c.firstSourceIsClient).toBe(false)
    expect(c.startedBeforeCapture).toBe(true)
    expect(c.client.synSeen).toBe(false)
    expect(c.server).toEqual({ synSeen: true, mss: 1460, wscale: 8, sackPermitted: true, timestamps: false })
    expect(c.windowScaling).toBe(false)
    expect(c.serverIsn).toBe(5000)
    expect(c.clientIsn).toBe(-1)
    expect(c.endReason).toBe('rst-server')
    expect(c.rstFrame).toBe(3)
    expect(c.packetsClientToServer).toBe(1)
    expect(c.packetsServerToClient).toBe(2)
    expect(c.payloadClientToServer).toBe(10)
    expect(c.duration).toBeCloseTo(0.005, 9)
  })

  it('skips non-TCP rows', () => {
    const an = analyzeTcp(buildIndex([{ ms: 0, from: 'a', seq: 1, flags: 'S', proto: 6 }, ...handshake()]))
    expect(an.stream[0]).toBe(-1)
    expect(an.stream[1]).toBe(0)
  })

  it('gives no stream to a TCP header cut short by the capture or by the IP length', () => {
    const idx = buildIndex([
      { ms: 0, from: 'a', seq: 0, flags: '' },
      { ms: 1, from: 'a', seq: 0, flags: '' },
      ...handshake(),
    ])
    const ch = idx.chunks[0]!
    // What the decoder leaves for a header shorter than 20 bytes: ports only, no payload offset.
    for (const [row, issue] of [
      [0, IssueBit.truncated],
      [1, IssueBit.malformed],
    ] as const) {
      ch.issues[row] = issue
      ch.payloadOffset[row] = 0xffff
      ch.tcpWindow[row] = 0
    }
    const an = analyzeTcp(idx)
    expect(Array.from(an.stream)).toEqual([-1, -1, 0, 0, 0])
  })
})

describe('analyzeTcp flags (tcp_analyze_sequence_number order)', () => {
  it('retransmission, lost segment and ACKed unseen segment', () => {
    const f = flagsAt([
      ...handshake(),
      { ms: 10, from: 'a', seq: 1001, ack: 5001, flags: 'PA', len: 100 },
      { ms: 300, from: 'a', seq: 1001, ack: 5001, flags: 'PA', len: 100 },
      { ms: 310, from: 'a', seq: 1201, ack: 5001, flags: 'PA', len: 100 },
      { ms: 320, from: 'b', seq: 5001, ack: 1301, flags: 'A' },
    ])
    expect(f[4]).toEqual(['retransmission'])
    expect(f[5]).toEqual(['lost_segment'])
    expect(f[6]).toEqual(['ack_lost_segment'])
  })

  it('duplicate ACKs then a fast retransmission', () => {
    const segs: Seg[] = [
      ...handshake(),
      { ms: 10, from: 'a', seq: 1001, ack: 5001, flags: 'A', len: 100 },
      { ms: 11, from: 'a', seq: 1101, ack: 5001, flags: 'A', len: 100 },
      { ms: 12, from: 'a', seq: 1201, ack: 5001, flags: 'A', len: 100 },
      { ms: 20, from: 'b', seq: 5001, ack: 1101, flags: 'A' },
      { ms: 21, from: 'b', seq: 5001, ack: 1101, flags: 'A' },
      { ms: 22, from: 'b', seq: 5001, ack: 1101, flags: 'A' },
      { ms: 25, from: 'a', seq: 1101, ack: 5001, flags: 'A', len: 100 },
    ]
    const an = analyzeTcp(buildIndex(segs))
    const f = Array.from(an.analysisFlags, (m) => analysisFlagNames(m))
    expect(f[6]).toEqual([])
    expect(f[7]).toEqual(['duplicate_ack'])
    expect(f[8]).toEqual(['duplicate_ack'])
    expect(an.duplicateAckNum[8]).toBe(2)
    expect(an.duplicateAckFrame[8]).toBe(7)
    expect(f[9]).toEqual(['retransmission', 'fast_retransmission'])
    expect(an.acksFrame[6]).toBe(4)
    expect(an.ackRtt[6]).toBeCloseTo(0.01, 9)
    expect(an.bytesInFlight[5]).toBe(300)
  })

  it('out-of-order within the reordering threshold', () => {
    const f = flagsAt([
      ...handshake(),
      { ms: 10, from: 'a', seq: 1001, ack: 5001, flags: 'A', len: 100 },
      { ms: 11, from: 'a', seq: 1201, ack: 5001, flags: 'A', len: 100 },
      { ms: 12, from: 'a', seq: 1101, ack: 5001, flags: 'A', len: 100 },
    ])
    expect(f[4]).toEqual(['lost_segment'])
    expect(f[5]).toEqual(['out_of_order'])
  })

  it('spurious retransmission of already acknowledged data', () => {
    const f = flagsAt([
      ...handshake(),
      { ms: 10, from: 'a', seq: 1001, ack: 5001, flags: 'A', len: 100 },
      { ms: 20, from: 'b', seq: 5001, ack: 1101, flags: 'A' },
      { ms: 300, from: 'a', seq: 1001, ack: 5001, flags: 'A', len: 100 },
    ])
    expect(f[5]).toEqual(['retransmission', 'spurious_retransmission'])
  })

  it('keep-alive and keep-alive ACK', () => {
    const f = flagsAt([
      ...handshake(),
      { ms: 10, from: 'a', seq: 1001, ack: 5001, flags: 'A', len: 100 },
      { ms: 20, from: 'b', seq: 5001, ack: 1101, flags: 'A' },
      { ms: 1000, from: 'a', seq: 1100, ack: 5001, flags: 'A' },
      { ms: 1001, from: 'b', seq: 5001, ack: 1101, flags: 'A' },
    ])
    expect(f[5]).toEqual(['keep_alive'])
    expect(f[6]).toEqual(['keep_alive_ack'])
  })

  it('zero window, zero window probe and its ACK', () => {
    const f = flagsAt([
      ...handshake(),
      { ms: 10, from: 'b', seq: 5001, ack: 1001, flags: 'A', win: 0 },
      { ms: 20, from: 'a', seq: 1001, ack: 5001, flags: 'A', len: 1 },
      { ms: 30, from: 'b', seq: 5001, ack: 1001, flags: 'A', win: 0 },
    ])
    expect(f[3]).toEqual(['zero_window'])
    expect(f[4]).toEqual(['zero_window_probe'])
    expect(f[5]).toEqual(['zero_window', 'zero_window_probe_ack'])
  })

  it('window update and window full', () => {
    expect(
      flagsAt([...handshake(), { ms: 10, from: 'b', seq: 5001, ack: 1001, flags: 'A', win: 2000 }])[3],
    ).toEqual(['window_update'])
    expect(
      flagsAt([
        ...handshake({ bWin: 100 }),
        { ms: 10, from: 'a', seq: 1001, ack: 5001, flags: 'A', len: 100 },
      ])[3],
    ).toEqual(['window_full'])
  })
})
