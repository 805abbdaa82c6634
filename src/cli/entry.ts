import { main } from './main'

// Process entry for the bundled CLI (out/cli/wirelite.mjs). Kept apart from main() so tests can call main().
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0)
})
main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    process.stderr.write(`wirelite: internal error: ${String(err)}\n`)
    process.exitCode = 70
  },
)
