import { readdir, stat } from 'node:fs/promises'
import { dirname, isAbsolute, parse, resolve } from 'node:path'
import type { DirEntry, DirListing } from '../../shared/ipc/contract'
import { RequestError } from '../engine/service/validate'

/*
 * fs.listDir for the browser-mode Open dialog: one directory of the machine `wirelite serve` runs on.
 * It refuses no directory (the token holder is the user), but a directory that cannot be read is a typed
 * 'io' error, and an entry that cannot be examined is still listed, with its error.
 */

/** Names that look like captures: pcap, pcapng and their usual aliases, optionally gzip-compressed. */
const CAPTURE_NAME = /\.(pcap|pcapng|cap|ntar|dmp|erf|snoop|trace)(\.gz)?$|\.gz$/i

export function isCaptureName(name: string): boolean {
  return CAPTURE_NAME.test(name)
}

/** More entries than this are counted in `truncated`, not listed (a page cannot show 100k rows usefully). */
export const MAX_DIR_ENTRIES = 5000

function errorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException
  switch (e?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'ENOENT':
      return 'does not exist (a broken link?)'
    case 'ELOOP':
      return 'too many symbolic links'
    default:
      return e?.message ?? String(err)
  }
}

function rank(e: DirEntry): number {
  return e.dir ? 0 : e.capture ? 1 : 2
}

export async function listDir(path: string, base: string): Promise<DirListing> {
  const dir = resolve(isAbsolute(path) ? path : resolve(base, path))
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (err) {
    const why = errorText(err)
    const code = (err as NodeJS.ErrnoException)?.code
    const hint =
      code === 'ENOTDIR'
        ? 'it is a file: open it instead, or pick its folder'
        : 'check the path, or choose another folder'
    throw new RequestError(`Cannot list ${dir}: ${why}; ${hint}.`, 'io', { reason: code ?? 'io' })
  }
  names.sort((a, b) => a.localeCompare(b))
  const truncated = Math.max(0, names.length - MAX_DIR_ENTRIES)
  if (truncated) names = names.slice(0, MAX_DIR_ENTRIES)
  const entries = await Promise.all(
    names.map(async (name): Promise<DirEntry> => {
      try {
        // stat (not lstat): a link to a folder is browsed like a folder, as in a native dialog.
        const st = await stat(resolve(dir, name))
        const isDir = st.isDirectory()
        return { name, dir: isDir, sizeBytes: isDir ? null : st.size, capture: !isDir && isCaptureName(name) }
      } catch (err) {
        return { name, dir: false, sizeBytes: null, capture: isCaptureName(name), error: errorText(err) }
      }
    }),
  )
  entries.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
  const root = parse(dir).root
  return { path: dir, parent: dir === root ? null : dirname(dir), entries, truncated }
}
