#!/usr/bin/env node
// `npm start`: the desktop app when Electron can run here, otherwise the renderer in browser mode.
//
//   node scripts/start.mjs [--browser] [--port N] [--no-build]
//
// --browser   skip Electron: browser mode (`wirelite serve`: UI + engine on 127.0.0.1, token-guarded)
// --port N    browser-mode port (default: a free port)
// --no-build  serve/run what is already in out/
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { findElectronBinary, hasDisplay, tryDownloadElectron } from './lib/electron-binary.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const argv = process.argv.slice(2)
const flag = (name) => argv.includes(name)
const portArg = argv.indexOf('--port')
const port = portArg >= 0 ? Number(argv[portArg + 1]) : Number(process.env.PORT || 0)
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
    for (const args of [
      [electronVite, 'build', '--logLevel', 'warn'],
      [join(root, 'scripts', 'build-node.mjs')],
    ]) {
      const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' })
      if (r.status !== 0) process.exit(r.status ?? 1)
    }
  }
  const cli = join(root, 'out', 'cli', 'wirelite.mjs')
  if (!existsSync(join(root, 'out', 'renderer', 'index.html')) || !existsSync(cli)) {
    console.error('wirelite: the build is missing (out/renderer, out/cli). Run `npm run build` first.')
    process.exit(1)
  }
  if (why) {
    console.log(
      `\n${why} So wirelite runs in browser mode instead (\`wirelite serve\`): open the address printed ` +
        'below in a browser; it is the same interface and engine, on 127.0.0.1 only, guarded by the token in ' +
        'the URL. To get the desktop window, install Electron where it can be downloaded ' +
        '(`npx install-electron`) on a machine with a display.\n',
    )
  }
  // `wirelite serve` prints the URL as its first line; a busy default port falls back to a free one.
  const serveArgs = [cli, 'serve', ...(portArg >= 0 || process.env.PORT ? ['--port', String(port)] : [])]
  const child = spawn(process.execPath, serveArgs, { cwd: root, stdio: 'inherit' })
  const forward = (sig) => () => child.kill(sig)
  process.on('SIGINT', forward('SIGINT'))
  process.on('SIGTERM', forward('SIGTERM'))
  return new Promise(() => {
    child.on('close', (code, signal) => process.exit(code ?? (signal ? 0 : 1)))
  })
}
