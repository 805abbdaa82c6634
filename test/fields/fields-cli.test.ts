import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main'
import { encodePcap } from '../../src/main/engine/writers/pcap-encode'
import { ether, fixL4Checksum4, hex, ipv4, tcp } from '../../src/shared/decode/test-packets'

function sink(): { stream: Writable; text: () => string } {
  const parts: string[] = []
  const stream = new Writable({
    write(chunk, _enc, cb) {
      parts.push(String(chunk))
      cb()
    },
  })
  return { stream, text: () => parts.join('') }
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = sink()
  const err = sink()
  const code = await main(args, { stdout: out.stream, stderr: err.stream })
  return { code, out: out.text(), err: err.text() }
}

const dir = mkdtempSync(join(tmpdir(), 'wirelite-fields-'))
const SYN_OPTS = hex('020405b4 0402 080a 00000064 00000000 01 030307')
const syn = ether(0x0800, fixL4Checksum4(ipv4(tcp(undefined, { options: SYN_OPTS }))), [{ id: 5 }, { id: 7 }])
const bad = ether(0x0800, ipv4(tcp(), { ihl: 3 }))
const capture = join(dir, 'c.pcap')
writeFileSync(
  capture,
  encodePcap({ linkType: 1, nano: true }, [
    { tsSec: 1700000000, tsNsec: 123456000, data: syn },
    { tsSec: 1700000001, tsNsec: 5, data: bad },
    { tsSec: 1700000002, tsNsec: 0, data: syn },
  ]),
)

describe('wirelite fields', () => {
  it('prints one JSON object per frame with Wireshark field names and types', async () => {
    const { code, out } = await run(['fields', capture])
    expect(code).toBe(0)
    const rows = out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(rows).toHaveLength(3)
    expect(rows[0]).toMatchObject({
      'frame.number': 1,
      'frame.time_epoch': '1700000000.123456000',
      'frame.len': syn.length,
      'eth.src': '66:77:88:99:aa:bb',
      'vlan.id': [5, 7],
      'ip.src': '10.0.0.1',
      'ip.id': 0x1234,
      'ip.proto': 6,
      'tcp.flags': '0x0002',
      'tcp.hdr_len': 40,
      'tcp.len': 0,
      'tcp.options.mss_val': 1460,
      'tcp.options.wscale.shift': 7,
      'tcp.options.sack_perm': 1,
      'tcp.options.timestamp.tsval': 100,
      _issues: [],
    })
    expect(rows[0]).not.toHaveProperty('frame.interface_id') // pcap: no interface blocks, as tshark
    expect(rows[0]).not.toHaveProperty('udp.srcport')
    expect(rows[1]!['frame.time_epoch']).toBe('1700000001.000000005')
    expect(rows[1]!['_issues']).toEqual(['malformed'])
    expect(rows[1]).not.toHaveProperty('tcp.srcport')
  })
  it('-c COUNT stops early', async () => {
    const { code, out } = await run(['fields', '-c', '2', capture])
    expect(code).toBe(0)
    expect(out.trimEnd().split('\n')).toHaveLength(2)
  })
  it('fails with one line for a file that is not a capture, and for bad options', async () => {
    const text = join(dir, 'notes.txt')
    writeFileSync(text, 'hello, this is not a capture file\n')
    const r = await run(['fields', text])
    expect(r.code).not.toBe(0)
    expect(r.out).toBe('')
    expect(r.err.trimEnd().split('\n')).toHaveLength(1)
    expect((await run(['fields', join(dir, 'missing.pcap')])).code).not.toBe(0)
    expect((await run(['fields', '-c', 'x', capture])).code).toBe(2)
    expect((await run(['fields'])).code).toBe(2)
  })
})
