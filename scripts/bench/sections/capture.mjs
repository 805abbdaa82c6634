// Section "capture": live capture on loopback (needs root). A flood of small TCP segments at increasing
// target rates, captured at once by the wirelite capture helper and by tcpdump: packets each captured,
// the helper's CPU and peak RSS, and the error of wirelite's arrival timestamps against tcpdump's kernel
// timestamps for the same packets. The measurement is src/main/capture/bench-capture.ts, bundled here.
/* global requestAnimationFrame, document */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { connect } from 'node:net'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { firstLine, parseJson, skipped, stealMeter, summarize, withinFrameGoal } from '../report.mjs'

const RATES = [20_000, 50_000, 100_000, 200_000]
const SECONDS = 3
/** Runs per rate at most: a run disturbed by the host (VM steal ≥ QUIET_STEAL_PCT) is repeated. */
const ATTEMPTS = 3
/** GUI while capturing: this rate for GUI_SECONDS, frame times measured in the page meanwhile. */
const GUI_PPS = 10_000
const GUI_SECONDS = 5

export const captureSection = {
  name: 'capture',
  title: 'Live capture on lo: wirelite helper vs tcpdump (small TCP segments)',
  async run(ctx) {
    const { root, node, cli } = ctx
    const skip = (why) => skipped('wirelite capture helper', why)
    if (process.getuid?.() !== 0) return skip('skipped: capturing on lo needs root (run the bench as root)')
    if (!existsSync('/usr/bin/tcpdump')) return skip('skipped: /usr/bin/tcpdump is not installed')
    const probe = join(root, 'out', 'bench', 'capture-probe.mjs')
    await build({
      entryPoints: [join(root, 'src', 'main', 'capture', 'bench-capture.ts')],
      outfile: probe,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      external: ['cap', 'electron'],
      banner: {
        js: "import { createRequire as __wlCreateRequire } from 'node:module'; const require = __wlCreateRequire(import.meta.url);",
      },
      logLevel: 'warning',
    })
    // The probe's own threshold for a run the host disturbed (importing it runs nothing: no --probe here).
    const { QUIET_STEAL_PCT } = await import(pathToFileURL(probe).href)
    // The helper as shipped: out/cli/capture-helper.mjs, built with the CLI.
    const helper = join(cli, '..', 'capture-helper.mjs')
    const r = spawnSync(
      node,
      [
        probe,
        '--probe',
        '--json',
        '--helper',
        helper,
        '--seconds',
        String(SECONDS),
        '--attempts',
        String(ATTEMPTS),
        ...RATES.map(String),
      ],
      { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24, timeout: 10 * 60_000 },
    )
    const results = r.status === 0 ? parseJson(r.stdout.trim().split('\n').pop() ?? '') : null
    if (!results) return skip(`the capture probe failed: ${firstLine(r.stderr)}`)

    const gui = await guiWhileCapturing(ctx, probe).catch((err) => ({ error: String(err?.message ?? err) }))

    const rows = []
    const latency = gui.error || !gui.latencies?.length ? null : summarize(gui.latencies)
    const stealText = (x) =>
      (x.stealPct === null ? '' : `, VM steal ${x.stealPct.toFixed(1)} %`) +
      (x.stealBurstMs ? ` (≤ ${x.stealBurstMs} ms of a vCPU per 100 ms)` : '')
    for (const x of results) {
      const k = `${x.targetPps / 1000}k`
      const run = x.attempt > 1 ? ` (run ${x.attempt})` : ''
      rows.push({
        tool: `tcpdump @ ${k}/s target${run}`,
        wallS: x.elapsedS,
        cpuS: null,
        pps: x.wirePps,
        peakRssKB: null,
        code: 0,
        note: x.tcpdumpKernelDrops ? `${x.tcpdumpKernelDrops} kernel drops` : '',
      })
      rows.push({
        tool: `wirelite @ ${k}/s target${run}`,
        wallS: x.elapsedS,
        cpuS: null,
        pps: x.wirelite / x.elapsedS,
        peakRssKB: x.helperPeakRssMiB * 1024,
        code: 0,
        note:
          `${(100 * x.ratio).toFixed(1)} % of tcpdump, helper CPU ${x.helperCpuPct} %, ` +
          `ts err p50 ${us(x.tsErrP50Us)} p99 ${us(x.tsErrP99Us)}` +
          stealText(x),
      })
    }
    // The goal counts runs whose traffic really reached 100k packets/s (the sender may fall short).
    const fast = results.filter((x) => x.wirePps >= 100_000)
    const worstFast = fast.length ? Math.min(...fast.map((x) => x.ratio)) : null
    const maxSent = Math.max(...results.map((x) => x.wirePps))
    // Timestamp error: judged per rate on its least-disturbed run (lowest VM steal: chosen by the host's
    // disturbance, never by the error itself); the worst run of all is shown next to it.
    const byRate = new Map()
    for (const x of results) {
      const best = byRate.get(x.targetPps)
      if (!best || (x.stealPct ?? 0) < (best.stealPct ?? 0)) byRate.set(x.targetPps, x)
    }
    const chosen = [...byRate.values()]
    const quiet = chosen.every((x) => x.stealPct === null || x.stealPct < QUIET_STEAL_PCT)
    const worstOf = (xs, key) => Math.max(...xs.map((x) => x[key] ?? Infinity))
    const p99 = worstOf(chosen, 'tsErrP99Us')
    const p50 = worstOf(chosen, 'tsErrP50Us')
    const worst = results.reduce((a, x) => ((x.tsErrP99Us ?? Infinity) > (a.tsErrP99Us ?? Infinity) ? x : a))
    return {
      rows,
      facts: [
        [
          'packets captured / tcpdump at ≥ 100k pkt/s',
          worstFast === null
            ? `not reached: the sender peaked at ${maxSent} pkt/s on this machine`
            : `${(100 * worstFast).toFixed(1)} % (worst of ${fast.length} run(s))`,
          'goal ≥ 95 %',
          worstFast === null ? null : worstFast >= 0.95,
        ],
        [
          'packets captured / tcpdump, all rates',
          results.map((x) => `${x.wirePps} pkt/s: ${(100 * x.ratio).toFixed(1)} %`).join('; '),
          '',
          null,
        ],
        [
          "timestamp error vs kernel (each rate's least-disturbed run)",
          `p50 ${us(p50)}, p99 ${us(p99)}; ` +
            chosen.map((x) => `${x.targetPps / 1000}k: p99 ${us(x.tsErrP99Us)}${stealText(x)}`).join('; ') +
            `. Worst run: p99 ${us(worst.tsErrP99Us)} at ${worst.targetPps / 1000}k${stealText(worst)}` +
            (quiet
              ? ''
              : `. Some rate had no run with VM steal < ${QUIET_STEAL_PCT} %: the host disturbed it`),
          'goal p99 ≤ 1 ms',
          p99 <= 1000,
        ],
        [
          `GUI frame time while capturing ${GUI_PPS / 1000}k pkt/s (rows arriving, list following)`,
          gui.error
            ? `n/a (${gui.error})`
            : `p50 ${gui.p50.toFixed(1)} ms, p95 ${gui.p95.toFixed(1)} ms, max ${gui.max.toFixed(0)} ms over ${gui.frames} frames; ` +
              `${gui.packets} packets captured, sender ${gui.sent}` +
              (gui.stealPct === null ? '' : `; VM steal ${gui.stealPct.toFixed(1)} %`),
          'goal p95 ≤ 16.7 ms',
          gui.error ? null : withinFrameGoal(gui.p95, 16.7),
        ],
        [
          'packet on the wire → its row painted (while following the list)',
          latency
            ? `p50 ${latency.p50.toFixed(0)} ms, p95 ${latency.p95.toFixed(0)} ms, max ${latency.max.toFixed(0)} ms over ${latency.n} packets`
            : 'n/a',
          'goal ≤ 100 ms',
          latency ? latency.p95 <= 100 : null,
        ],
        [
          'helper',
          results
            .map((x) => `${x.wirePps} pkt/s: CPU ${x.helperCpuPct} %, RSS ${x.helperPeakRssMiB} MiB`)
            .join('; '),
          '',
          null,
        ],
      ],
      json: { results, gui },
    }
  },
}

