/**
 * Geometry and labels of the ladder (sequence) diagram: pure functions, no Vue, so that the virtualized
 * SVG only asks "which rows are visible, where is row i, what does its arrow say" (unit-tested).
 */
import { tcpFlagsText } from '../../../../shared/explain/stream-table'

/** tcpdump's flag letters: `[S.]` (the same text as the CLI's state table prints). */
export const flagsText = tcpFlagsText

/** Row height in uniform spacing, and the smallest / largest gap in time-proportional spacing (px). */
export const ROW_H = 36
export const ROW_MIN = 28
export const ROW_MAX = 600
/** Space above the first arrow (the initial states). */
export const TOP = 44
/** Extra space before the first packet of each phase, for its heading (like the seeds' separate tables). */
export const PHASE_GAP = 20

export type Spacing = 'uniform' | 'time'

export interface LadderGeometry {
  width: number
  /** Left column: frame number and time. */
  timeX: number
  /** State lanes (x of the lane's left edge, width) and the endpoints' vertical lines. */
  clientLaneX: number
  serverLaneX: number
  laneW: number
  clientX: number
  serverX: number
}

export function geometry(width: number): LadderGeometry {
  const w = Math.max(560, Math.floor(width))
  const laneW = 118
  const timeX = 8
  const clientLaneX = 96
  const clientX = clientLaneX + laneW + 14
  const serverLaneX = w - laneW - 10
  const serverX = serverLaneX - 14
  return { width: w, timeX, clientLaneX, serverLaneX, laneW, clientX, serverX }
}

/**
 * Top offset of every row (offsets[i], i < total) and the total height (offsets[total]). Uniform: equal
 * rows. Time: each gap proportional to the time since the previous packet, clamped to [ROW_MIN, ROW_MAX]
 * so that bursts stay readable and a long idle period does not make the ladder endless.
 */
export function rowOffsets(
  total: number,
  spacing: Spacing,
  times: Float64Array | null,
  phaseStarts: readonly number[] = [],
): Float64Array {
  const out = new Float64Array(total + 1)
  // Phase headings: PHASE_GAP more before each phase's first packet (sorted positions).
  const starts = [...phaseStarts].filter((i) => i >= 0 && i < total).sort((a, b) => a - b)
  let k = 0
  let extra = 0
  const gapBefore = (i: number): void => {
    while (k < starts.length && starts[k]! <= i) {
      if (starts[k] === i) extra += PHASE_GAP
      k++
    }
  }
  if (spacing === 'uniform' || !times || times.length < total) {
    for (let i = 0; i < total; i++) {
      gapBefore(i)
      out[i] = TOP + extra + i * ROW_H
    }
    out[total] = TOP + extra + total * ROW_H
    return out
  }
  const duration = total > 1 ? times[total - 1]! - times[0]! : 0
  // Scale: the whole stream as tall as in uniform spacing, if the gaps were even.
  const pxPerSec = duration > 0 ? (total * ROW_H) / duration : 0
  let y = TOP
  for (let i = 0; i < total; i++) {
    const before = extra
    gapBefore(i)
    y += extra - before
    out[i] = y
    const dt = i + 1 < total ? times[i + 1]! - times[i]! : 0
    y += Math.min(ROW_MAX, Math.max(ROW_MIN, dt * pxPerSec))
  }
  out[total] = y
  return out
}

/** Rows intersecting [top, top + height), widened by `overscan` rows each side: [first, last] inclusive. */
export function visibleRange(
  offsets: Float64Array,
  total: number,
  top: number,
  height: number,
  overscan = 4,
): [number, number] {
  if (total === 0) return [0, -1]
  const first = Math.max(0, upperBound(offsets, total, top) - 1 - overscan)
  const last = Math.min(total - 1, upperBound(offsets, total, top + height) + overscan)
  return [first, last]
}

/** First i in [0, n) with a[i] > v (n when none). */
function upperBound(a: Float64Array, n: number, v: number): number {
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid]! <= v) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Position of `frame` in the stream's ascending frame list, -1 when it is not part of it. */
export function indexOfFrame(frames: ArrayLike<number>, frame: number): number {
  let lo = 0
  let hi = frames.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (frames[mid]! < frame) lo = mid + 1
    else hi = mid
  }
  return lo < frames.length && frames[lo] === frame ? lo : -1
}

const FIN = 0x01
const SYN = 0x02
const RST = 0x04
const ACK = 0x10

/** The packet list's colour class of an arrow (same order of precedence as the list's rows). */
export function arrowColor(
  flags: number,
  analysis: number,
): 'tcp-rst' | 'tcp-analysis' | 'tcp-syn' | 'tcp-fin' | 'tcp' {
  if (flags & RST) return 'tcp-rst'
  if (analysis & ANALYSIS_SHOWN) return 'tcp-analysis'
  if (flags & SYN) return 'tcp-syn'
  if (flags & FIN) return 'tcp-fin'
  return 'tcp'
}

/** TcpAnalysisFlag bits (src/main/engine/tcp/types.ts) and the badge each one gets on its arrow. */
export const ANALYSIS_BADGES: ReadonlyArray<readonly [bit: number, key: string]> = [
  [1 << 0, 'retransmission'],
  [1 << 1, 'fastRetransmission'],
  [1 << 2, 'spuriousRetransmission'],
  [1 << 3, 'outOfOrder'],
  [1 << 4, 'lostSegment'],
  [1 << 5, 'ackLostSegment'],
  [1 << 6, 'dupAck'],
  [1 << 7, 'zeroWindow'],
  [1 << 8, 'zeroWindowProbe'],
  [1 << 9, 'zeroWindowProbeAck'],
  [1 << 10, 'windowUpdate'],
  [1 << 11, 'windowFull'],
  [1 << 12, 'keepAlive'],
  [1 << 13, 'keepAliveAck'],
  [1 << 14, 'reusedPorts'],
]
/** Flags that colour a row as "tcp-analysis" (window updates are not problems). */
const ANALYSIS_SHOWN = 0x7fff & ~(1 << 10)

/** Badge keys of an analysis mask; a fast/spurious retransmission shows only its specific badge. */
export function analysisBadges(mask: number): string[] {
  const out: string[] = []
  for (const [bit, key] of ANALYSIS_BADGES) {
    if (!(mask & bit)) continue
    if (bit === 1 && mask & 0b110) continue
    out.push(key)
  }
  return out
}

/** Retransmissions (any kind) are drawn dashed. */
export function isRetransmission(mask: number): boolean {
  return (mask & 0b111) !== 0
}

/** The arrow's label, tcpdump style: `[P.] seq 1:5 ack 1 len 4`. */
export function arrowLabel(flags: number, seq: number, ack: number, len: number): string {
  let s = `${flagsText(flags)} seq ${seq}`
  if (len > 0) s += `:${(seq + len) >>> 0}`
  if (flags & ACK) s += ` ack ${ack}`
  if (len > 0) s += ` len ${len}`
  return s
}

/** Seconds with microseconds, as the packet list shows relative times. */
export function timeText(t: number): string {
  return t.toFixed(6)
}
