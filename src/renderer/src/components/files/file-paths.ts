/*
 * Path helpers for the Open and Export dialogs. The renderer has no `node:path`; paths come from the
 * machine the engine runs on (POSIX here, Windows for the desktop app), so both separators are handled.
 */

export interface Crumb {
  /** Text of the breadcrumb ("/" for the root). */
  name: string
  /** Absolute path it navigates to. */
  path: string
}

function sepOf(path: string): '/' | '\\' {
  return path.includes('\\') && !path.includes('/') ? '\\' : '/'
}

/** "/a/b/c" → [/, a, b, c] with the path of each; "C:\\x\\y" → [C:\\, x, y]. */
export function breadcrumbs(dir: string): Crumb[] {
  const sep = sepOf(dir)
  const parts = dir.split(sep)
  const out: Crumb[] = []
  let acc = ''
  parts.forEach((part, i) => {
    if (i === 0) {
      // POSIX root is the empty segment before the first '/'; on Windows the drive ("C:").
      acc = part + sep
      out.push({ name: acc, path: acc })
      return
    }
    if (part === '') return
    acc = acc.endsWith(sep) ? acc + part : acc + sep + part
    out.push({ name: part, path: acc })
  })
  return out
}

export function joinPath(dir: string, name: string): string {
  const sep = sepOf(dir)
  return dir.endsWith(sep) ? dir + name : dir + sep + name
}

export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path
}

export function dirName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))
  if (i < 0) return ''
  return i === 0 ? path.slice(0, 1) : path.slice(0, i)
}

/** Whether the text is an absolute path (POSIX "/…" or Windows "C:\\…" / "\\\\server\\…"). */
export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')
}

const CAPTURE_EXT = /(\.(pcapng|pcap|cap|ntar))?(\.gz)?$/i

/** A default export target next to the open capture: /d/a.pcap.gz → /d/a-filtered.pcapng. */
export function defaultExportPath(openPath: string, format: 'pcap' | 'pcapng', suffix = 'filtered'): string {
  const name = baseName(openPath).replace(CAPTURE_EXT, '') || 'capture'
  const dir = dirName(openPath)
  const file = `${name}-${suffix}.${format}`
  return dir ? joinPath(dir, file) : file
}

/** Swap the capture extension of a path for `format`'s (when the user switches pcap ⇄ pcapng). */
export function withFormatExtension(path: string, format: 'pcap' | 'pcapng'): string {
  return /\.(pcapng|pcap)$/i.test(path) ? path.replace(/\.(pcapng|pcap)$/i, `.${format}`) : path
}

/** 1536 → "1.5 KiB"; sizes as a file manager shows them. */
export function formatBytes(n: number | null): string {
  if (n === null) return ''
  if (n < 1024) return `${n} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let v = n / 1024
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`
}

export type RangeCheck =
  { ok: true; from: number; to: number } | { ok: false; error: 'notNumber' | 'outOfRange' | 'reversed' }

/** Validates an export range of frame numbers typed by the user: integers in 1..total, from ≤ to. */
export function checkRange(fromText: string, toText: string, total: number): RangeCheck {
  const from = Number(fromText.trim())
  const to = Number(toText.trim())
  if (fromText.trim() === '' || toText.trim() === '' || !Number.isInteger(from) || !Number.isInteger(to))
    return { ok: false, error: 'notNumber' }
  if (from < 1 || to < 1 || from > total || to > total) return { ok: false, error: 'outOfRange' }
  if (from > to) return { ok: false, error: 'reversed' }
  return { ok: true, from, to }
}
