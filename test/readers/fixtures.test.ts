import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PROJECT_FIXTURES_DIR } from '../support/corpus'
import { buildFixtures } from '../../scripts/fixtures/fixture-builders'
import { readCaptureFile } from '../../src/main/engine/readers/read-capture-file'

describe('committed fixtures', () => {
  it('the encoder-built fixtures are exactly what scripts/fixtures/fixture-builders.ts produces', () => {
    for (const [name, bytes] of buildFixtures()) {
      expect(
        Buffer.from(readFileSync(join(PROJECT_FIXTURES_DIR, name))).equals(Buffer.from(bytes)),
        name,
      ).toBe(true)
    }
  })

  it('multi-idb.pcapng exposes three interfaces with their own link types', async () => {
    const links: number[] = []
    const s = await readCaptureFile(join(PROJECT_FIXTURES_DIR, 'multi-idb.pcapng'), (r) => {
      links.push(r.linkType)
    })
    expect(s.info.interfaces.map((i) => [i.linkType, i.tsPrecisionDigits, i.name])).toEqual([
      [1, 9, 'eth0'],
      [113, 6, 'any'],
      [101, 6, 'tun0'],
    ])
    expect(s.frames).toBe(31)
    expect(new Set(links)).toEqual(new Set([1, 113, 101]))
    expect(s.info.statistics).toHaveLength(1)
    expect(s.info.nameRecords.map((n) => n.address)).toEqual(['10.0.0.2', '10.0.0.1'])
  })

  it('loopback-pingpong.pcap is the 11-segment ping/pong exchange of seed 003 on port 1234', async () => {
    const flags: number[] = []
    const s = await readCaptureFile(join(PROJECT_FIXTURES_DIR, 'loopback-pingpong.pcap'), (r) => {
      // Ethernet + IPv4 (no options on loopback) → TCP flags byte at 14 + 20 + 13.
      expect(r.linkType).toBe(1)
      flags.push(r.buf[r.dataOffset + 14 + 20 + 13]!)
    })
    expect(s.frames).toBe(11)
    // SYN, SYN-ACK, ACK, PSH-ACK (ping), ACK, PSH-ACK (pong), ACK, FIN-ACK (client), ACK, FIN-ACK (server), ACK
    expect(flags).toEqual([0x02, 0x12, 0x10, 0x18, 0x10, 0x18, 0x10, 0x11, 0x10, 0x11, 0x10])
  })
})
