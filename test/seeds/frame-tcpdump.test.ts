import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EngineService } from '../../src/main/engine/service/engine-service'
import { CAPTURES_DIR, requireShared } from '../support/corpus'
import { sameTcpText } from '../tcpdump/conformance-lib'
import { isTcpPacketText, runTcpdumpPackets } from '../tcpdump/tcpdump-oracle'
import { FIXTURES, splitPackets, wirelite } from './seed-text'

process.env.TZ = 'UTC'

/**
 * frame.tcpdump answers one frame at a time (random access: the base segment of tcpdump's relative
 * numbering + the frame). It must print exactly what a pass over the whole file prints for that frame
 * (`wirelite read`), and that must be tcpdump's line.
 */
const CORPUS = [
  'real/arkime/wireshark-retrans.pcap', // 4 connections on the same ports: SYN/ACKs re-base the numbers
  'real/arkime/v6.pcap', // IPv6, crossing FINs
  'real/dpkt/http.pcap',
  'real/packets/activeosfingerprinting.pcapng', // nmap probes: odd options, URG, RST
  'tcpdump-tests/mptcp-v1.pcap',
  'real/nDPI/1kxun.pcap', // 98 streams, keep-alives, SACK blocks
  'real/filesamples/simple_http_sll2.pcap', // SLL2: interface names from the host, as wirelite read
]
const SEED = ['seed-003-pingpong.pcap', 'seed-002-teardown.pcap', 'seed-000-http.pcap', 'half-close.pcap']

const MODES: Array<{ absolute: boolean; verbose: boolean; flags: string[] }> = [
  { absolute: false, verbose: false, flags: [] },
  { absolute: true, verbose: false, flags: ['-S'] },
  { absolute: false, verbose: true, flags: ['-v'] },
  { absolute: true, verbose: true, flags: ['-S', '-v'] },
]

/** `wirelite read -nn [-S] [-v] FILE`, split per packet. */
async function sequential(file: string, flags: string[]): Promise<string[]> {
  const r = await wirelite(['read', '-nn', ...flags, file])
  return splitPackets(r.stdout)
}

const service = new EngineService()
afterAll(() => service.dispose())

async function openLoaded(file: string): Promise<number> {
  const r = await service.call('file.open', { path: file })
  if (!r.ok) throw new Error(r.error)
  await service.whenLoaded(r.value.fileId)
  return r.value.fileId
}

describe('frame.tcpdump: one frame = the same text as a whole-file pass = tcpdump', () => {
  for (const rel of [...CORPUS.map((c) => join(CAPTURES_DIR, c)), ...SEED.map((s) => join(FIXTURES, s))]) {
    const name = rel.split('/').slice(-2).join('/')
    it(name, { timeout: 120_000 }, async () => {
      if (rel.startsWith(CAPTURES_DIR)) requireShared()
      const fileId = await openLoaded(rel)
      let tcpLines = 0
      for (const m of MODES) {
        const whole = await sequential(rel, m.flags)
        const td = runTcpdumpPackets(rel, m.flags).packets
        expect(td.length).toBe(whole.length)
        for (let i = 0; i < whole.length; i++) {
          const r = await service.call('frame.tcpdump', { fileId, frame: i + 1, ...m })
          if (!r.ok) throw new Error(r.error)
          expect(r.value.text, `frame ${i + 1} ${m.flags.join(' ')}`).toBe(whole[i])
          if (isTcpPacketText(td[i]!, m.verbose)) {
            tcpLines++
            expect(
              sameTcpText(td[i]!, r.value.text),
              `frame ${i + 1} ${m.flags.join(' ')}\n${td[i]}\n${r.value.text}`,
            ).toBe(true)
            expect(r.value.tokens.some((t) => t.field === 'tcp.flags')).toBe(true)
          }
        }
      }
      expect(tcpLines).toBeGreaterThan(0)
      await service.call('file.close', { fileId })
    })
  }
})

describe('frame.tcpdump on the seed-003 fixture', () => {
  it('the SYN/ACK (frame 2): seed text, tokens on the fields, Wireshark relative numbers', async () => {
    const fileId = await openLoaded(join(FIXTURES, 'seed-003-pingpong.pcap'))
    const r = await service.call('frame.tcpdump', { fileId, frame: 2, absolute: true, verbose: true })
    if (!r.ok) throw new Error(r.error)
    const { text, tokens, tcp } = r.value
    expect(text.slice(16)).toBe(
      'IP (tos 0x0, ttl 64, id 0, offset 0, flags [DF], proto TCP (6), length 60)\n' +
        '    172.17.0.9.1234 > 117.25.25.144.12896: Flags [S.], cksum 0x8e05 (correct), seq 2547375254, ack 2099912038, win 28960, options [mss 1460,sackOK,TS val 254669132 ecr 576627967,nop,wscale 7], length 0',
    )
    const show = tokens.map((t) => [t.field, text.slice(t.start, t.end), t.option ?? null])
    expect(show).toEqual([
      ['ip.dsfield', 'tos 0x0', null],
      ['ip.ttl', 'ttl 64', null],
      ['ip.id', 'id 0', null],
      ['ip.frag_offset', 'offset 0', null],
      ['ip.flags', 'flags [DF]', null],
      ['ip.proto', 'proto TCP (6)', null],
      ['ip.len', 'length 60', null],
      ['ip.src', '172.17.0.9', null],
      ['tcp.srcport', '1234', null],
      ['ip.dst', '117.25.25.144', null],
      ['tcp.dstport', '12896', null],
      ['tcp.flags', 'Flags [S.]', null],
      ['tcp.checksum', 'cksum 0x8e05 (correct)', null],
      ['tcp.seq', 'seq 2547375254', null],
      ['tcp.ack', 'ack 2099912038', null],
      ['tcp.window_size_value', 'win 28960', null],
      ['tcp.options', 'options', null],
      ['tcp.options.mss_val', 'mss 1460', 0],
      ['tcp.options.sack_perm', 'sackOK', 1],
      ['tcp.options.timestamp.tsval', 'TS val 254669132', 2],
      ['tcp.options.timestamp.tsecr', 'ecr 576627967', 2],
      ['tcp.options.nop', 'nop', 3],
      ['tcp.options.wscale.shift', 'wscale 7', 4],
      ['tcp.len', 'length 0', null],
    ])
    expect(tcp).toEqual({ stream: 0, relSeq: 0, relAck: 1, windowSize: 28960, windowScaleFactor: 0 })
    const ack = await service.call('frame.tcpdump', { fileId, frame: 9 })
    if (!ack.ok) throw new Error(ack.error)
    expect(ack.value.text.slice(16)).toBe(
      'IP 172.17.0.9.1234 > 117.25.25.144.12896: Flags [.], ack 6, win 227, options [nop,nop,TS val 254669246 ecr 576628041], length 0',
    )
    expect(ack.value.tcp).toMatchObject({
      relSeq: 5,
      relAck: 6,
      windowSize: 227 * 128,
      windowScaleFactor: 128,
    })
  })

  it('bad requests: unknown frame, wrong types', async () => {
    const fileId = await openLoaded(join(FIXTURES, 'seed-003-pingpong.pcap'))
    const r = await service.call('frame.tcpdump', { fileId, frame: 12 })
    expect(r.ok ? null : r.detail?.code).toBe('out-of-range')
    const b = await service.handle('frame.tcpdump', { fileId, frame: 1, verbose: 'yes' })
    expect(b.ok ? null : b.detail?.code).toBe('bad-request')
  })
})
