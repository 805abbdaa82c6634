import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PROJECT_FIXTURES_DIR } from '../support/corpus'
import { readCaptureFile } from '../../src/main/engine/readers/read-capture-file'
import { encodePcapng } from '../../src/main/engine/writers/pcapng-encode'
import { libpcapEndMessage } from '../../src/main/engine/readers/libpcap-compat'

/**
 * Cut captures short at chosen points and check wirelite's IncompleteTail reproduces tcpdump's
 * "truncated … dump file; tried to read N … bytes, only got M" and that both deliver the same number
 * of complete packets. tcpdump runs directly (temporary files: nothing to cache), ~30 runs.
 */
function tcpdump(file: string): {
  packets: number
  need: number | null
  have: number | null
  kind: string | null
  message: string | null
} {
  const r = spawnSync('tcpdump', ['-nn', '-q', '-r', file], {
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC' },
  })
  if (r.error) throw new Error('tcpdump is required for this test (apt-get install tcpdump)')
  const packets = r.stdout.split('\n').filter((l) => l !== '').length
  const m = /tried to read (\d+) (header |captured )?bytes, only got (\d+)/.exec(r.stderr)
  const message = /pcap_loop: (.*)/.exec(r.stderr)?.[1] ?? null
  return {
    packets,
    need: m ? Number(m[1]) : null,
    kind: m ? (m[2] ?? '').trim() || 'block' : null,
    have: m ? Number(m[3]) : null,
    message,
  }
}

describe('incomplete tails vs tcpdump', () => {
  it('reports the same need/have as libpcap for pcap and pcapng files cut anywhere', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wirelite-tails-'))
    try {
      const pcaps = ['loopback-pingpong.pcap', 'nano-be.pcap', 'sll2.pcap'].map((n) =>
        readFileSync(join(PROJECT_FIXTURES_DIR, n)),
      )
      const ng = encodePcapng({
        sections: [
          {
            interfaces: [{ linkType: 1, tsresol: 9 }],
            packets: [0, 1, 2, 3].map((i) => ({
              tsSec: 1_700_000_000 + i,
              data: new Uint8Array(60 + i * 10).fill(i),
              comment: i === 1 ? 'x' : undefined,
            })),
          },
        ],
      })
      const cases: Array<{ name: string; bytes: Uint8Array }> = []
      for (const [k, b] of pcaps.entries()) {
        const firstEnd =
          24 + 16 + new DataView(b.buffer, b.byteOffset).getUint32(24 + 8, b[0] === 0xd4 || b[0] === 0x4d)
        // Inside the first record header, inside its data, inside the second header, in the last record's data.
        for (const cut of [24 + 5, 24 + 16 + 10, firstEnd + 5, b.length - 1])
          cases.push({ name: `p${k}-${cut}.pcap`, bytes: b.subarray(0, cut) })
      }
      const shbLen = new DataView(ng.buffer).getUint32(4, true)
      const idbLen = new DataView(ng.buffer).getUint32(shbLen + 4, true)
      const first = shbLen + idbLen
      for (const cut of [first + 3, first + 8, first + 20, ng.length - 1])
        cases.push({ name: `ng-${cut}.pcapng`, bytes: ng.subarray(0, cut) })

      const bad: string[] = []
      for (const c of cases) {
        const path = join(dir, c.name)
        writeFileSync(path, c.bytes)
        const td = tcpdump(path)
        const s = await readCaptureFile(path, () => {})
        const t = s.incompleteTail
        const ours = t ? `${t.need}/${t.have}` : 'none'
        const theirs = td.need !== null ? `${td.need}/${td.have}` : 'none'
        if (s.frames !== td.packets || ours !== theirs)
          bad.push(
            `${c.name}: tcpdump ${td.packets} packets, ${theirs}; wirelite ${s.frames} frames, ${ours}`,
          )
        // The whole libpcap message, as tcpdump prints it after "pcap_loop: ".
        if (libpcapEndMessage(s) !== td.message)
          bad.push(
            `${c.name}: tcpdump says ${JSON.stringify(td.message)}, libpcapEndMessage ${JSON.stringify(libpcapEndMessage(s))}`,
          )
      }
      expect(cases.length).toBeGreaterThanOrEqual(16)
      expect(bad).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