function us(x) {
  return x === null || x === undefined || !Number.isFinite(x)
    ? 'n/a'
    : x >= 1000
      ? `${(x / 1000).toFixed(2)} ms`
      : `${x.toFixed(0)} µs`
}

/**
 * The app in browser mode (`wirelite serve` + Chromium, like the gui section): Capture ▸ Interfaces…,
 * lo, a filter on a fresh port, Start; then GUI_PPS small TCP segments per second for GUI_SECONDS while the
 * page records requestAnimationFrame intervals (rows arrive, the list follows the newest row).
 */
async function guiWhileCapturing(ctx, probe) {
  const { root, node, cli } = ctx
  const chromiumPath = process.env.WIRELITE_CHROMIUM || '/usr/bin/chromium'
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) throw new Error('renderer not built')
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} not installed`)
  const { chromium } = await import('@playwright/test')
  const server = spawn(node, [cli, 'serve'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
  let browser = null
  try {
    const url = await new Promise((resolve, reject) => {
      let out = ''
      server.stdout.on('data', (d) => {
        out += d
        if (out.includes('\n')) resolve(out.split('\n')[0])
      })
      server.on('exit', (c) => reject(new Error(`wirelite serve exited (${c})`)))
    })
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    })
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(url)
    await page.getByTestId('app-name').waitFor()
    await page.locator('body').click({ position: { x: 1, y: 1 } })
    await page.keyboard.press('Control+k')
    await page.locator('[data-testid="capture-interfaces"] [data-iface="lo"]').click({ timeout: 30_000 })
    const port = 20000 + Math.floor(Math.random() * 30000)
    await page.getByTestId('capture-filter').fill(`tcp port ${port}`)
    await page.waitForSelector('[data-testid="capture-filter-message"][data-state="valid"]', {
      timeout: 30_000,
    })
    await page.getByTestId('capture-start').click()
    await page.getByTestId('capture-bar').waitFor()
    const tx = spawn(node, [probe, '--probe', '--send', String(port), String(GUI_PPS), String(GUI_SECONDS)], {
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    const sent = new Promise((resolve) => {
      let out = ''
      tx.stdout.on('data', (d) => (out += d))
      tx.on('exit', () => resolve(out.trim().split(' ')[0]))
    })
    await new Promise((r) => setTimeout(r, 500))
    const stolen = stealMeter()
    const deltas = await page.evaluate(
      async (ms) => {
        // requestAnimationFrame's own timestamps (each frame's start): reading performance.now() after
        // the await adds the promise's scheduling jitter, which alone puts an idle page's p95 near 18 ms.
        const frame = () => new Promise((r) => requestAnimationFrame(r))
        const out = []
        let prev = await frame()
        const end = prev + ms
        while (prev < end) {
          const now = await frame()
          out.push(now - prev)
          prev = now
        }
        return out
      },
      (GUI_SECONDS - 1) * 1000,
    )
    const stealPct = stolen()
    const sentCount = await sent
    // The count once it settles (all sent, or no change for a second): what the capture got, not where
    // the counter happened to be.
    const count = async () =>
      Number(await page.getByTestId('capture-packets').first().getAttribute('data-count'))
    let packets = await count()
    for (let still = 0; packets < Number(sentCount) && still < 10;) {
      await new Promise((r) => setTimeout(r, 100))
      const now = await count()
      still = now === packets ? still + 1 : 0
      packets = now
    }
    const latencies = await rowLatencies(page, port)
    await page.getByTestId('capture-bar-stop').click()
    await page.getByTestId('capture-bar-discard').click()
    const { p50, p95, max, n } = summarize(deltas)
    return {
      frames: n,
      p50,
      p95,
      max,
      packets,
      sent: sentCount,
      latencies,
      stealPct,
    }
  } finally {
    await browser?.close()
    server.kill('SIGTERM')
  }
}

/**
 * Packet on the wire → its row painted in the list, LATENCY_PROBES times: a SYN to the captured port
 * (nothing listens: the kernel answers RST), sent while the page watches, at each frame, for the row of
 * the next frame number to show its texts. Both clocks are this machine's wall clock.
 */
const LATENCY_PROBES = 20
async function rowLatencies(page, port) {
  const out = []
  for (let i = 0; i < LATENCY_PROBES; i++) {
    // Rows the list has (its aria-rowcount moves with every batch; the status counter is throttled).
    const shown = Number(await page.getByTestId('packet-scroller').getAttribute('aria-rowcount'))
    const painted = page.evaluate(async (frameNo) => {
      const deadline = performance.now() + 5000
      for (;;) {
        const ts = await new Promise((r) => requestAnimationFrame(r))
        const row = document.querySelector(`[data-testid="packet-row"][data-frame="${frameNo}"]`)
        if (row && row.textContent.trim() !== '') return performance.timeOrigin + ts
        if (ts > deadline) return null
      }
    }, shown + 1)
    await new Promise((r) => setTimeout(r, 30))
    const t0 = Date.now()
    const sock = connect({ host: '127.0.0.1', port })
    sock.on('error', () => {})
    const at = await painted
    sock.destroy()
    if (at !== null) out.push(at - t0)
    await new Promise((r) => setTimeout(r, 150))
  }
  return out
}
