import { describe, expect, it } from 'vitest'
import { AddressTable, AddrFamily, formatIPv6 } from './address-table'
import { hex } from './test-packets'

/** Expected strings come from glibc inet_ntop (python3 socket.inet_ntop), which tcpdump and tshark use. */
const V6_CASES: Array<[string, string]> = [
  ['00000000000000000000000000000002', '::2'],
  ['00000000000000000000000000000001', '::1'],
  ['00000000000000000000000000000000', '::'],
  ['00000000000000000000000001020304', '::1.2.3.4'],
  ['00000000000000000000ffff01020304', '::ffff:1.2.3.4'],
  ['00010000000000000000000000000000', '1::'],
  ['00010000000000010000000000000001', '1:0:0:1::1'],
  ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
  ['fe800000000000000001000200030004', 'fe80::1:2:3:4'],
  ['00010002000300040005000600070000', '1:2:3:4:5:6:7:0'],
  ['00000001000200030004000500060007', '0:1:2:3:4:5:6:7'],
  ['0000000000000000ffff000001020304', '::ffff:0:102:304'],
  ['00000000000000000000000101020304', '::1:102:304'],
  ['20010000000100000001000000010000', '2001:0:1:0:1:0:1:0'],
]

describe('AddressTable', () => {
  it('formats IPv6 like inet_ntop', () => {
    for (const [h, s] of V6_CASES) expect(formatIPv6(hex(h), 0)).toBe(s)
  })
  it('interns to dense stable ids per family', () => {
    const t = new AddressTable()
    const buf = hex('0a000001 0a000002 001122334455 20010db8000000000000000000000001')
    const a = t.internIPv4(buf, 0)
    const b = t.internIPv4(buf, 4)
    const m = t.internMac(buf, 8)
    const v6 = t.internIPv6(buf, 14)
    expect([a, b, m, v6]).toEqual([1, 2, 3, 4])
    expect(t.internIPv4(buf, 0)).toBe(1)
    expect(t.internMac(buf, 8)).toBe(3)
    expect(t.internIPv6(buf, 14)).toBe(4)
    expect(t.format(a)).toBe('10.0.0.1')
    expect(t.format(m)).toBe('00:11:22:33:44:55')
    expect(t.format(v6)).toBe('2001:db8::1')
    expect(t.family(m)).toBe(AddrFamily.MAC)
    expect(t.family(0)).toBe(AddrFamily.NONE)
    expect(t.format(0)).toBe('')
    expect(t.ipv4Value(b)).toBe(0x0a000002)
  })
  it('keeps ids unique and stable across growth and rehashing', () => {
    const t = new AddressTable()
    const b = new Uint8Array(16)
    const ids: number[] = []
    for (let i = 0; i < 50000; i++) {
      new DataView(b.buffer).setUint32(12, i * 2654435761)
      ids.push(i % 2 ? t.internIPv6(b, 0) : t.internMac(b, 10))
    }
    for (let i = 0; i < 50000; i += 997) {
      new DataView(b.buffer).setUint32(12, i * 2654435761)
      expect(i % 2 ? t.internIPv6(b, 0) : t.internMac(b, 10)).toBe(ids[i])
    }
    expect(new Set(ids).size).toBe(t.size)
  })
  it('keeps IPv4 ids unique and stable across growth, high addresses included', () => {
    const t = new AddressTable()
    const b = new Uint8Array(4)
    const dv = new DataView(b.buffer)
    const ids: number[] = []
    for (let i = 0; i < 40000; i++) {
      dv.setUint32(0, (i * 2654435761) >>> 0)
      ids.push(t.internIPv4(b, 0))
    }
    expect(ids).toEqual(ids.map((_, i) => i + 1))
    for (let i = 0; i < 40000; i += 331) {
      dv.setUint32(0, (i * 2654435761) >>> 0)
      expect(t.internIPv4(b, 0)).toBe(i + 1)
      expect(t.ipv4Value(i + 1)).toBe((i * 2654435761) >>> 0)
    }
    b.set([255, 255, 255, 255])
    const top = t.internIPv4(b, 0)
    expect(t.format(top)).toBe('255.255.255.255')
    expect(t.internIPv4(b, 0)).toBe(top)
  })
})
