import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { IpcEventName } from '../../src/shared/ipc/contract'
import { EngineService } from '../../src/main/engine/service/engine-service'
import { encodePcap } from '../../src/main/engine/writers'

export interface Recorded {
  event: IpcEventName
  payload: unknown
  transfer: ArrayBuffer[]
}

export function recordingService(): { service: EngineService; events: Recorded[] } {
  const events: Recorded[] = []
  const service = new EngineService((event, payload, transfer) => events.push({ event, payload, transfer }))
  return { service, events }
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'wirelite-service-'))
}

function hexBytes(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, '')
  const out = new Uint8Array(clean.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16)
  return out
}

/**
 * A small Ethernet capture with what the corpus lacks in one place: an ARP request, an ICMP echo
 * request and its reply (hand-assembled headers; checksums are whatever the bytes say).
 */
export function writeArpIcmpCapture(dir: string): string {
  const eth = (dst: string, src: string, type: string): string => dst + src + type
  const arp = hexBytes(
    eth('ffffffffffff', '020000000001', '0806') +
      '0001 0800 06 04 0001 020000000001 0a000001 000000000000 0a000002',
  )
  const icmp = (type: string, src: string, dst: string): Uint8Array =>
    hexBytes(
      eth('020000000002', '020000000001', '0800') +
        '4500 0054 1234 4000 40 01 0000' +
        src +
        dst +
        type +
        '00 0000 0001 0001' +
        '00'.repeat(56),
    )
  const path = join(dir, 'arp-icmp.pcap')
  writeFileSync(
    path,
    encodePcap({ linkType: 1 }, [
      { tsSec: 1_700_000_000, tsNsec: 1000, data: arp },
      { tsSec: 1_700_000_000, tsNsec: 2000, data: icmp('08', '0a000001', '0a000002') },
      { tsSec: 1_700_000_001, tsNsec: 3000, data: icmp('00', '0a000002', '0a000001') },
    ]),
  )
  return path
}

/**
 * A capture big enough to index in several batches: one connection of `n` frames (Ethernet/IPv4, 60
 * bytes each) alternating a 6-byte data segment from the client and the server's ACK of it.
 */
export function writeManyTcp(dir: string, n: number): string {
  const data = new Uint8Array(60)
  data.set(hexBytes('020000000002 020000000001 0800'), 0)
  data.set(hexBytes('4500 002e 0000 4000 40 06 0000 0a000001 0a000002'), 14)
  data.set(hexBytes('c350 0050 00000000 00001388 5010 ffff 0000 0000'), 34)
  const ack = new Uint8Array(60)
  ack.set(hexBytes('020000000001 020000000002 0800'), 0)
  ack.set(hexBytes('4500 0028 0000 4000 40 06 0000 0a000002 0a000001'), 14)
  ack.set(hexBytes('0050 c350 00001388 00000000 5010 ffff 0000 0000'), 34)
  const frames = []
  for (let i = 0; i < n; i++) {
    const f = (i % 2 === 0 ? data : ack).slice()
    const k = i >> 1
    if (i % 2 === 0) new DataView(f.buffer).setUint32(38, 1000 + k * 6)
    else new DataView(f.buffer).setUint32(42, 1000 + (k + 1) * 6)
    frames.push({ tsSec: 1_700_000_000 + Math.floor(i / 1000), tsNsec: (i % 1000) * 1000, data: f })
  }
  const path = join(dir, `many-${n}.pcap`)
  writeFileSync(path, encodePcap({ linkType: 1 }, frames))
  return path
}
