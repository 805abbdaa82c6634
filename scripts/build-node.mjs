// Bundles the parts of wirelite that run under plain Node (the CLI, the engine worker) with esbuild.
// Runs on `npm install` (prepare) so `npx wirelite --help` works straight after a fresh clone.
import { build } from 'esbuild'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

const result = await build({
  // The engine worker sits next to the CLI (out/cli/engine-worker.mjs): `wirelite serve` runs the engine in it.
  entryPoints: {
    'cli/wirelite': 'src/cli/entry.ts',
    'cli/engine-worker': 'src/main/engine/service/worker-entry.ts',
    'cli/capture-helper': 'src/main/capture/helper-entry.ts',
    'cli/spool-writer': 'src/main/capture/spool-writer-worker.ts',
  },
  outdir: 'out',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  // Code splitting: the CLI imports each command when it runs (src/cli/main.ts), so a command loads only
  // its own chunk and the shared engine chunks. Chunks sit beside the entry points in out/cli/, so the
  // import.meta.url-relative paths (engine-worker.mjs, capture-helper.mjs, ../renderer) stay valid.
  splitting: true,
  chunkNames: 'cli/chunk-[hash]',
  metafile: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  // Native / optional modules are loaded at run time, never bundled.
  external: ['cap', 'electron', 'ws', 'bufferutil', 'utf-8-validate'],
  define: { __WIRELITE_VERSION__: JSON.stringify(pkg.version) },
  banner: {
    js: "import { createRequire as __wlCreateRequire } from 'node:module'; const require = __wlCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
})

// Chunks of earlier builds (other hashes) are dead weight: remove those this build did not write.
const written = new Set(Object.keys(result.metafile.outputs).map((p) => p.replace(/\.map$/, '')))
for (const f of readdirSync('out/cli')) {
  if (!/^chunk-.*\.mjs(\.map)?$/.test(f)) continue
  if (!written.has(join('out', 'cli', f).replace(/\.map$/, '')))
    rmSync(join('out', 'cli', f), { force: true })
}
