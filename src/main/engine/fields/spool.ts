import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'

export interface Spooled {
  /** A regular file holding the capture (the given path when it already was one). */
  path: string
  /** Removes the temporary copy, if one was made. */
  cleanup(): void
}

/**
 * Commands that read a capture twice (analysis pass, then output pass) need a regular file. Standard
 * input (`-`), pipes and character devices are copied once into a temporary file; regular files (and
 * paths that do not exist, so the reader reports them in its own words) are used as they are.
 */
export async function spoolIfNotRegular(path: string): Promise<Spooled> {
  if (path !== '-') {
    let regular = true
    try {
      regular = statSync(path).isFile() || statSync(path).isDirectory()
    } catch {
      // missing / unreadable: let the reader say so
    }
    if (regular) return { path, cleanup: () => {} }
  }
  const dir = mkdtempSync(join(tmpdir(), 'wirelite-spool-'))
  const copy = join(dir, 'capture')
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true })
  try {
    const src = path === '-' ? process.stdin : createReadStream(path)
    await pipeline(src, createWriteStream(copy))
  } catch (err) {
    cleanup()
    throw err
  }
  return { path: copy, cleanup }
}
