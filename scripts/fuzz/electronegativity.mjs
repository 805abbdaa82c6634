#!/usr/bin/env node
/**
 * Electron security scan (issue 7): @doyensec/electronegativity over the Electron sources, checked
 * against the reviewed findings in docs/electronegativity-review.json.
 *
 *   node scripts/fuzz/electronegativity.mjs [--json FILE]
 *
 * Exit 1 when a finding is not in the review file (a new, unreviewed finding: fix it in the code, or add
 * an entry with the reason it does not apply), or when the scanner could not parse a file. Reviewed
 * entries that no longer match anything are printed as "stale" (delete them) but do not fail the step.
 *
 * Offline and fast by design, so it can run in `npm test`:
 *  - the scanner fetches translations from S3 on start (1 s timeout, then "Could not retrieve updated
 *    translations"): `got` is replaced by a stub that fails at once, so the bundled en-US texts are used;
 *  - AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK downloads Electron's release list from GitHub: excluded (the
 *    Electron version is the lead's dependency policy, not something a source scan can decide offline);
 *  - the Electron version is the installed one (node_modules/electron), so the checks use its defaults
 *    instead of assuming Electron 0.1.0.
 *
 * A finding is identified by check id + file (relative to the project) + the trimmed text of the flagged
 * source line, not by line number: editing elsewhere in the file keeps the review valid, changing the
 * flagged line itself asks for a new review.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..')
export const REVIEW_FILE = join(ROOT, 'docs/electronegativity-review.json')

/**
 * What is scanned, as two apps: the TypeScript sources, and the built bundles (when `out/` exists). Each
 * app is scanned in one go because the global checks (navigation limits, permission handler, CSP) judge
 * the app as a whole: main's handlers cover the page of index.html. Unit tests are not shipped: skipped.
 */
export const SCAN_UNITS = {
  sources: ['src/main', 'src/preload', 'src/renderer/index.html'],
  built: ['out/main', 'out/preload', 'out/renderer'],
}

/** Checks that need the network. */
const OFFLINE_EXCLUDED = ['AvailableSecurityFixesGlobalCheck']

/** Makes the scanner's HTTP client fail immediately (no DNS lookup, no 1 s wait, nothing sent). */
function stubNetwork(require) {
  const gotPath = require.resolve('got', {
    paths: [dirname(require.resolve('@doyensec/electronegativity/package.json'))],
  })
  const refuse = () => Promise.reject(new Error('wirelite: electronegativity runs offline'))
  const stub = Object.assign(refuse, { default: refuse, get: refuse, stream: refuse })
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: stub }
}

