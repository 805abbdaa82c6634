import type { TcpConversation, TcpIndexView } from './types'

/**
 * The text of `tshark -q -z conv,tcp` (4.0): one line per stream, most frames first (ties in stream
 * order), endpoints in the order of the stream's first packet, "<-" = frames towards the first
 * source. Bytes are frame lengths, formatted like Wireshark's format_size(); start is relative to the
 * first frame of the capture.
 */
export function formatConversationTable(
  convs: TcpConversation[],
  index: TcpIndexView,
  formatAddr: (id: number) => string,
): string {
  const rule = '='.repeat(80) + '\n'
  const pad = ' '.repeat(12 + 47)
  let out = rule + 'TCP Conversations\nFilter:<No Filter>\n'
  out += pad + '|       <-      | |       ->      | |     Total     |    Relative    |   Duration   |\n'
  out += pad + '| Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |\n'
  // Streams whose every frame failed in the TCP options are not in tshark's table.
  const order = convs
    .filter((c) => totalFrames(c) > 0)
    .sort((a, b) => totalFrames(b) - totalFrames(a) || a.stream - b.stream)
  const t0 = rowTime(index, 0)
  for (const c of order) {
    const aIsClient = c.firstSourceIsClient
    const a = endpoint(
      formatAddr,
      aIsClient ? c.clientAddr : c.serverAddr,
      aIsClient ? c.clientPort : c.serverPort,
    )
    const b = endpoint(
      formatAddr,
      aIsClient ? c.serverAddr : c.clientAddr,
      aIsClient ? c.serverPort : c.clientPort,
    )
    const txF = aIsClient ? c.packetsClientToServer : c.packetsServerToClient
    const txB = aIsClient ? c.bytesClientToServer : c.bytesServerToClient
    const rxF = aIsClient ? c.packetsServerToClient : c.packetsClientToServer
    const rxB = aIsClient ? c.bytesServerToClient : c.bytesClientToServer
    const start = relSeconds(rowTime(index, c.startRow), t0)
    const stop = relSeconds(rowTime(index, c.endRow), t0)
    out +=
      `${a.padEnd(26)} <-> ${b.padEnd(26)}  ` +
      `${String(rxF).padStart(6)} ${formatSize(rxB).padEnd(9)}  ` +
      `${String(txF).padStart(6)} ${formatSize(txB).padEnd(9)}  ` +
      `${String(rxF + txF).padStart(6)} ${formatSize(rxB + txB).padEnd(9)}  ` +
      `${printfFixed(start, 9).padStart(14)}   ${printfFixed(stop - start, 4).padStart(12)}\n`
  }
  return out + rule
}

function totalFrames(c: TcpConversation): number {
  return c.packetsClientToServer + c.packetsServerToClient
}

function endpoint(formatAddr: (id: number) => string, addr: number, port: number): string {
  return `${formatAddr(addr)}:${port}`
}

/** Wireshark's format_size(size, FORMAT_SIZE_UNIT_BYTES, SI): "9999 bytes", "10 kB", "12 MB" … */
export function formatSize(size: number): string {
  const p = 1000
  const units: Array<[number, string]> = [
    [p * p * p * p, ' TB'],
    [p * p * p, ' GB'],
    [p * p, ' MB'],
    [p, ' kB'],
  ]
  for (const [div, unit] of units) {
    const v = Math.floor(size / div)
    if (v >= 10) return `${v}${unit}`
  }
  return `${size} bytes`
}

function rowTime(index: TcpIndexView, row: number): [number, number] {
  for (const ch of index.chunks) {
    if (row >= ch.firstRow && row < ch.firstRow + ch.count) {
      const i = row - ch.firstRow
      return [ch.tsSec[i]!, ch.tsNsec[i]!]
    }
  }
  return [0, 0]
}

/** nstime_to_sec(nstime_delta(t, t0)) as Wireshark computes it (normalised secs/nsecs). */
function relSeconds(t: [number, number], t0: [number, number]): number {
  let s = t[0] - t0[0]
  let n = t[1] - t0[1]
  if (s > 0 && n < 0) {
    s -= 1
    n += 1e9
  } else if (s < 0 && n > 0) {
    s += 1
    n -= 1e9
  }
  return s + n / 1e9
}

/**
 * printf("%.*f") on a double: round half to even on the exact binary value (JS toFixed rounds exact
 * ties up, which differs for values such as 0.03125).
 */
export function printfFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x)
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 60))
  const dot = exact.indexOf('.')
  const keep = exact.slice(0, dot + 1 + digits)
  const rest = exact.slice(dot + 1 + digits)
  const tie = rest[0] === '5' && /^50*$/.test(rest)
  if (!tie) return x.toFixed(digits)
  const lastDigit = Number(keep[keep.length - 1] === '.' ? keep[keep.length - 2] : keep[keep.length - 1])
  if (lastDigit % 2 === 0) return (x < 0 ? '-' : '') + keep.replace(/\.$/, '')
  return x.toFixed(digits)
}
