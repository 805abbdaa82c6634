#!/usr/bin/env node
/**
 * npm run fuzz [-- --quick] [-- --runs N --seed S --huge-packets N --ipc-runs N --no-corpus --json FILE --doc]
 * Prints the reliability figures (docs/reliability.md): corpus files and mutations tried, crashes,
 * hostile files, bytes per packet of a huge capture, the Electron security scan (electronegativity against
 * its reviewed findings) and the IPC fuzz. Exit 1 when any problem was found. `--doc` also rewrites the
 * generated blocks of docs/reliability.md from the run.
 * Builds the node CLI first when out/cli/wirelite.mjs is missing (the hostile-file runs spawn it).
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
if (!existsSync(join(root, 'out/cli/wirelite.mjs'))) {
  const b = spawnSync(process.execPath, [join(root, 'scripts/build-node.mjs')], {
    cwd: root,
    stdio: 'inherit',
  })
  if (b.status !== 0) process.exit(b.status ?? 1)
}
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', join(root, 'scripts/fuzz/run.ts'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
)
process.exit(r.status ?? 1)
