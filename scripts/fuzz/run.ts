/**
 * `npm run fuzz` (scripts/fuzz.mjs runs this with tsx): the figures of docs/reliability.md.
 *
 *  1. corpus: every capture of ../shared/captures through the engine and every CLI command in-process
 *  2. mutations: hostile variations of valid captures (test/hardening/support/hostile.ts), and mutated
 *     small corpus files, through the same pipeline
 *  3. hostile files: empty, directory, text, no permission (as user nobody), sparse 20 GB files, through
 *     the built CLI (out/cli/wirelite.mjs) with a time and memory watchdog
 *  4. huge file: a generated N-packet capture indexed in a child process: bytes per packet
 *  5. Electron security: electronegativity over the sources and bundles, against the reviewed findings
 *     (scripts/fuzz/electronegativity.mjs, docs/electronegativity-review.json)
 *  6. IPC fuzz: the IPC, preload and browser-mode shell fuzz tests (src/main/ipc/ipc-fuzz.test.ts,
 *     src/preload/preload-surface.test.ts, test/hardening/bridge-shell-fuzz.test.ts) with more runs per
 *     channel, in a vitest child
 *
 * Options: --quick (a corpus sample and fewer mutations), --runs N, --seed S, --huge-packets N (0 skips),
 * --ipc-runs N (per channel), --no-corpus, --json FILE (write the figures as JSON too), --doc (rewrite the
 * generated parts of docs/reliability.md from this run).
 */