/** Runs the scanner over every input that exists. Returns findings with stable keys. */
export async function scanElectron() {
  const require = createRequire(import.meta.url)
  stubNetwork(require)
  const electronVersion = JSON.parse(
    readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8'),
  ).version
  // The scanner prints its fallback-translation notice with console.log; keep the output ours.
  const log = console.log
  const run = require('@doyensec/electronegativity').default ?? require('@doyensec/electronegativity')
  const findings = []
  const errors = []
  const scanned = []
  let checks = 0
  const t0 = performance.now()
  for (const [unit, inputs] of Object.entries(SCAN_UNITS)) {
    const present = inputs.filter((p) => existsSync(join(ROOT, p)))
    if (present.length === 0) continue
    scanned.push(...present)
    // One directory holding the unit's files at their project paths (the scanner takes one input).
    const dir = mkdtempSync(join(tmpdir(), `wirelite-electronegativity-${unit}-`))
    const back = (f) => (f.startsWith(dir + sep) ? f.slice(dir.length + 1) : relative(ROOT, f))
    try {
      for (const p of present)
        cpSync(join(ROOT, p), join(dir, p), {
          recursive: true,
          filter: (f) => !/\.test\.[cm]?[jt]s$/.test(f),
        })
      // The source page is a template: the build writes the production CSP into it (electron.vite.config.ts).
      const page = join(dir, 'src/renderer/index.html')
      if (existsSync(page)) writeFileSync(page, await withProductionCsp(readFileSync(page, 'utf8')))
      console.log = () => {}
      let r
      try {
        r = await run(
          {
            input: dir,
            excludeFromScan: OFFLINE_EXCLUDED.map((c) => c.toLowerCase()),
            electronVersionOverride: electronVersion,
            isRelative: false,
            parserPlugins: [],
          },
          false,
        )
      } finally {
        console.log = log
      }
      checks = r.globalChecks + r.atomicChecks
      for (const e of r.errors)
        if (!e.tolerable) errors.push({ file: back(e.file).split(sep).join('/'), message: e.message })
      for (const i of r.issues) {
        const file = back(i.file).split(sep).join('/')
        findings.push({
          check: i.id,
          file,
          line: i.location.line,
          text: lineText(i.file, i.location.line),
          severity: i.severity.name,
          confidence: i.confidence.name,
          manualReview: Boolean(i.manualReview),
          description: String(i.description ?? ''),
        })
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return {
    electronVersion,
    checks,
    scanned,
    findings,
    errors,
    seconds: +((performance.now() - t0) / 1000).toFixed(1),
  }
}

/** Splits findings into reviewed (with their reason) and unreviewed; lists review entries that no longer match. */
export function compareWithReview(findings, review) {
  const key = (f) => `${f.check}\u0000${f.file}\u0000${f.text}`
  const byKey = new Map(review.map((r) => [key(r), r]))
  const used = new Set()
  const reviewed = []
  const unreviewed = []
  for (const f of findings) {
    const r = byKey.get(key(f))
    if (r) {
      used.add(key(r))
      reviewed.push({ ...f, reason: r.reason })
    } else unreviewed.push(f)
  }
  const stale = review.filter((r) => !used.has(key(r)))
  return { reviewed, unreviewed, stale }
}

export function readReview(file = REVIEW_FILE) {
  const doc = JSON.parse(readFileSync(file, 'utf8'))
  const entries = doc.reviewed ?? []
  for (const e of entries)
    if (!e.check || !e.file || typeof e.text !== 'string' || !e.reason?.trim())
      throw new Error(`${relative(ROOT, file)}: every entry needs check, file, text and a reason`)
  return entries
}

/** index.html with the CSP the build puts in, from the one policy in src/main/windows/security-policy.ts. */
async function withProductionCsp(html) {
  const { tsImport } = await import('tsx/esm/api')
  const policy = await tsImport(join(ROOT, 'src/main/windows/security-policy.ts'), import.meta.url)
  return html.replace('__WIRELITE_CSP__', policy.contentSecurityPolicy({ dev: false }))
}

function lineText(file, line) {
  try {
    if (!line) return ''
    return (readFileSync(file, 'utf8').split('\n')[line - 1] ?? '').trim().slice(0, 500)
  } catch {
    return ''
  }
}

/** The lines `npm test` and `npm run fuzz` print. */
export function summarize(scan, cmp) {
  const lines = [
    `electronegativity ${scan.checks} checks (Electron ${scan.electronVersion}) over ${scan.scanned.join(', ')}: ` +
      `${scan.findings.length} findings, ${cmp.reviewed.length} reviewed, ${cmp.unreviewed.length} unreviewed, ` +
      `${scan.errors.length} parse errors (${scan.seconds} s)`,
  ]
  for (const f of cmp.unreviewed)
    lines.push(
      `  UNREVIEWED ${f.check} ${f.severity}/${f.confidence} ${f.file}:${f.line}  ${f.text}\n` +
        `    ${f.description}\n` +
        `    fix it, or add {check, file, text, reason} to docs/electronegativity-review.json`,
    )
  for (const e of scan.errors) lines.push(`  PARSE ERROR ${e.file}: ${e.message}`)
  for (const s of cmp.stale)
    lines.push(`  stale review entry (no longer found; delete it): ${s.check} ${s.file}  ${s.text}`)
  return lines
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const scan = await scanElectron()
  const cmp = compareWithReview(scan.findings, readReview())
  console.log(summarize(scan, cmp).join('\n'))
  const i = process.argv.indexOf('--json')
  if (i > 0) writeFileSync(process.argv[i + 1], JSON.stringify({ ...scan, ...cmp }, null, 2) + '\n')
  process.exitCode = cmp.unreviewed.length > 0 || scan.errors.length > 0 ? 1 : 0
}
