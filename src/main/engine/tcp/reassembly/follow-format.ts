/**
 * Text renderings of a follow result, laid out exactly like `tshark -q -z follow,tcp,<mode>,N` (4.0
 * ui/cli/tap-follow.c): a "===" separator, Follow/Filter/Node lines, then one record per chunk in arrival
 * order, the server side (node 1) indented by a tab. Keeping the exact layout lets tests compare our
 * output with tshark's byte for byte.
 */
import type { FollowChunk, FollowResult } from './follow-reassembler'

export type FollowFormat = 'ascii' | 'hex' | 'raw'

export interface FollowHeader {
  /** tcp.stream index (for the "Filter: tcp.stream eq N" line). */
  stream: number
  /** Formatted node addresses ("" when unknown) and whether the *client* is IPv6 (tshark brackets both). */
  clientAddr: string
  clientPort: number
  serverAddr: string
  serverPort: number
  ipv6: boolean
}

export const FOLLOW_SEPARATOR = '==================================================================='

const HEX = '0123456789abcdef'

function hexdumpLines(prefix: string, offset: number, data: Uint8Array, out: string[]): void {
  // 8-digit uppercase offset, two spaces, 16 hex bytes with an extra space after the 8th, two spaces,
  // the printable bytes (also split after the 8th); one trailing space is trimmed.
  for (let i = 0; i < data.length; i += 16) {
    const end = Math.min(i + 16, data.length)
    let hex = ''
    let asc = ''
    for (let j = i; j < end; j++) {
      const v = data[j]!
      hex += HEX[v >> 4]! + HEX[v & 15]! + ' '
      asc += v >= 0x20 && v < 0x7f ? String.fromCharCode(v) : '.'
      if (j - i === 7) {
        hex += ' '
        asc += ' '
      }
    }
    // tshark drops one trailing space, whether it is the split space or a printed space byte.
    if (asc.endsWith(' ')) asc = asc.slice(0, -1)
    const off = ((offset + i) >>> 0).toString(16).toUpperCase().padStart(8, '0')
    out.push(prefix + off + '  ' + hex.padEnd(49, ' ') + ' ' + asc + '\n')
  }
}

function asciiText(data: Uint8Array): string {
  let s = ''
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!
    s += v === 0x0d || v === 0x0a || (v >= 0x20 && v < 0x7f) ? String.fromCharCode(v) : '.'
  }
  return s
}

export function hexString(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.length).toString('hex')
}

function nodeLine(n: number, addr: string, port: number, ipv6: boolean): string {
  return ipv6 ? `Node ${n}: [${addr}]:${port}\n` : `Node ${n}: ${addr}:${port}\n`
}

/** The header block, from the blank line before the separator to the Node 1 line. */
export function formatFollowHeader(h: FollowHeader, format: FollowFormat): string {
  return (
    `\n${FOLLOW_SEPARATOR}\n` +
    `Follow: tcp,${format}\n` +
    `Filter: tcp.stream eq ${h.stream}\n` +
    nodeLine(0, h.clientAddr, h.clientPort, h.ipv6) +
    nodeLine(1, h.serverAddr, h.serverPort, h.ipv6)
  )
}

/** One chunk the way tshark prints it (pos = bytes of this direction printed before it, for hex offsets). */
export function formatFollowChunk(c: FollowChunk, format: FollowFormat, pos: number): string {
  const tab = c.dir === 1 ? '\t' : ''
  switch (format) {
    case 'raw':
      return tab + hexString(c.data) + '\n'
    case 'ascii':
      return `${tab}${c.data.length}\n${asciiText(c.data)}\n`
    case 'hex': {
      const lines: string[] = []
      hexdumpLines(tab, pos, c.data, lines)
      return lines.join('')
    }
  }
}

/** The whole tshark-style block for one stream. */
export function formatFollow(
  result: FollowResult,
  h: FollowHeader,
  format: FollowFormat,
  dirs: 'both' | 0 | 1 = 'both',
): string {
  const parts: string[] = [formatFollowHeader(h, format)]
  const pos = [0, 0]
  for (const c of result.chunks) {
    if (dirs === 'both' || dirs === c.dir) parts.push(formatFollowChunk(c, format, pos[c.dir]!))
    pos[c.dir]! += c.data.length
  }
  parts.push(FOLLOW_SEPARATOR + '\n')
  return parts.join('')
}