import { spawn, spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  chmodSync,
  openSync,
  writeSync,
  closeSync,
  ftruncateSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
// test/support/corpus.ts locates ../shared with __dirname (vitest provides it); give it the same here.
;(globalThis as { __dirname?: string }).__dirname = join(ROOT, 'test/support')
const { corpusFiles } = await import('../../test/support/corpus')
const { runPipeline } = await import('../../test/hardening/support/pipeline')
const { applyMutation, buildCase, containerArb, hostileCaseArb, mutationArb } =
  await import('../../test/hardening/support/hostile')
type Problem = import('../../test/hardening/support/pipeline').Problem

const argv = process.argv.slice(2)
const opt = (name: string, dflt: number): number => {
  const i = argv.indexOf(name)
  return i >= 0 ? Number(argv[i + 1]) : dflt
}
const quick = argv.includes('--quick')
const SEED = opt('--seed', 0x5eed_0007)
const RUNS = opt('--runs', quick ? 200 : 1000)
const HUGE = opt('--huge-packets', quick ? 1_000_000 : 3_000_000)
const IPC_RUNS = opt('--ipc-runs', quick ? 40 : 200)
const jsonOut = argv.includes('--json') ? argv[argv.indexOf('--json') + 1] : undefined
const writeDoc = argv.includes('--doc')
const CLI = join(ROOT, 'out/cli/wirelite.mjs')

const problems: Problem[] = []
const figures: Record<string, unknown> = { seed: SEED, quick }
const log = (s: string): void => void process.stderr.write(s + '\n')
const work = mkdtempSync(join(tmpdir(), 'wirelite-fuzz-'))

// ---------- 1. corpus ----------
if (!argv.includes('--no-corpus')) {
  let files = corpusFiles()
  if (quick) files = files.filter((_, i) => i % 10 === 0)
  const t0 = performance.now()
  let commands = 0
  let slowest = { file: '', ms: 0 }
  const exits: Record<string, number> = {}
  for (const f of files) {
    const t = performance.now()
    const r = await runPipeline(f, 3)
    const ms = performance.now() - t
    if (ms > slowest.ms) slowest = { file: f, ms: Math.round(ms) }
    commands += r.outcomes.length + 1
    for (const o of r.outcomes) {
      const k = `${o.argv[0]}${o.argv[1] === '-v' ? ' -v' : ''} exit ${o.code}`
      exits[k] = (exits[k] ?? 0) + 1
    }
    problems.push(...r.problems)
  }
  figures.corpus = {
    files: files.length,
    commands,
    exits,
    seconds: +((performance.now() - t0) / 1000).toFixed(1),
    slowest,
  }
  log(`corpus: ${files.length} files, ${commands} engine+CLI runs, ${problems.length} problems`)
}

// ---------- 2. mutations ----------
{
  const t0 = performance.now()
  const before = problems.length
  const path = join(work, 'mutant.cap')
  let n = 0
  for (const c of fc.sample(hostileCaseArb, { seed: SEED, numRuns: RUNS })) {
    writeFileSync(path, buildCase(c))
    const r = await runPipeline(path, 2)
    for (const p of r.problems) problems.push({ ...p, file: `generated ${JSON.stringify(c)}` })
    n++
  }
  const pool = corpusFiles().filter((f) => {
    const s = statSync(f).size
    return s > 200 && s < 40_000 && !f.endsWith('.gz')
  })
  const corpusRuns = Math.round(RUNS / 2)
  const arb = fc.tuple(
    fc.nat({ max: pool.length - 1 }),
    containerArb,
    fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
  )
  for (const [i, container, muts] of fc.sample(arb, { seed: SEED + 1, numRuns: corpusRuns })) {
    let b: Uint8Array = readFileSync(pool[i]!)
    for (const m of muts) b = applyMutation(container, b, m)
    writeFileSync(path, b)
    const r = await runPipeline(path, 2)
    for (const p of r.problems)
      problems.push({ ...p, file: `${pool[i]} mutated ${container} ${JSON.stringify(muts)}` })
    n++
  }
  figures.mutations = {
    cases: n,
    generated: RUNS,
    mutatedCorpusFiles: corpusRuns,
    problems: problems.length - before,
    seconds: +((performance.now() - t0) / 1000).toFixed(1),
  }
  log(`mutations: ${n} cases, ${problems.length - before} problems`)
}

// ---------- 3. hostile files through the built CLI ----------
interface Spawned {
  code: number | null
  signal: string | null
  stderrFirst: string
  stderrLines: number
  stdoutBytes: number
  ms: number
  peakRssMb: number
  killedBy: 'time' | 'memory' | null
}

/** Run a command; kill it past `timeoutMs` or `maxRssMb` (polled from /proc), report what happened. */
function watch(
  cmd: string,
  args: string[],
  timeoutMs: number,
  maxRssMb: number,
  asUser?: string,
): Promise<Spawned> {
  return new Promise((resolveP) => {
    const full = asUser ? (['runuser', ['-u', asUser, '--', cmd, ...args]] as const) : ([cmd, args] as const)
    const t0 = performance.now()
    const child = spawn(full[0], full[1], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    let stdoutBytes = 0
    let peak = 0
    let killedBy: Spawned['killedBy'] = null
    child.stdout.on('data', (d: Buffer) => (stdoutBytes += d.length))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const poll = setInterval(() => {
      try {
        // the node process is the child itself, or runuser's only child
        let pid = child.pid!
        if (asUser) {
          const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)
          if (kids[0]) pid = Number(kids[0])
        }
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
        if (m) peak = Math.max(peak, Number(m[1]) / 1024)
      } catch {
        /* exited between polls */
      }
      const ms = performance.now() - t0
      if (!killedBy && (ms > timeoutMs || peak > maxRssMb)) {
        killedBy = ms > timeoutMs ? 'time' : 'memory'
        child.kill('SIGKILL')
      }
    }, 100)
    child.on('close', (code, signal) => {
      clearInterval(poll)
      const lines = stderr.split('\n').filter(Boolean)
      resolveP({
        code,
        signal,
        stderrFirst: lines[0] ?? '',
        stderrLines: lines.length,
        stdoutBytes,
        ms: Math.round(performance.now() - t0),
        peakRssMb: Math.round(peak),
        killedBy,
      })
    })
  })
}

if (existsSync(CLI)) {
  const dir = join(work, 'hostile')
  mkdirSync(dir)
  const f = (n: string): string => join(dir, n)
  writeFileSync(f('empty.pcap'), new Uint8Array(0))
  mkdirSync(f('a-directory.pcap'))
  writeFileSync(f('text.pcap'), 'GET / HTTP/1.1\r\nHost: example\r\n\r\n')
  const valid = buildCase({ container: 'pcap', hostile: [], mutations: [] })
  writeFileSync(f('no-permission.pcap'), valid)
  chmodSync(f('no-permission.pcap'), 0o000)
  chmodSync(dir, 0o755)
  chmodSync(work, 0o755)
  // A capture still being written: the last record is cut in the middle.
  writeFileSync(f('growing.pcap'), valid.subarray(0, valid.length - 7))
  // Sparse 20 GB files: a valid file header, then zeros (a preallocated or damaged file). No disk used.
  const sparse = (name: string, head: Uint8Array): void => {
    const fd = openSync(f(name), 'w')
    writeSync(fd, head)
    ftruncateSync(fd, 20 * 2 ** 30)
    closeSync(fd)
  }
  sparse('sparse-20g.pcap', valid.subarray(0, 24 + 16 + 66)) // header + first record, then zeros
  const ng = buildCase({ container: 'pcapng', hostile: [], mutations: [] })
  sparse('sparse-20g.pcapng', ng.subarray(0, 200))
  // pcap record claiming a 4 GiB packet
  const lie = valid.slice(0, 24 + 16 + 200)
  new DataView(lie.buffer).setUint32(24 + 8, 0xffffffff, true)
  writeFileSync(f('caplen-4g.pcap'), lie)
  // gzip bomb: a pcap header, then 1 GiB of zeros in 64 gzip members (~1 MB on disk)
  const member = gzipSync(new Uint8Array(1 << 24), { level: 9 })
  writeFileSync(
    f('bomb.pcap.gz'),
    Buffer.concat([gzipSync(valid.subarray(0, 24)), ...Array.from({ length: 64 }, () => member)]),
  )

  const cases: Array<[string, string[], string?]> = [
    ['empty file', ['read', f('empty.pcap')]],
    ['directory', ['read', f('a-directory.pcap')]],
    ['text file', ['read', f('text.pcap')]],
    ['missing file', ['read', f('missing.pcap')]],
    ['mode 000 (as root: readable)', ['read', f('no-permission.pcap')]],
    ['mode 000 as user nobody', ['conv', f('no-permission.pcap')], 'nobody'],
    ['cut mid-record: read', ['read', f('growing.pcap')]],
    ['cut mid-record: conv', ['conv', f('growing.pcap')]],
    ['caplen 0xffffffff: read', ['read', f('caplen-4g.pcap')]],
    ['caplen 0xffffffff: conv', ['conv', f('caplen-4g.pcap')]],
    ['sparse 20 GB pcapng: conv', ['conv', f('sparse-20g.pcapng')]],
    ['sparse 20 GB pcap: read -c 1000', ['read', '-c', '1000', f('sparse-20g.pcap')]],
    ['sparse 20 GB pcap: conv', ['conv', f('sparse-20g.pcap')]],
    ['gzip bomb (1 GiB of zeros): conv', ['conv', f('bomb.pcap.gz')]],
  ]
  const rows: Record<string, Spawned> = {}
  const asRoot = process.getuid?.() === 0
  for (const [name, args, user] of cases) {
    if (user && !asRoot) continue
    const r = await watch(process.execPath, [CLI, ...args], 20_000, 1024, user)
    rows[name] = r
    const bad =
      r.killedBy !== null ||
      r.signal !== null ||
      (r.code !== 0 && (r.stderrLines !== 1 || !r.stderrFirst.startsWith('wirelite:'))) ||
      /internal error/.test(r.stderrFirst)
    if (bad)
      problems.push({ file: args[args.length - 1]!, argv: args, what: `${name}: ${JSON.stringify(r)}` })
    log(
      `hostile: ${name}: exit ${r.code}${r.killedBy ? ` KILLED (${r.killedBy})` : ''} ${r.ms} ms ${r.peakRssMb} MB ${r.stderrFirst}`,
    )
  }
  figures.hostileFiles = rows
} else {
  log(`hostile files skipped: ${CLI} missing (run: node scripts/build-node.mjs)`)
}

// ---------- 4. huge file ----------
if (HUGE > 0) {
  const path = join(tmpdir(), `wirelite-fuzz-huge-${HUGE}.pcap`)
  if (!existsSync(path)) {
    log(`generating ${path} (${HUGE} packets) with make-bench-pcap.py …`)
    const gen = resolve(ROOT, '../shared/tools/make-bench-pcap.py')
    // snaplen 128 keeps the file small in /tmp; the index does not depend on payload sizes
    const r = await watch(
      'python3',
      [gen, path, '--packets', String(HUGE), '--snaplen', '128'],
      30 * 60_000,
      4096,
    )
    if (r.code !== 0) log(`generation failed: ${r.stderrFirst}`)
  }
  if (existsSync(path)) {
    const out = await new Promise<string>((res) => {
      let s = ''
      const c = spawn(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', join(ROOT, 'scripts/fuzz/measure-index.ts'), path, '--tcp'],
        {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      )
      c.stdout.on('data', (d: Buffer) => (s += d.toString()))
      c.on('close', () => res(s))
    })
    try {
      figures.huge = JSON.parse(out)
    } catch {
      problems.push({ file: path, argv: ['measure-index'], what: `no result: ${out.slice(0, 300)}` })
    }
  }
}

// ---------- 5. Electron security scan ----------
type Finding = { check: string; file: string; line: number; severity: string; confidence: string }
type Reviewed = Finding & { reason: string }
{
  const sec = (await import(new URL('./electronegativity.mjs', import.meta.url).href)) as {
    scanElectron(): Promise<{
      electronVersion: string
      checks: number
      scanned: string[]
      findings: Finding[]
      errors: Array<{ file: string; message: string }>
      seconds: number
    }>
    compareWithReview(
      f: Finding[],
      review: unknown[],
    ): { reviewed: Reviewed[]; unreviewed: Finding[]; stale: Array<{ check: string; file: string }> }
    readReview(): unknown[]
    summarize(scan: unknown, cmp: unknown): string[]
  }
  const scan = await sec.scanElectron()
  const cmp = sec.compareWithReview(scan.findings, sec.readReview())
  for (const l of sec.summarize(scan, cmp)) log(l)
  for (const f of cmp.unreviewed)
    problems.push({ file: `${f.file}:${f.line}`, argv: ['electronegativity'], what: `unreviewed ${f.check}` })
  for (const e of scan.errors)
    problems.push({ file: e.file, argv: ['electronegativity'], what: `parse error: ${e.message}` })
  figures.electronegativity = {
    ...scan,
    reviewed: cmp.reviewed,
    unreviewed: cmp.unreviewed,
    stale: cmp.stale,
  }
}

// ---------- 6. IPC fuzz (vitest child: the tests need a fake electron module) ----------
{
  const report = join(work, 'ipc-report.json')
  const vitestJson = join(work, 'ipc-vitest.json')
  const t0 = performance.now()
  const code = await new Promise<number | null>((res) => {
    const c = spawn(
      join(ROOT, 'node_modules/.bin/vitest'),
      [
        'run',
        'src/main/ipc/ipc-fuzz.test.ts',
        'src/preload/preload-surface.test.ts',
        'test/hardening/bridge-shell-fuzz.test.ts',
        '--reporter=json',
        `--outputFile.json=${vitestJson}`,
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          FUZZ_SEED: String(SEED),
          FUZZ_IPC_RUNS: String(IPC_RUNS),
          FUZZ_IPC_REPORT: report,
        },
      },
    )
    c.on('close', res)
  })
  const seconds = +((performance.now() - t0) / 1000).toFixed(1)
  let tests = { passed: 0, failed: 0 }
  try {
    const v = JSON.parse(readFileSync(vitestJson, 'utf8')) as {
      numPassedTests: number
      numFailedTests: number
      testResults: Array<{
        assertionResults: Array<{ status: string; fullName: string; failureMessages: string[] }>
      }>
    }
    tests = { passed: v.numPassedTests, failed: v.numFailedTests }
    for (const f of v.testResults)
      for (const a of f.assertionResults)
        if (a.status === 'failed')
          problems.push({
            file: a.fullName,
            argv: ['ipc-fuzz'],
            what: (a.failureMessages[0] ?? '').slice(0, 600),
          })
  } catch {
    problems.push({
      file: 'src/main/ipc/ipc-fuzz.test.ts',
      argv: ['ipc-fuzz'],
      what: `vitest exit ${code}, no report`,
    })
  }
  let ipc: Record<string, unknown> = {}
  try {
    ipc = JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown>
  } catch {
    /* counted as a problem above when the run failed */
  }
  figures.ipcFuzz = { ...ipc, tests, seconds }
  log(`ipc fuzz: ${JSON.stringify(figures.ipcFuzz)}`)
}

rmSync(work, { recursive: true, force: true })
figures.problems = problems.length

// ---------- report ----------
function hostileSummary(): string {
  const rows = Object.values((figures.hostileFiles as Record<string, Spawned> | undefined) ?? {})
  if (rows.length === 0) return '0'
  const slowest = Math.max(...rows.map((r) => r.ms))
  const peak = Math.max(...rows.map((r) => r.peakRssMb))
  return `${rows.length} (built CLI; slowest answer ${slowest} ms, largest peak RSS ${peak} MB)`
}

const c = figures.corpus as { files: number; commands: number; seconds: number } | undefined
const m = figures.mutations as { cases: number; seconds: number }
const h = figures.huge as Record<string, number> | undefined
const mb = (n: number): string => (n / 2 ** 20).toFixed(0) + ' MB'
const lines = [
  'wirelite fuzz figures',
  c
    ? `  corpus files tried            ${c.files} (${c.commands} engine + CLI runs, ${c.seconds} s)`
    : '  corpus                        skipped',
  ...(c
    ? [
        `  corpus exit codes             ${Object.entries(
          (figures.corpus as { exits: Record<string, number> }).exits,
        )
          .sort()
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ')}`,
      ]
    : []),
  `  mutations tried               ${m.cases} (seed ${SEED} = 0x${SEED.toString(16)}, ${m.seconds} s)`,
  `  hostile files tried           ${hostileSummary()}`,
  `  crashes / hangs / bad errors  ${problems.length}`,
]
if (h)
  lines.push(
    `  huge file                     ${h.rows} packets, ${mb(h.fileBytes)}, indexed in ${(h.indexMs / 1000).toFixed(1)} s, TCP analysis ${(h.tcpMs / 1000).toFixed(1)} s`,
    `  index bytes per packet        ${h.indexBytesPerPacket.toFixed(1)} (PacketIndex.byteSize)`,
    `  RSS bytes per packet          ${h.rssBytesPerPacketAfterIndex.toFixed(1)} after index, ${h.rssBytesPerPacketAfterTcp.toFixed(1)} after TCP analysis, peak ${h.peakRssBytesPerPacket.toFixed(1)} (peak RSS ${mb(h.peakRss)})`,
  )
const sec = figures.electronegativity as
  | {
      checks: number
      electronVersion: string
      findings: Finding[]
      reviewed: Reviewed[]
      unreviewed: Finding[]
    }
  | undefined
if (sec) {
  const byCheck = new Map<string, number>()
  for (const f of sec.findings) byCheck.set(f.check, (byCheck.get(f.check) ?? 0) + 1)
  lines.push(
    `  electronegativity             ${sec.checks} checks (Electron ${sec.electronVersion}): ${sec.findings.length} findings, ${sec.reviewed.length} reviewed as not applying, ${sec.unreviewed.length} unreviewed` +
      (byCheck.size ? ` (${[...byCheck].map(([k, v]) => `${k} ×${v}`).join(', ')})` : ''),
  )
}
const ipc = figures.ipcFuzz as
  | {
      channels?: number
      calls?: number
      runsPerChannel?: number
      untrustedSenders?: number
      untrustedCalls?: number
      outcomes?: Record<string, number>
      tests: { passed: number; failed: number }
      seconds: number
    }
  | undefined
if (ipc)
  lines.push(
    `  IPC fuzz                      ${ipc.channels ?? '?'} channels, ${ipc.calls ?? '?'} calls with hostile arguments (≤ ${ipc.runsPerChannel ?? '?'} per channel), answers ${Object.entries(
      ipc.outcomes ?? {},
    )
      .sort()
      .map(([k, v]) => `${k}: ${v}`)
      .join(
        ', ',
      )}; ${ipc.untrustedCalls ?? '?'} calls from ${ipc.untrustedSenders ?? '?'} kinds of foreign sender, all refused; ${ipc.tests.passed} tests passed, ${ipc.tests.failed} failed (${ipc.seconds} s)`,
  )
for (const p of problems)
  lines.push(`  PROBLEM ${p.argv.join(' ')} :: ${p.file.slice(0, 300)} :: ${p.what.slice(0, 600)}`)
process.stdout.write(lines.join('\n') + '\n')
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(figures, null, 2) + '\n')
if (writeDoc) updateDoc(lines, sec?.reviewed ?? [])

