// Section "capture": live capture on loopback (needs root). A flood of small TCP segments at increasing
// target rates, captured at once by the wirelite capture helper and by tcpdump: packets each captured,
// the helper's CPU and peak RSS, and the error of wirelite's arrival timestamps against tcpdump's kernel
// timestamps for the same packets. The measurement is src/main/capture/bench-capture.ts, bundled here.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { firstLine, parseJson } from '../report.mjs'

const RATES = [20_000, 50_000, 100_000, 200_000]
const SECONDS = 3

export const captureSection = {
  name: 'capture',
  title: 'Live capture on lo: wirelite helper vs tcpdump (small TCP segments)',
  async run(ctx) {
    const { root, node, cli } = ctx
    const skip = (why) => ({
      rows: [
        {
          tool: 'wirelite capture helper',
          wallS: null,
          cpuS: null,
          pps: null,
          peakRssKB: null,
          code: null,
          note: why,
        },
      ],
      facts: [],
      json: { skipped: why },
    })
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
    // The helper as shipped: out/cli/capture-helper.mjs, built with the CLI.
    const helper = join(cli, '..', 'capture-helper.mjs')
    const r = spawnSync(
      node,
      [probe, '--probe', '--json', '--helper', helper, '--seconds', String(SECONDS), ...RATES.map(String)],
      { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24, timeout: 10 * 60_000 },
    )
    const results = r.status === 0 ? parseJson(r.stdout.trim().split('\n').pop() ?? '') : null
    if (!results) return skip(`the capture probe failed: ${firstLine(r.stderr)}`)

    const rows = []
    for (const x of results) {
      const k = `${x.targetPps / 1000}k`
      rows.push({
        tool: `tcpdump @ ${k}/s target`,
        wallS: x.elapsedS,
        cpuS: null,
        pps: x.wirePps,
        peakRssKB: null,
        code: 0,
        note: x.tcpdumpKernelDrops ? `${x.tcpdumpKernelDrops} kernel drops` : '',
      })
      rows.push({
        tool: `wirelite @ ${k}/s target`,
        wallS: x.elapsedS,
        cpuS: null,
        pps: x.wirelite / x.elapsedS,
        peakRssKB: x.helperPeakRssMiB * 1024,
        code: 0,
        note:
          `${(100 * x.ratio).toFixed(1)} % of tcpdump, helper CPU ${x.helperCpuPct} %, ` +
          `ts err p50 ${us(x.tsErrP50Us)} p99 ${us(x.tsErrP99Us)}`,
      })
    }
    // The goal counts runs whose traffic really reached 100k packets/s (the sender may fall short).
    const fast = results.filter((x) => x.wirePps >= 100_000)
    const worstFast = fast.length ? Math.min(...fast.map((x) => x.ratio)) : null
    const maxSent = Math.max(...results.map((x) => x.wirePps))
    const p99 = Math.max(...results.map((x) => x.tsErrP99Us ?? Infinity))
    const p50 = Math.max(...results.map((x) => x.tsErrP50Us ?? Infinity))
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
          'timestamp error vs kernel (worst run)',
          `p50 ${us(p50)}, p99 ${us(p99)}`,
          'goal p99 ≤ 1 ms',
          p99 <= 1000,
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
      json: { results },
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
