import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker, type WorkerOptions } from 'node:worker_threads'

/**
 * The file of a worker thread's entry: the bundled `<bundled>` next to the calling module (out/cli/, built
 * by scripts/build-node.mjs), else the TypeScript `<source>` beside it when running from source under tsx.
 * `base` is the caller's import.meta.url.
 */
export function workerFile(base: string, bundled: string, source: string): string | null {
  for (const name of [bundled, source]) {
    const p = fileURLToPath(new URL(`./${name}`, base))
    if (existsSync(p)) return p
  }
  return null
}

/**
 * Starts a worker thread on `file`. A .ts entry (tests, `tsx`) cannot be loaded by the worker as is: the
 * thread first registers tsx's loader itself, then imports the entry.
 */
export function startWorker(file: string, options: WorkerOptions = {}): Worker {
  if (!file.endsWith('.ts')) return new Worker(file, options)
  const api = import.meta.resolve('tsx/esm/api')
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(file).href)}) })`
  return new Worker(boot, { ...options, eval: true })
}