/**
 * Rewrites the generated blocks of docs/reliability.md (between `<!-- fuzz:NAME -->` and
 * `<!-- /fuzz:NAME -->`): the printed figures, and the table of reviewed electronegativity findings.
 */
function updateDoc(printed: string[], reviewed: Reviewed[]): void {
  const doc = join(ROOT, 'docs/reliability.md')
  let text = readFileSync(doc, 'utf8')
  const put = (name: string, body: string): void => {
    const re = new RegExp(`(<!-- fuzz:${name} -->\\n)[\\s\\S]*?(<!-- /fuzz:${name} -->)`)
    if (!re.test(text)) throw new Error(`docs/reliability.md has no <!-- fuzz:${name} --> block`)
    text = text.replace(re, (_m, a: string, b: string) => `${a}${body}${b}`)
  }
  const date = new Date().toISOString().slice(0, 10)
  put(
    'figures',
    `\`npm run fuzz${argv.length ? ` -- ${argv.join(' ')}` : ''}\` on ${date}:\n\n\`\`\`\n${printed.join('\n')}\n\`\`\`\n`,
  )
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
  put(
    'electronegativity',
    reviewed.length === 0
      ? 'No findings.\n'
      : [
          '| Check | Where | Severity / confidence | Why it does not apply |',
          '| --- | --- | --- | --- |',
          ...reviewed.map(
            (r) =>
              `| ${r.check} | \`${r.file}${r.line ? `:${r.line}` : ''}\` | ${r.severity} / ${r.confidence} | ${cell(r.reason)} |`,
          ),
          '',
        ].join('\n'),
  )
  if (h) {
    const mbOf = (perPacket: number): string => mb(perPacket * h.rows)
    put(
      'bytes',
      [
        `| | bytes per packet | for ${h.rows} packets |`,
        '| --- | --- | --- |',
        `| \`PacketIndex\` columns (\`byteSize\`: typed-array columns of 65 536-row chunks, address table, SYN options) | ${h.indexBytesPerPacket.toFixed(1)} | ${mbOf(h.indexBytesPerPacket)} |`,
        `| process RSS growth after \`buildIndex\` (after GC) | ${h.rssBytesPerPacketAfterIndex.toFixed(1)} | ${mbOf(h.rssBytesPerPacketAfterIndex)} |`,
        `| process RSS growth after \`analyzeTcp\` too (per-row stream, relative seq/ack, flags, RTT, bytes in flight) | ${h.rssBytesPerPacketAfterTcp.toFixed(1)} | ${mbOf(h.rssBytesPerPacketAfterTcp)} |`,
        `| peak RSS (whole process, node included) | | ${mb(h.peakRss)} |`,
        '',
      ].join('\n'),
    )
  }
  writeFileSync(doc, text)
  // The tree is kept Prettier-clean (npm test checks it): format the generated tables the same way.
  spawnSync(join(ROOT, 'node_modules/.bin/prettier'), ['--write', doc], { cwd: ROOT, stdio: 'ignore' })
  log(`docs/reliability.md: generated blocks rewritten`)
}
process.exitCode = problems.length ? 1 : 0
