// Bundles the parts of wirelite that run under plain Node (the CLI, the engine worker) with esbuild.
// Runs on `npm install` (prepare) so `npx wirelite --help` works straight after a fresh clone.
import { build } from 'esbuild'
import { readFileSync } from 'node:fs'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

await build({
  // The engine worker sits next to the CLI (out/cli/engine-worker.mjs): `wirelite serve` runs the engine in it.
  entryPoints: {
    'cli/wirelite': 'src/cli/entry.ts',
    'cli/engine-worker': 'src/main/engine/service/worker-entry.ts',
    'cli/capture-helper': 'src/main/capture/helper-entry.ts',
  },
  outdir: 'out',
  outExtension: { '.js': '.mjs' },
  bundle: true,
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
