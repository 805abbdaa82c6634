import { describe, expect, it } from 'vitest'
import { DecodedFrame } from '../model/decoded-frame'
import type { CaptureFileInfo, FrameRecord } from '../model/frame'
import { newFrameRecord } from '../model/frame'
import { decodeFrame } from './decode-frame'
import { ether, hex, ipv4, tcp } from './test-packets'
import { fieldsJson, sectionLocalInterfaceId, timeEpoch } from './wireshark-fields'

const info: CaptureFileInfo = {
  format: 'pcapng',
  bigEndian: false,
  gzip: false,
  interfaces: [0, 1, 2].map((id) => ({
    id,
    linkType: 1,
    snapLen: 0,
    tsPrecisionDigits: 6,
    section: id === 0 ? 0 : 1,
  })),
  sectionComments: [],
  nameRecords: [],
}

function fields(
  data: Uint8Array,
  origLen = data.length,
  patch: Partial<FrameRecord> = {},
): Record<string, unknown> {
  const rec = Object.assign(
    newFrameRecord(),
    { number: 1, capLen: data.length, origLen, data, linkType: 1 },
    patch,
  )
  const f = new DecodedFrame()
  decodeFrame(rec.linkType, rec.data, rec.origLen, f)
  return JSON.parse(fieldsJson({ rec, f, info, row: 0 })) as Record<string, unknown>
}

describe('Wireshark-named fields', () => {
  it('frame.time_epoch has nine fractional digits', () => {
    expect(timeEpoch(1700000000, 5)).toBe('1700000000.000000005')
    expect(timeEpoch(0, 123456000)).toBe('0.123456000')
  })
  it('pcapng interface ids restart in each section, as tshark numbers them', () => {
    expect([0, 1, 2].map((id) => sectionLocalInterfaceId(info, id))).toEqual([0, 0, 1])
    expect(fields(ether(0x0800, ipv4(tcp())), undefined, { interfaceId: 2 })['frame.interface_id']).toBe(1)
  })
  it('802.1ad service tags are ieee8021ad.id, 802.1Q tags vlan.id', () => {
    const r = fields(ether(0x0800, ipv4(tcp()), [{ id: 10, tpid: 0x88a8 }, { id: 20 }, { id: 30 }]))
    expect(r['ieee8021ad.id']).toEqual([10])
    expect(r['vlan.id']).toEqual([20, 30])
  })
  it('no tcp.len on a first fragment; tcp.flags as a hex string', () => {
    const r = fields(ether(0x0800, ipv4(tcp(hex('00112233'), { flags: 0x18 }), { flags: 1 })))
    expect(r['tcp.flags']).toBe('0x0018')
    expect(r).not.toHaveProperty('tcp.len')
    expect(r['_issues']).toEqual([])
  })
  it('an IPv4 header cut after the source shows the fields that are there', () => {
    const full = ether(0x0800, ipv4(tcp()))
    const r = fields(full.subarray(0, 14 + 17), full.length)
    expect(r).toMatchObject({ 'ip.hdr_len': 20, 'ip.src': '10.0.0.1', 'ip.ttl': 64, 'ip.proto': 6 })
    expect(r).not.toHaveProperty('ip.dst')
    expect(r).not.toHaveProperty('tcp.srcport')
    expect(r['_issues']).toEqual(['truncated'])
  })
  it('a lying total length stops after ip.len; a lying IHL after ip.hdr_len', () => {
    const len = fields(ether(0x0800, ipv4(tcp(), { totalLen: 10 })))
    expect(len).toMatchObject({ 'ip.hdr_len': 20, 'ip.len': 10 })
    expect(len).not.toHaveProperty('ip.src')
    const ihl = fields(ether(0x0800, ipv4(tcp(), { ihl: 3 })))
    expect(ihl['ip.hdr_len']).toBe(12)
    expect(ihl).not.toHaveProperty('ip.len')
    expect(ihl['_issues']).toEqual(['malformed'])
  })
  it('a TCP header cut after the window: fields up to the window, no urgent pointer (as tshark)', () => {
    const full = ether(0x0800, ipv4(tcp(undefined, { seq: 5, flags: 0x10, window: 300 })))
    const cut = fields(full.subarray(0, 14 + 20 + 17), full.length)
    expect(cut).toMatchObject({ 'tcp.seq_raw': 5, 'tcp.flags': '0x0010', 'tcp.window_size_value': 300 })
    expect(cut).toMatchObject({ 'tcp.hdr_len': 20, 'tcp.len': 0, _issues: ['truncated'] })
    expect(cut).not.toHaveProperty('tcp.urgent_pointer')
    const lying = fields(ether(0x0800, ipv4(tcp(undefined, { window: 300 }), { totalLen: 38 })))
    expect(lying['tcp.window_size_value']).toBe(300)
    expect(lying).not.toHaveProperty('tcp.urgent_pointer')
    expect(lying).not.toHaveProperty('tcp.len')
    const before = fields(full.subarray(0, 14 + 20 + 15), full.length)
    expect(before).toHaveProperty('tcp.srcport')
    expect(before).not.toHaveProperty('tcp.seq_raw')
  })
  it('later fragments carry the fragment mark and no transport fields', () => {
    const r = fields(ether(0x0800, ipv4(new Uint8Array(8), { fragOffset: 8, flags: 0 })))
    expect(r['_issues']).toEqual(['fragment'])
    expect(r).not.toHaveProperty('tcp.srcport')
  })
})
