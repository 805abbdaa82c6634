#!/usr/bin/env node
// postinstall, two jobs:
//
// 1. Link node_modules/.bin/wirelite -> bin/wirelite.js, so `npx wirelite` runs the project's CLI
//    directly. (package.json deliberately has no "bin": for a root package's own bin, npx installs the
//    project into its cache and runs `prepare` there, and one failed attempt leaves a broken cache entry
//    that makes every later `npx wirelite` fail with ENOENT.)
//
// 2. Build a second copy of `cap` (libpcap binding) for Electron's ABI.
//
// `npm install` builds cap against Node (the CLI uses that build; it must stay intact). The desktop app
// loads native code inside Electron, whose ABI differs, so we copy cap to
//   node_modules/.wirelite-electron/node_modules/cap
// and rebuild the copy there with @electron/rebuild. That needs Electron's headers from the internet and
// libpcap's headers on the machine: when either is missing this script WARNS and exits 0 — the install
// must not fail for an optional feature. Live capture in the app then reports that it is unavailable.
//
// Opt out with WIRELITE_SKIP_ELECTRON_REBUILD=1.
import { spawn } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const capDir = join(root, 'node_modules', 'cap')
const outRoot = join(root, 'node_modules', '.wirelite-electron')
const outCap = join(outRoot, 'node_modules', 'cap')
const stampFile = join(outRoot, 'built-for.json')
const REBUILD_TIMEOUT_MS = 5 * 60_000

const warn = (msg) => console.warn(`wirelite postinstall: ${msg}`)

linkCliBin()
await main().catch((err) => warn(`skipped the Electron build of cap (${err?.message ?? err}).`))
process.exit(0)

async function main() {
  if (process.env.WIRELITE_SKIP_ELECTRON_REBUILD === '1') return
  if (!existsSync(join(capDir, 'package.json'))) {
    return warn(
      'the optional dependency `cap` is not installed (it fails to build without libpcap headers: ' +
        '`apt-get install libpcap-dev`, then `npm install` again). Reading files works; live capture will ' +
        'be unavailable.',
    )
  }
  if (!existsSync('/usr/include/pcap.h') && !existsSync('/usr/include/pcap/pcap.h')) {
    return warn('libpcap headers are missing (`apt-get install libpcap-dev`): no Electron build of cap.')
  }
  const electronVersion = readJson(join(root, 'node_modules', 'electron', 'package.json'))?.version
  if (!electronVersion) return warn('electron is not installed: no Electron build of cap.')
  const capVersion = readJson(join(capDir, 'package.json'))?.version
  const stamp = readJson(stampFile)
  if (
    stamp?.electron === electronVersion &&
    stamp?.cap === capVersion &&
    existsSync(join(outCap, 'build', 'Release', 'cap.node'))
  ) {
    return // already built for these versions
  }

  if (!(await headersReachable(electronVersion))) {
    return warn(
      `Electron ${electronVersion} headers cannot be downloaded from here (offline?), so cap was not rebuilt ` +
        'for Electron. The CLI is unaffected; live capture in the desktop app will be unavailable until ' +
        '`node scripts/postinstall.mjs` runs with internet access.',
    )
  }

  rmSync(outRoot, { recursive: true, force: true })
  mkdirSync(join(outRoot, 'node_modules'), { recursive: true })
  writeFileSync(
    join(outRoot, 'package.json'),
    JSON.stringify(
      { name: 'wirelite-electron-native', private: true, dependencies: { cap: capVersion } },
      null,
      2,
    ),
  )
  // Copy the sources, not the Node build (it would be mistaken for an up-to-date Electron build).
  cpSync(capDir, outCap, { recursive: true, filter: (src) => !src.startsWith(join(capDir, 'build')) })

  const env = { ...process.env }
  // ~/.npmrc may point node-gyp at the local Node headers (nodedir): that would silently build for
  // Node's ABI instead of Electron's.
  for (const k of Object.keys(env)) if (/^npm_config_nodedir$/i.test(k)) delete env[k]
  const cli = join(root, 'node_modules', '@electron', 'rebuild', 'lib', 'cli.js')
  const args = [
    cli,
    '--version',
    electronVersion,
    '--module-dir',
    outRoot,
    '--only',
    'cap',
    '--force',
    '--build-from-source',
  ]
  console.log(
    `wirelite postinstall: building cap for Electron ${electronVersion} in node_modules/.wirelite-electron …`,
  )
  const code = await run(process.execPath, args, env, REBUILD_TIMEOUT_MS)
  if (code !== 0 || !existsSync(join(outCap, 'build', 'Release', 'cap.node'))) {
    rmSync(outRoot, { recursive: true, force: true })
    return warn(
      `@electron/rebuild failed (exit ${code}); live capture in the desktop app will be unavailable.`,
    )
  }
  writeFileSync(stampFile, JSON.stringify({ electron: electronVersion, cap: capVersion }) + '\n')
  console.log('wirelite postinstall: cap built for Electron.')
}

function linkCliBin() {
  try {
    const target = join(root, 'bin', 'wirelite.js')
    const binDir = join(root, 'node_modules', '.bin')
    const link = join(binDir, 'wirelite')
    mkdirSync(binDir, { recursive: true })
    rmSync(link, { force: true })
    symlinkSync(relative(binDir, target), link)
    chmodSync(target, 0o755)
  } catch (err) {
    warn(
      `could not link node_modules/.bin/wirelite (${err?.message ?? err}); run the CLI as \`node bin/wirelite.js\`.`,
    )
  }
}

/** A quick check (a few seconds) so an offline install does not sit in node-gyp's download retries. */
async function headersReachable(version) {
  if (existsSync(join(process.env.HOME ?? '', '.electron-gyp', version))) return true
  const base = process.env.ELECTRON_REBUILD_DIST_URL || 'https://www.electronjs.org/headers'
  try {
    const res = await fetch(`${base}/v${version}/SHASUMS256.txt`, {
      method: 'HEAD',
      signal: AbortSignal.timeout(8000),
    })
    return res.ok
  } catch {
    return false
  }
}

function run(cmd, args, env, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] })
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', () => resolve(-1))
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve(code ?? -1)
    })
  })
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}
