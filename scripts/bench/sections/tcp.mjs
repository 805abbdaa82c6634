// Section "tcp": the full TCP analysis (streams, relative numbers, analysis flags, endpoint states) next to
// `tshark -r FILE -q -z conv,tcp`, which has to do its TCP analysis to print the conversation table; and
// following the largest stream once the analysis exists (the app's "Follow TCP stream" click).
import { existsSync } from 'node:fs'
import { measure } from '../measure.mjs'
import { firstLine, missing, parseJson, row } from '../report.mjs'

export const tcpSection = {
  name: 'tcp',
  title: 'TCP analysis (streams + flags + states) and follow stream',
  async run(ctx) {
    const { file, packets, node, cli, tcpProbe } = ctx
    const rows = []
    const probe = await measure(node, [tcpProbe, file], { stdout: 'capture' })
    const p = parseJson(probe.stdout)
    rows.push(row('wirelite: index + analysis + states', probe, packets, p ? '' : firstLine(probe.stderr)))
    const conv = await measure(node, [cli, 'conv', file])
    rows.push(row('wirelite conv (table)', conv, packets, conv.code !== 0 ? firstLine(conv.stderr) : ''))
    const ts = existsSync('/usr/bin/tshark')
      ? await measure('/usr/bin/tshark', ['-r', file, '-q', '-z', 'conv,tcp'])
      : null
    rows.push(ts ? row('tshark -q -z conv,tcp', ts, packets, '') : missing('tshark -q -z conv,tcp'))

    const ok = (r) => r && r.code === 0
    const vsTshark = p && ok(probe) && ok(ts) ? probe.wallS / ts.wallS : null
    const convVsTshark = ok(conv) && ok(ts) ? conv.wallS / ts.wallS : null
    return {
      rows,
      facts: [
        [
          'full TCP analysis / tshark conv,tcp (wall)',
          vsTshark === null ? 'n/a' : `${vsTshark.toFixed(3)}×`,
          'goal ≤ 0.2×',
          vsTshark === null ? false : vsTshark <= 0.2,
        ],
        [
          'wirelite conv / tshark conv,tcp (wall)',
          convVsTshark === null ? 'n/a' : `${convVsTshark.toFixed(3)}×`,
          '',
          null,
        ],
        [
          'steps in the probe',
          p
            ? `index ${p.indexS.toFixed(2)} s, ` +
              (p.statesFused
                ? `analysis with the endpoint states in the same pass ${p.analyzeS.toFixed(2)} s `
                : `analysis ${p.analyzeS.toFixed(2)} s, states ${p.statesS.toFixed(2)} s `) +
              `(${p.streams} streams, ${p.transitions} state transitions)`
            : 'n/a',
          '',
          null,
        ],
        [
          'follow the largest stream',
          p && p.largestStream >= 0
            ? `${p.followMs.toFixed(1)} ms (stream ${p.largestStream}, ${p.largestStreamRows} packets, ${p.followBytes} bytes)`
            : 'n/a',
          'goal ≤ 300 ms',
          p && p.largestStream >= 0 ? p.followMs <= 300 : false,
        ],
      ],
      json: { probe: p, probeRun: probe, conv, tshark: ts, vsTshark, convVsTshark },
    }
  },
}
