#!/usr/bin/env node
// `npm run bench`: wirelite against the reference tools on one generated capture, in one run.
//
//   node scripts/bench.mjs [--packets N] [--file FILE] [--only SECTION,...] [--json OUT]
//
// The capture is generated once by ../shared/tools/make-bench-pcap.py and reused from bench/data/
// (git-ignored). Each measurement is a fresh process, timed wall-clock, with its peak RSS.
//
// Sections live in scripts/bench/sections/ and all have the same shape:
//   { name, title, async run(ctx) -> { rows: [{ tool, wallS, cpuS, pps, peakRssKB, code, note }],
//                                      facts: [[label, value, goal, met: boolean | null]], json } }
// Later issues add theirs to SECTIONS (TCP analysis vs `tshark -q -z conv,tcp`, GUI timings, …).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { readSection } from './bench/sections/read.mjs'
import { fmtMB, fmtRate } from './bench/report.mjs'
import { tcpSection } from './bench/sections/tcp.mjs'
import { guiSection } from './bench/sections/gui.mjs'
import { captureSection } from './bench/sections/capture.mjs'

const SECTIONS = [readSection, tcpSection, captureSection, guiSection]

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const argv = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : dflt
}
const packets = Number(opt('--packets', 1_000_000))
const only = opt('--only', null)?.split(',')
const dataDir = join(root, 'bench', 'data')
const file = resolve(
  opt('--file', join(dataDir, `bench-${packets >= 1e6 ? `${packets / 1e6}m` : `${packets / 1e3}k`}.pcap`)),
)

mkdirSync(dataDir, { recursive: true })
ensureCapture()
const cli = ensureCli()
const indexProbe = await buildProbe('index-probe')
const tcpProbe = await buildProbe('tcp-probe')

const ctx = { root, file, packets, node: process.execPath, cli, indexProbe, tcpProbe }
const size = statSync(file).size
console.log(
  `wirelite bench — ${relative(root, file)}: ${packets.toLocaleString('en')} packets, ${(size / 1e6).toFixed(0)} MB`,
)
const os = await import('node:os')
const rssVia = existsSync('/usr/bin/time') ? 'GNU time' : '/proc VmHWM polling'
console.log(
  `node ${process.version}, ${os.cpus().length} CPU(s), load average ${os.loadavg()[0].toFixed(1)}; ` +
    `peak RSS via ${rssVia}\n(on a busy machine wall times include waiting for a core; cpu = user + sys does not)\n`,
)

const report = {
  file: relative(root, file),
  packets,
  bytes: size,
  when: new Date().toISOString(),
  sections: {},
}
for (const section of SECTIONS) {
  if (only && !only.includes(section.name)) continue
  console.log(`## ${section.title}`)
  const result = await section.run(ctx)
  printTable(result.rows)
  printFacts(result.facts)
  report.sections[section.name] = result.json
  console.log('')
}
const jsonOut = opt('--json', join(dataDir, 'last-run.json'))
writeFileSync(jsonOut, JSON.stringify(report, null, 1) + '\n')
console.log(`(raw numbers: ${relative(root, jsonOut)})`)

function ensureCapture() {
  if (existsSync(file)) return
  if (opt('--file', null)) fail(`${file} does not exist`)
  const gen = join(root, '..', 'shared', 'tools', 'make-bench-pcap.py')
  if (!existsSync(gen))
    fail(`the capture generator ${gen} is missing (../shared must sit beside the project)`)
  console.log(`generating ${relative(root, file)} (${packets} packets, once; reused afterwards)…`)
  const r = spawnSync('python3', [gen, file, '--packets', String(packets), '--snaplen', '128'], {
    stdio: 'inherit',
  })
  if (r.status !== 0) fail('make-bench-pcap.py failed')
}

function ensureCli() {
  const bundle = join(root, 'out', 'cli', 'wirelite.mjs')
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-node.mjs')], {
    cwd: root,
    stdio: 'inherit',
  })
  if (r.status !== 0 || !existsSync(bundle)) fail('building the CLI (scripts/build-node.mjs) failed')
  return bundle
}

/** Bundles scripts/bench/NAME.ts (an in-process measurement of the engine) to out/bench/NAME.mjs. */
async function buildProbe(name) {
  const out = join(root, 'out', 'bench', `${name}.mjs`)
  await build({
    entryPoints: [join(root, 'scripts', 'bench', `${name}.ts`)],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: ['cap', 'electron'],
    logLevel: 'warning',
  })
  return out
}

function printTable(rows) {
  const cells = rows.map((r) => [
    r.tool,
    r.wallS === null ? '—' : `${r.wallS.toFixed(2)} s`,
    r.cpuS === null || r.cpuS === undefined ? '—' : `${r.cpuS.toFixed(2)} s`,
    r.pps ? `${fmtRate(r.pps)} pkt/s` : '—',
    fmtMB(r.peakRssKB),
    r.code === 0
      ? r.note
        ? `⚠ ${r.note}`
        : ''
      : r.code === null
        ? r.note
        : `FAILED (exit ${r.code}) ${r.note}`,
  ])
  const head = ['tool', 'wall', 'cpu', 'rate (wall)', 'peak RSS', '']
  const last = head.length - 1
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)))
  const line = (c) =>
    '  ' +
    c
      .map((x, i) => (i === 0 || i === last ? x.padEnd(widths[i]) : x.padStart(widths[i])))
      .join('  ')
      .trimEnd()
  console.log(line(head))
  for (const c of cells) console.log(line(c))
}

function printFacts(facts) {
  for (const [label, value, goal, met] of facts) {
    const mark = met === null ? '' : met ? '  ✓ met' : '  ✗ not met'
    console.log(`  ${label}: ${value}${goal ? `   (${goal})` : ''}${mark}`)
  }
}

function fail(msg) {
  console.error(`bench: ${msg}`)
  process.exit(1)
}
