// Finds the Electron executable WITHOUT triggering a download. `require('electron')` downloads the binary
// synchronously and without a timeout when it is missing, which hangs offline; this reads the same
// files electron's index.js reads instead.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

function electronPackageDir() {
  try {
    return dirname(require.resolve('electron/package.json'))
  } catch {
    return null
  }
}

/** Absolute path of an existing Electron executable, or null. Honours ELECTRON_EXEC_PATH (electron-vite's). */
export function findElectronBinary() {
  const override = process.env.ELECTRON_EXEC_PATH
  if (override) return existsSync(override) ? override : null
  const dir = electronPackageDir()
  if (!dir) return null
  const pathFile = join(dir, 'path.txt')
  const distOverride = process.env.ELECTRON_OVERRIDE_DIST_PATH
  // path.txt is written by electron's installer once the binary is unpacked; without it there is none.
  if (!existsSync(pathFile) && !distOverride) return null
  const exe = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron'
  const full = join(distOverride || join(dir, 'dist'), exe)
  return existsSync(full) ? full : null
}

/**
 * Runs electron's own lazy installer once, bounded by `timeoutMs`. Resolves to the binary path or null,
 * with the installer's last error line (for the message shown to the user).
 */
export function tryDownloadElectron(timeoutMs = 30_000) {
  const dir = electronPackageDir()
  if (!dir) return Promise.resolve({ path: null, reason: 'the electron package is not installed' })
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(dir, 'install.js')], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const path = findElectronBinary()
      if (path) return resolve({ path, reason: null })
      const lastLine =
        stderr
          .split('\n')
          .map((l) => l.trim())
          .find((l) => /error|ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN|40\d/i.test(l)) ?? ''
      const reason = signal
        ? `the download did not finish within ${Math.round(timeoutMs / 1000)} s`
        : `the installer exited with code ${code}${lastLine ? `: ${lastLine}` : ''}`
      resolve({ path: null, reason })
    })
  })
}

/** Can a GUI window be shown at all? (Linux needs an X11 or Wayland display.) */
export function hasDisplay() {
  if (process.platform !== 'linux') return true
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
}
