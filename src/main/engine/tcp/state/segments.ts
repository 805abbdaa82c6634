/**
 * One TCP connection's segments in capture order, column-wise (a stream may hold 100k+ packets).
 * dir: 0 = client→server, 1 = server→client. seq/ack are the raw 32-bit header values; len is tcp.len
 * (payload bytes, SYN/FIN not counted); time is seconds since the epoch (fractional).
 */
export interface TcpSegments {
  count: number
  dir: Uint8Array
  flags: Uint16Array
  seq: Uint32Array
  ack: Uint32Array
  len: Uint32Array
  frame: Uint32Array
  time: Float64Array
}

export function allocSegments(count: number): TcpSegments {
  return {
    count,
    dir: new Uint8Array(count),
    flags: new Uint16Array(count),
    seq: new Uint32Array(count),
    ack: new Uint32Array(count),
    len: new Uint32Array(count),
    frame: new Uint32Array(count),
    time: new Float64Array(count),
  }
}

/** A segment written by hand (tests, examples). `flags` is tcpdump's letters: "S", "S.", ".", "P.", "F.", "R.", "FP." … */
export interface SegmentInit {
  dir: 'c>s' | 's>c' | 0 | 1
  flags: string | number
  seq?: number
  ack?: number
  len?: number
  frame?: number
  time?: number
}

const FLAG_LETTERS: Record<string, number> = {
  F: 0x01,
  S: 0x02,
  R: 0x04,
  P: 0x08,
  '.': 0x10,
  U: 0x20,
  E: 0x40,
  W: 0x80,
}

export function parseFlagLetters(s: string): number {
  let f = 0
  for (const ch of s.replace(/[[\]]/g, '')) f |= FLAG_LETTERS[ch] ?? 0
  return f
}

export function segmentsFromList(list: readonly SegmentInit[]): TcpSegments {
  const s = allocSegments(list.length)
  list.forEach((x, i) => {
    s.dir[i] = x.dir === 'c>s' || x.dir === 0 ? 0 : 1
    s.flags[i] = typeof x.flags === 'number' ? x.flags : parseFlagLetters(x.flags)
    s.seq[i] = (x.seq ?? 0) >>> 0
    s.ack[i] = (x.ack ?? 0) >>> 0
    s.len[i] = x.len ?? 0
    s.frame[i] = x.frame ?? i + 1
    s.time[i] = x.time ?? i * 0.001
  })
  return s
}
