/** The reassembled payload panel's renderings of one chunk: ASCII (dots for non-printables), hex, raw. */

export type PayloadMode = 'ascii' | 'hex' | 'raw'

/** Chunks longer than this are cut in the panel (the text export of stream.follow has the whole data). */
export const MAX_CHUNK_SHOWN = 4096

/** ASCII like Wireshark's Follow Stream: printable bytes, \n and \t kept, everything else '.'. */
export function asciiText(data: Uint8Array): string {
  let s = ''
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!
    s += (b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x09 ? String.fromCharCode(b) : b === 0x0d ? '' : '.'
  }
  return s
}

/** Hex dump lines: offset (relative to the direction's stream start), 16 bytes, ASCII. */
export function hexText(data: Uint8Array, offset: number): string {
  const lines: string[] = []
  for (let i = 0; i < data.length; i += 16) {
    const row = data.subarray(i, i + 16)
    let hex = ''
    let asc = ''
    for (let k = 0; k < 16; k++) {
      if (k < row.length) {
        hex += row[k]!.toString(16).padStart(2, '0') + ' '
        asc += row[k]! >= 0x20 && row[k]! < 0x7f ? String.fromCharCode(row[k]!) : '.'
      } else hex += '   '
      if (k === 7) hex += ' '
    }
    lines.push(`${(offset + i).toString(16).padStart(8, '0')}  ${hex} ${asc}`)
  }
  return lines.join('\n')
}

/** Raw: one continuous hex string, as Wireshark's "Raw" shows it. */
export function rawText(data: Uint8Array): string {
  let s = ''
  for (let i = 0; i < data.length; i++) s += data[i]!.toString(16).padStart(2, '0')
  return s
}

export function chunkText(
  data: Uint8Array,
  mode: PayloadMode,
  offset: number,
): { text: string; cut: boolean } {
  const cut = data.length > MAX_CHUNK_SHOWN
  const d = cut ? data.subarray(0, MAX_CHUNK_SHOWN) : data
  const text = mode === 'ascii' ? asciiText(d) : mode === 'hex' ? hexText(d, offset) : rawText(d)
  return { text, cut }
}
