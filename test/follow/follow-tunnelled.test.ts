import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { concat, ether, hex, ipv4, tcp, udp } from '../../src/shared/decode/test-packets'
import { runFollowConformance } from './follow-conformance'

/** A little-endian µs pcap (Ethernet) of the given frames, one second apart. */
function pcap(frames: Uint8Array[]): Uint8Array {
  const head = new Uint8Array(24)
  const h = new DataView(head.buffer)
  h.setUint32(0, 0xa1b2c3d4, true)
  h.setUint16(4, 2, true)
  h.setUint16(6, 4, true)
  h.setUint32(16, 65535, true)
  h.setUint32(20, 1, true)
  const parts: Uint8Array[] = [head]
  frames.forEach((f, i) => {
    const r = new Uint8Array(16)
    const v = new DataView(r.buffer)
    v.setUint32(0, 1_700_000_000 + i, true)
    v.setUint32(8, f.length, true)
    v.setUint32(12, f.length, true)
    parts.push(r, f)
  })
  return concat(...parts)
}

/** One short TCP connection between a:sport and b:80 carrying `data` each way. */
function conversation(a: number[], b: number[], sport: number, data: string): Uint8Array[] {
  const up = (p: Uint8Array, o: Parameters<typeof tcp>[1]) =>
    ipv4(tcp(p, { sport, dport: 80, ...o }), { src: a, dst: b })
  const down = (p: Uint8Array, o: Parameters<typeof tcp>[1]) =>
    ipv4(tcp(p, { sport: 80, dport: sport, ...o }), { src: b, dst: a })
  const bytes = new TextEncoder().encode(data)
  return [
    up(new Uint8Array(0), { seq: 100, flags: 0x02 }),
    down(new Uint8Array(0), { seq: 500, ack: 101, flags: 0x12 }),
    up(bytes, { seq: 101, ack: 501, flags: 0x18 }),
    down(bytes, { seq: 501, ack: 101 + bytes.length, flags: 0x18 }),
  ]
}

// L2TPv2 data message (no length field), tunnel 1 session 1, then PPP (address/control, IPv4).
const L2TP_PPP = hex('0002 0001 0001 ff03 0021')

describe('follow conformance: TCP inside a tunnel wirelite does not decode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wirelite-follow-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('excludes the tunnelled tshark stream, reports it, and compares ours with the renumbered one', async () => {
    // tshark: stream 0 = the connection inside UDP 1701 / L2TP / PPP, stream 1 = the plain one.
    // wirelite decodes only the outer UDP, so its stream 0 is tshark's stream 1.
    const inner = conversation([192, 168, 0, 1], [192, 168, 0, 2], 40001, 'tunnelled\n')
    const outer = (p: Uint8Array) =>
      ether(
        0x0800,
        ipv4(udp(concat(L2TP_PPP, p), 1701, 1701), { proto: 17, src: [172, 16, 0, 1], dst: [172, 16, 0, 2] }),
      )
    const plain = conversation([10, 0, 0, 1], [10, 0, 0, 2], 40002, 'GET / HTTP/1.0\r\n\r\n')
    const file = join(dir, 'l2tp-then-plain.pcap')
    writeFileSync(file, pcap([...inner.map(outer), ...plain.map((p) => ether(0x0800, p))]))
    const r = await runFollowConformance(0, 1, [file])
    expect(r.total).toBe(1)
    expect(r.identical).toBe(1)
    expect(r.tunnelled).toHaveLength(1)
    expect(r.tunnelled[0]).toMatch(/tshark stream 0: .*udp:l2tp:ppp:ip:tcp/)
  }, 60_000)
})
