// Section "read": how fast wirelite gets through a big capture, next to tshark and tcpdump.
//   wirelite read --count FILE   vs   tshark -r FILE > /dev/null   vs   tcpdump -nn -r FILE > /dev/null
// plus `wirelite read FILE > /dev/null` (the same text as tcpdump: the like-for-like comparison with
// tcpdump) and the packet index's memory cost per packet (index-probe over the same file).
import { existsSync } from 'node:fs'
import { measure } from '../measure.mjs'
import { fmtMB, fmtRate, firstLine, missing, parseJson, row } from '../report.mjs'

export const readSection = {
  name: 'read',
  title: 'Reading a capture (1 pass over the file)',
  async run(ctx) {
    const { file, packets, node, cli, indexProbe } = ctx
    const rows = []

    const wl = await measure(node, [cli, 'read', '--count', file], { stdout: 'capture' })
    const counted = Number(/(\d+)/.exec(wl.stdout)?.[1] ?? NaN)
    rows.push(
      row(
        'wirelite read --count',
        wl,
        packets,
        wl.code !== 0
          ? firstLine(wl.stderr)
          : counted !== packets
            ? `counted ${counted}, expected ${packets}`
            : '',
      ),
    )
    const ts = existsSync('/usr/bin/tshark') ? await measure('/usr/bin/tshark', ['-r', file]) : null
    rows.push(
      ts ? row('tshark -r', ts, packets, ts.code !== 0 ? firstLine(ts.stderr) : '') : missing('tshark -r'),
    )
    const td = existsSync('/usr/bin/tcpdump') ? await measure('/usr/bin/tcpdump', ['-nn', '-r', file]) : null
    rows.push(
      td
        ? row('tcpdump -nn -r', td, packets, td.code !== 0 ? firstLine(td.stderr) : '')
        : missing('tcpdump -nn -r'),
    )

    const wlp = await measure(node, [cli, 'read', file])
    rows.push(row('wirelite read (prints)', wlp, packets, wlp.code !== 0 ? firstLine(wlp.stderr) : ''))

    const probe = await measure(node, [indexProbe, file], { stdout: 'capture' })
    const index = parseJson(probe.stdout) ?? { error: firstLine(probe.stderr) || `exit ${probe.code}` }

    const ok = (r) => r && r.code === 0
    const vsTshark = ok(wl) && ok(ts) ? wl.wallS / ts.wallS : null
    const vsTcpdump = ok(wl) && ok(td) ? wl.wallS / td.wallS : null
    const printVsTcpdump = ok(wlp) && ok(td) ? wlp.wallS / td.wallS : null
    const cpuVsTshark = ok(wl) && ok(ts) && wl.cpuS && ts.cpuS ? wl.cpuS / ts.cpuS : null
    return {
      rows,
      facts: [
        [
          'wirelite / tshark wall time',
          vsTshark === null ? 'n/a' : `${vsTshark.toFixed(3)}×`,
          'goal ≤ 0.1×',
          vsTshark !== null && vsTshark <= 0.1,
        ],
        [
          'wirelite / tshark CPU time',
          cpuVsTshark === null ? 'n/a' : `${cpuVsTshark.toFixed(3)}×`,
          'same goal; steadier when the machine is busy',
          cpuVsTshark === null ? null : cpuVsTshark <= 0.1,
        ],
        [
          'wirelite read / tcpdump, both printing',
          printVsTcpdump === null ? 'n/a' : `${printVsTcpdump.toFixed(2)}× wall`,
          '',
          null,
        ],
        [
          'wirelite --count / tcpdump wall time',
          vsTcpdump === null ? 'n/a' : `${vsTcpdump.toFixed(2)}×`,
          '',
          null,
        ],
        [
          'index bytes per packet',
          index.bytesPerPacket ? `${index.bytesPerPacket.toFixed(1)} B` : `n/a (${index.error})`,
          'goal ≤ 64 B',
          index.bytesPerPacket ? index.bytesPerPacket <= 64 : false,
        ],
        [
          'index build (engine, in-process)',
          index.seconds
            ? `${index.seconds.toFixed(2)} s, ${fmtRate(index.rows / index.seconds)} pkt/s, peak RSS ${fmtMB(probe.peakRssKB)}`
            : 'n/a',
          '',
          null,
        ],
      ],
      json: {
        wirelite: wl,
        wirelitePrint: wlp,
        tshark: ts,
        tcpdump: td,
        printVsTcpdump,
        index,
        vsTshark,
        vsTcpdump,
        cpuVsTshark,
      },
    }
  },
}
