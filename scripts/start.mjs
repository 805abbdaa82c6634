#!/usr/bin/env node
// `npm start`: the desktop app when Electron can run here, otherwise the renderer in browser mode.
//
//   node scripts/start.mjs [--browser] [--port N] [--no-build]
//
// --browser   skip Electron and serve the renderer on 127.0.0.1 (what e2e tests use)
// --port N    browser-mode port (default 5180; a busy port falls back to a free one)
// --no-build  serve/run what is already in out/
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { findElectronBinary, hasDisplay, tryDownloadElectron } from './lib/electron-binary.mjs'
import { serveStatic } from './lib/serve-static.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const argv = process.argv.slice(2)
const flag = (name) => argv.includes(name)
const portArg = argv.indexOf('--port')
const port = portArg >= 0 ? Number(argv[portArg + 1]) : Number(process.env.PORT || 5180)
const electronVite = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')

if (!flag('--browser')) {
  const why = await electronUnavailableReason()
  if (why === null) {
    await runElectron()
  } else {
    await runBrowserMode(why)
  }
} else {
  await runBrowserMode(null)
}

/** null when Electron can be started, otherwise the reason it cannot (one sentence). */
async function electronUnavailableReason() {
  let bin = findElectronBinary()
  if (!bin) {
    console.log(
      'wirelite: the Electron binary is not installed yet; trying to download it once (30 s at most)…',
    )
    const got = await tryDownloadElectron(30_000)
    if (!got.path) return `The Electron binary is not installed and could not be downloaded (${got.reason}).`
    bin = got.path
  }
  process.env.ELECTRON_EXEC_PATH = bin
  if (!hasDisplay())
    return 'Electron is installed, but there is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set).'
  return null
}

function runElectron() {
  const args = [electronVite, 'preview']
  if (flag('--no-build')) args.push('--skipBuild')
  // Chromium refuses to start as root unless its OS sandbox is off. The renderer's own isolation
  // (contextIsolation, no Node, sandboxed preload API) is unchanged; running as a normal user is better.
  if (process.getuid?.() === 0) {
    console.log("wirelite: running as root, so Chromium's OS sandbox is disabled (--no-sandbox).")
    args.push('--noSandbox')
  }
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' })
  return new Promise(() => {
    child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
  })
}

async function runBrowserMode(why) {
  if (!flag('--no-build')) {
    const r = spawnSync(process.execPath, [electronVite, 'build', '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
    })
    if (r.status !== 0) process.exit(r.status ?? 1)
  }
  const dir = join(root, 'out', 'renderer')
  const index = join(dir, 'index.html')
  if (!existsSync(index)) {
    console.error('wirelite: out/renderer/index.html is missing. Run `npm run build` first.')
    process.exit(1)
  }
  // The CSP is defined once (src/main/windows/security-policy.ts) and baked into the built page's meta
  // tag; send the same policy as a header, plus what only a header can carry.
  const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(readFileSync(index, 'utf8'))
  const csp = (meta?.[1] ?? "default-src 'self'") + "; frame-ancestors 'none'"

  let server
  try {
    server = await serveStatic(dir, { port, csp })
  } catch (err) {
    if (err?.code !== 'EADDRINUSE' || portArg >= 0) throw err
    server = await serveStatic(dir, { port: 0, csp })
  }
  console.log(`wirelite (browser mode): ${server.url}`)
  if (why) {
    console.log(
      `\n${why} So wirelite is running in browser mode instead: open the address above in a browser. ` +
        'For now browser mode shows the built interface only (no backend: opening captures arrives with ' +
        '`wirelite serve`); the CLI works fully (`npx wirelite --help`). To get the desktop window, install ' +
        'Electron where it can be downloaded (`npx install-electron`) on a machine with a display.\n',
    )
  }
  console.log('Press Ctrl+C to stop.')
  const stop = () => server.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
