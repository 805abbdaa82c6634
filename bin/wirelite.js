#!/usr/bin/env node
// Thin launcher: the CLI is bundled to out/cli/wirelite.mjs by `npm install` (prepare) / `npm run build:node`.
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { dirname, join } from 'node:path'

const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'cli', 'wirelite.mjs')
if (!existsSync(bundle)) {
  process.stderr.write(
    'wirelite: the CLI is not built yet. Run `npm install` (or `npm run build:node`) in the project.\n',
  )
  process.exit(1)
}
await import(pathToFileURL(bundle).href)
