import type { TcpAnalysis, TcpIndexView } from './types'

/**
 * tshark's text of a relative time (FT_RELATIVE_TIME, e.g. tcp.analysis.ack_rtt): "S.NNNNNNNNN" from the
 * exact seconds/nanoseconds difference (a float of seconds loses nanoseconds for large gaps).
 */
export function formatRelTime(s1: number, n1: number, s0: number, n0: number): string {
  let s = s1 - s0
  let n = n1 - n0
  if (s > 0 && n < 0) {
    s -= 1
    n += 1e9
  } else if (s < 0 && n > 0) {
    s += 1
    n -= 1e9
  }
  const neg = s < 0 || n < 0
  return `${neg ? '-' : ''}${Math.abs(s)}.${String(Math.abs(n)).padStart(9, '0')}`
}

function rowTime(index: TcpIndexView, row: number): [number, number] {
  const ch = index.chunks[Math.floor(row / 65536)]
  if (ch && row >= ch.firstRow && row < ch.firstRow + ch.count)
    return [ch.tsSec[row - ch.firstRow]!, ch.tsNsec[row - ch.firstRow]!]
  for (const c of index.chunks)
    if (row >= c.firstRow && row < c.firstRow + c.count)
      return [c.tsSec[row - c.firstRow]!, c.tsNsec[row - c.firstRow]!]
  return [0, 0]
}

/** tcp.analysis.ack_rtt of `row` as tshark prints it, or '' when tshark shows none. */
export function ackRttText(index: TcpIndexView, an: TcpAnalysis, row: number): string {
  if (Number.isNaN(an.ackRtt[row]!) || !an.acksFrame[row]) return ''
  const [s1, n1] = rowTime(index, row)
  const [s0, n0] = rowTime(index, an.acksFrame[row]! - 1)
  return formatRelTime(s1, n1, s0, n0)
}
