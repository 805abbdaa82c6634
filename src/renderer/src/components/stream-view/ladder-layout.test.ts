import { describe, expect, it } from 'vitest'
import {
  analysisBadges,
  arrowColor,
  arrowLabel,
  geometry,
  indexOfFrame,
  rowOffsets,
  ROW_H,
  ROW_MAX,
  ROW_MIN,
  TOP,
  PHASE_GAP,
  visibleRange,
} from './ladder-layout'

describe('ladder layout', () => {
  it('uniform offsets and the visible window of a 100k-row ladder', () => {
    const o = rowOffsets(100_000, 'uniform', null)
    expect(o[0]).toBe(TOP)
    expect(o[100_000]).toBe(TOP + 100_000 * ROW_H)
    const [first, last] = visibleRange(o, 100_000, TOP + 50_000 * ROW_H, 10 * ROW_H, 2)
    // Rows 50000..50009 are on screen, plus two rows of overscan each side.
    expect(first).toBe(49_998)
    expect(last).toBeGreaterThanOrEqual(50_011)
    expect(last - first).toBeLessThan(20)
    expect(visibleRange(o, 0, 0, 100)).toEqual([0, -1])
  })

  it('phase headings get PHASE_GAP before their first packet, in both spacings', () => {
    const o = rowOffsets(11, 'uniform', null, [0, 3, 7])
    expect(o[0]).toBe(TOP + PHASE_GAP)
    expect(o[3]! - o[2]!).toBe(ROW_H + PHASE_GAP)
    expect(o[5]! - o[4]!).toBe(ROW_H)
    expect(o[11]).toBe(TOP + 3 * PHASE_GAP + 11 * ROW_H)
    const t = rowOffsets(3, 'time', Float64Array.from([0, 1, 2]), [1])
    expect(t[1]! - t[0]!).toBe(t[2]! - t[1]! + PHASE_GAP)
  })

  it('time spacing: gaps follow time, clamped so bursts stay readable and idle periods stay bounded', () => {
    const times = Float64Array.from([0, 0.00001, 0.00002, 2.0, 2.00001])
    const o = rowOffsets(5, 'time', times)
    const gaps = Array.from({ length: 5 }, (_, i) => o[i + 1]! - o[i]!)
    expect(gaps[0]).toBe(ROW_MIN)
    expect(gaps[1]).toBeGreaterThan(gaps[0]! - 1)
    expect(gaps[2]).toBeGreaterThan(gaps[0]!)
    expect(gaps[2]).toBeLessThanOrEqual(ROW_MAX)
    // Monotonic: a row never starts above the one before it.
    for (let i = 0; i < 5; i++) expect(o[i + 1]!).toBeGreaterThan(o[i]!)
  })

  it('finds a frame in the stream and labels arrows like tcpdump', () => {
    const frames = Uint32Array.from([3, 7, 9, 120])
    expect(indexOfFrame(frames, 9)).toBe(2)
    expect(indexOfFrame(frames, 8)).toBe(-1)
    expect(indexOfFrame(frames, 121)).toBe(-1)
    expect(arrowLabel(0x02, 0, 0, 0)).toBe('[S] seq 0')
    expect(arrowLabel(0x12, 0, 1, 0)).toBe('[S.] seq 0 ack 1')
    expect(arrowLabel(0x18, 1, 1, 4)).toBe('[P.] seq 1:5 ack 1 len 4')
    expect(arrowLabel(0x11, 4294967295, 6, 2)).toBe('[F.] seq 4294967295:1 ack 6 len 2')
  })

  it('colours and badges follow the packet list precedence', () => {
    expect(arrowColor(0x14, 0)).toBe('tcp-rst')
    expect(arrowColor(0x02, 1)).toBe('tcp-analysis')
    expect(arrowColor(0x12, 0)).toBe('tcp-syn')
    expect(arrowColor(0x11, 1 << 10)).toBe('tcp-fin') // a window update is not a problem
    expect(analysisBadges(0b11)).toEqual(['fastRetransmission'])
    expect(analysisBadges((1 << 6) | (1 << 4))).toEqual(['lostSegment', 'dupAck'])
  })

  it('geometry keeps lanes outside the endpoint lines', () => {
    const g = geometry(1000)
    expect(g.clientLaneX + g.laneW).toBeLessThan(g.clientX)
    expect(g.serverX).toBeLessThan(g.serverLaneX)
    expect(geometry(100).width).toBe(560)
  })
})
