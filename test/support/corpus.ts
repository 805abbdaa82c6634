import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** ../shared beside the project root; corpus tests say loudly when it is missing instead of passing. */
export const SHARED_DIR = resolve(__dirname, '../../../shared')
export const CAPTURES_DIR = join(SHARED_DIR, 'captures')
export const PROJECT_FIXTURES_DIR = resolve(__dirname, '../fixtures')

export function sharedAvailable(): boolean {
  return existsSync(CAPTURES_DIR)
}

export function requireShared(): void {
  if (!sharedAvailable()) {
    throw new Error(
      `The shared capture corpus is missing: expected ${CAPTURES_DIR}. Clone the project next to shared/ ` +
        `(CI does), or run only the unit tests with "npx vitest run src".`,
    )
  }
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name)
    const st = statSync(p)
    if (st.isDirectory()) walk(p, out)
    else if (/\.(pcap|pcapng|cap|pcap\.gz|pcapng\.gz|ntar|dmp|gz|trace)$/i.test(name) || /\.pcap/i.test(name))
      out.push(p)
  }
}

/** Every capture file of the shared corpus (tcpdump-tests and real), sorted, plus the project's own fixtures. */
export function corpusFiles(opts: { includeFixtures?: boolean } = {}): string[] {
  const out: string[] = []
  if (sharedAvailable()) walk(CAPTURES_DIR, out)
  if (opts.includeFixtures !== false && existsSync(PROJECT_FIXTURES_DIR)) walk(PROJECT_FIXTURES_DIR, out)
  return out
}
