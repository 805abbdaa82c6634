/**
 * Small pure helpers: say in words what the first bytes of a non-capture file look like, and format the
 * addresses of pcapng name records.
 */

/** Signatures of capture formats wirelite does not read, so the user learns what the file is. */
const OTHER_FORMATS: Array<{ sig: string; name: string }> = [
  { sig: 'snoop\0\0\0', name: 'a Sun snoop capture' },
  { sig: 'GMBU', name: 'a Microsoft Network Monitor 1.x capture' },
  { sig: 'RTSS', name: 'a Microsoft Network Monitor 2.x capture' },
  { sig: 'XCP\0', name: 'a NetXRay/Windows Sniffer capture' },
  { sig: 'TRSNIFF data', name: 'a Network General Sniffer capture' },
  { sig: 'iptrace 1.0', name: 'an AIX iptrace capture' },
  { sig: 'iptrace 2.0', name: 'an AIX iptrace capture' },
  { sig: 'ObserverPktBuffer', name: 'a Network Instruments Observer capture' },
  { sig: 'Session Transcript', name: 'a Catapult DCT2000 capture' },
  { sig: '\x7fELF', name: 'an ELF executable' },
  { sig: '%PDF', name: 'a PDF document' },
  { sig: 'PK\x03\x04', name: 'a ZIP archive' },
  { sig: 'BZh', name: 'bzip2-compressed data (decompress it first)' },
  { sig: '\xfd7zXZ\0', name: 'xz-compressed data (decompress it first)' },
  { sig: '\x28\xb5\x2f\xfd', name: 'zstd-compressed data (decompress it first)' },
  { sig: '\x1f\x8b', name: 'gzip-compressed data' },
]

function startsWith(b: Uint8Array, sig: string): boolean {
  if (b.length < sig.length) return false
  for (let i = 0; i < sig.length; i++) if (b[i] !== sig.charCodeAt(i)) return false
  return true
}

function hex(b: Uint8Array, n: number): string {
  let s = ''
  for (let i = 0; i < Math.min(n, b.length); i++) s += b[i]!.toString(16).padStart(2, '0')
  return s
}

/** True when the bytes are printable ASCII / UTF-8 text with common whitespace. */
function looksLikeText(b: Uint8Array): boolean {
  if (b.length === 0) return false
  for (const c of b) {
    if (c === 9 || c === 10 || c === 13) continue
    if (c < 0x20 || c === 0x7f) return false
  }
  return true
}

/**
 * One phrase for "this is not a pcap/pcapng file": "it looks like text ("GET / HTTP/1.1")",
 * "it is a Sun snoop capture", "unknown magic 0x12345678".
 */
export function describeMagic(first: Uint8Array): string {
  const base = 'not a pcap or pcapng capture file'
  for (const f of OTHER_FORMATS) if (startsWith(first, f.sig)) return `${base}: it looks like ${f.name}`
  if (looksLikeText(first)) {
    let text = ''
    for (const c of first.subarray(0, 16))
      text += c === 10 ? '\\n' : c === 13 ? '\\r' : c === 9 ? '\\t' : String.fromCharCode(c)
    return `${base}: it looks like text ("${text}${first.length > 16 ? '…' : ''}")`
  }
  if (first.length < 4)
    return `${base}: only ${first.length} byte${first.length === 1 ? '' : 's'} long (0x${hex(first, 4)})`
  return `${base}: unknown magic 0x${hex(first, 4)}`
}

export function formatIPv4(b: Uint8Array, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`
}

/** RFC 5952 text form (longest run of >= 2 zero groups compressed, lower-case hex). */
export function formatIPv6(b: Uint8Array, o: number): string {
  const g: number[] = []
  for (let i = 0; i < 8; i++) g.push((b[o + 2 * i]! << 8) | b[o + 2 * i + 1]!)
  let bestAt = -1
  let bestLen = 0
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && g[j] === 0) j++
    if (j - i > bestLen && j - i >= 2) {
      bestAt = i
      bestLen = j - i
    }
    i = j
  }
  const part = (a: number[]) => a.map((x) => x.toString(16)).join(':')
  if (bestAt < 0) return part(g)
  return `${part(g.slice(0, bestAt))}::${part(g.slice(bestAt + bestLen))}`
}
