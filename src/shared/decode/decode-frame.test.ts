import { describe, expect, it } from 'vitest'
import { DecodedFrame, Proto, TcpFlag } from '../model/decoded-frame'
import { IssueBit } from '../model/issues'
import { LinkType } from '../model/link-type'
import { decodeFrame } from './decode-frame'
import { concat, ether, fixL4Checksum4, fixL4Checksum6, hex, ipv4, ipv6, tcp, udp } from './test-packets'

const f = new DecodedFrame()
// Checksums are verified only where a test is about them; elsewhere builders leave TCP sums at 0.
function dec(link: number, d: Uint8Array, origLen = d.length, verify = false): DecodedFrame {
  decodeFrame(link, d, origLen, f, verify)
  return f
}
function issues(fr: DecodedFrame): string[] {
  return fr.issueCodes.slice(0, fr.issueCount).map((c, i) => `${c}:${fr.issueLayers[i]}`)
}

const SYN_OPTS = hex('020405b4 0402 080a 00000064 00000000 01 030307')

describe('Ethernet / IPv4 / TCP', () => {
  const frame = ether(
    0x0800,
    fixL4Checksum4(ipv4(tcp(new Uint8Array(0), { options: SYN_OPTS, seq: 0xfffffff0 }))),
  )
  it('decodes the basic fields and SYN options', () => {
    const r = dec(LinkType.EN10MB, frame, undefined, true)
    expect(r.proto).toBe(Proto.TCP)
    expect(r.macDstOffset).toBe(0)
    expect(r.macSrcOffset).toBe(6)
    expect(r.etherType).toBe(0x0800)
    expect(r.l3Offset).toBe(14)
    expect(r.ipVersion).toBe(4)
    expect(r.ipTtl).toBe(64)
    expect(r.ipId).toBe(0x1234)
    expect(r.ipProto).toBe(6)
    expect(r.ipSrcOffset).toBe(26)
    expect(r.l4Offset).toBe(34)
    expect(r.srcPort).toBe(40000)
    expect(r.dstPort).toBe(80)
    expect(r.tcpSeq).toBe(0xfffffff0)
    expect(r.tcpFlags).toBe(TcpFlag.SYN)
    expect(r.tcpHdrLen).toBe(40)
    expect(r.tcpMss).toBe(1460)
    expect(r.tcpSackPerm).toBe(1)
    expect(r.tcpTsVal).toBe(100)
    expect(r.tcpTsEcr).toBe(0)
    expect(r.tcpWscale).toBe(7)
    expect(r.payloadLen).toBe(0)
    expect(r.ipChecksumOk).toBe(1)
    expect(r.l4ChecksumOk).toBe(1)
    expect(r.issueMask).toBe(0)
  })
  it('reports bad checksums', () => {
    const bad = ether(0x0800, fixL4Checksum4(ipv4(tcp(hex('414243')), { badChecksum: true }), true))
    const r = dec(LinkType.EN10MB, bad, undefined, true)
    expect(r.ipChecksumOk).toBe(0)
    expect(r.l4ChecksumOk).toBe(0)
    expect(r.issueMask).toBe(IssueBit['bad-checksum'])
  })
  it('skips checksums when asked', () => {
    decodeFrame(LinkType.EN10MB, frame, frame.length, f, false)
    expect(f.ipChecksumOk).toBe(-1)
    expect(f.l4ChecksumOk).toBe(-1)
  })
  it('decodes all 9 flags including AE, CWR, ECE', () => {
    const r = dec(LinkType.EN10MB, ether(0x0800, ipv4(tcp(undefined, { flags: 0x1ff }))))
    expect(r.tcpFlags).toBe(0x1ff)
    expect(r.tcpFlags & TcpFlag.AE).toBeTruthy()
  })
  it('ignores Ethernet padding: lengths come from the IP header', () => {
    const r = dec(
      LinkType.EN10MB,
      concat(ether(0x0800, fixL4Checksum4(ipv4(tcp(undefined, { flags: 0x10 })))), new Uint8Array(6)),
      undefined,
      true,
    )
    expect(r.payloadLen).toBe(0)
    expect(r.l4ChecksumOk).toBe(1)
    expect(r.issueMask).toBe(0)
  })
  it('snaplen cut: truncated, checksum not verified, payload length from the header', () => {
    const full = ether(0x0800, fixL4Checksum4(ipv4(tcp(new Uint8Array(100), { flags: 0x18 }))))
    const r = dec(LinkType.EN10MB, full.subarray(0, 64), full.length, true)
    expect(r.proto).toBe(Proto.TCP)
    expect(r.payloadLen).toBe(100)
    expect(r.payloadCapLen).toBe(10)
    expect(r.l4ChecksumOk).toBe(-1)
    expect(r.ipChecksumOk).toBe(1)
    expect(r.issueMask).toBe(0) // the headers are complete; only the payload is cut
  })
  it('headers cut by the snaplen are truncated, not malformed', () => {
    const full = ether(0x0800, ipv4(tcp(new Uint8Array(100))))
    for (const cut of [10, 20, 40, 50]) {
      const r = dec(LinkType.EN10MB, full.subarray(0, cut), full.length)
      expect(r.issueMask, `cut ${cut}`).toBe(IssueBit.truncated)
    }
  })
  it('a frame shorter than Ethernet on the wire is malformed', () => {
    expect(dec(LinkType.EN10MB, new Uint8Array(10)).issueMask).toBe(IssueBit.malformed)
  })
})

describe('IPv4 lying headers', () => {
  const t = tcp()
  it('IHL < 5', () => expect(issues(dec(LinkType.IPV4, ipv4(t, { ihl: 4 })))).toEqual(['malformed:ip']))
  it('total length < header length', () =>
    expect(issues(dec(LinkType.IPV4, ipv4(t, { totalLen: 10 })))).toEqual(['malformed:ip']))
  it('total length past the frame', () => {
    const r = dec(LinkType.IPV4, ipv4(t, { totalLen: 200 }))
    expect(issues(r)[0]).toBe('malformed:ip')
    expect(r.proto).toBe(Proto.TCP) // decoding goes on over the bytes there are
  })
  it('total length 0 is a TSO send, not an error', () => {
    const r = dec(LinkType.IPV4, ipv4(tcp(new Uint8Array(5)), { totalLen: 0 }))
    expect(r.issueMask & IssueBit.malformed).toBe(0)
    expect(r.payloadLen).toBe(5)
  })
  it('version not 4', () => {
    const p = ipv4(t)
    p[0] = 0x55
    expect(issues(dec(LinkType.IPV4, p))).toEqual(['malformed:ip'])
  })
  it('options are skipped to reach TCP', () => {
    const r = dec(LinkType.IPV4, ipv4(t, { options: hex('01010100') }), undefined, true)
    expect(r.ipHeaderLen).toBe(24)
    expect(r.ipOptionsLen).toBe(4)
    expect(r.l4Offset).toBe(24)
    expect(r.ipChecksumOk).toBe(1)
  })
})

describe('fragments', () => {
  it('first fragment is decoded but not checksum-verified', () => {
    const r = dec(LinkType.IPV4, fixL4Checksum4(ipv4(tcp(new Uint8Array(8)), { flags: 1 })), undefined, true)
    expect(r.proto).toBe(Proto.TCP)
    expect(r.l4ChecksumOk).toBe(-1)
    expect(r.issueMask & IssueBit.fragment).toBe(0)
  })
  it('later fragments are marked and not decoded further', () => {
    const r = dec(LinkType.IPV4, ipv4(new Uint8Array(16), { fragOffset: 1480, flags: 0 }))
    expect(r.proto).toBe(Proto.IPV4)
    expect(r.ipFragOffset).toBe(1480)
    expect(r.issueMask).toBe(IssueBit.fragment)
    expect(r.l4Offset).toBe(-1)
  })
  it('IPv6 fragment header: later fragment marked', () => {
    const frag = hex('06 00 05c8 12345678') // next TCP, offset 1480 (0x05c8 = 185<<3), M=0
    const r = dec(LinkType.IPV6, ipv6(new Uint8Array(16), 44, frag))
    expect(r.ipFragOffset).toBe(1480)
    expect(r.ipId).toBe(0x12345678)
    expect(r.issueMask).toBe(IssueBit.fragment)
  })
})

describe('TCP lying headers and options', () => {
  it('data offset < 5', () =>
    expect(issues(dec(LinkType.IPV4, ipv4(tcp(undefined, { dataOffset: 4 }))))).toEqual(['malformed:tcp']))
  it('data offset past the IP payload', () =>
    expect(issues(dec(LinkType.IPV4, ipv4(tcp(undefined, { dataOffset: 15 }))))).toEqual(['malformed:tcp']))
  it('TCP header past the IP payload (IP says less than 20 bytes)', () => {
    const p = ipv4(tcp(), { totalLen: 30 })
    expect(issues(dec(LinkType.IPV4, p))).toEqual(['malformed:tcp'])
  })
  it('header cut at 14-15 bytes: only the ports (tshark reads up to the window before failing)', () => {
    for (const n of [14, 15]) {
      const full = ipv4(tcp(undefined, { seq: 7, ack: 9, flags: 0x18, window: 512 }))
      const r = dec(LinkType.IPV4, full.subarray(0, 20 + n), full.length)
      expect(r.srcPort).toBe(40000)
      expect([r.tcpSeq, r.tcpAck, r.tcpFlags, r.tcpWindow, r.tcpHdrLen]).toEqual([0, 0, 0, 0, 0])
      expect(issues(r)).toEqual(['truncated:tcp'])
    }
  })
  it('header cut at 16-19 bytes by the capture: fields up to the window, segment length known', () => {
    for (const n of [16, 17, 18, 19]) {
      const full = ipv4(tcp(new Uint8Array(5), { seq: 7, ack: 9, flags: 0x18, window: 512 }))
      const r = dec(LinkType.IPV4, full.subarray(0, 20 + n), full.length)
      expect([r.tcpSeq, r.tcpAck, r.tcpFlags, r.tcpWindow, r.tcpHdrLen]).toEqual([7, 9, 0x18, 512, 20])
      expect(r.tcpUrgent).toBe(0)
      expect([r.payloadOffset, r.payloadLen, r.payloadCapLen]).toEqual([40, 5, 0])
      expect(issues(r)).toEqual(['truncated:tcp'])
    }
  })
  it('header cut at 16-19 bytes by the IP length: fields up to the window, no segment length', () => {
    const r = dec(LinkType.IPV4, ipv4(tcp(undefined, { seq: 7, window: 512 }), { totalLen: 37 }))
    expect([r.tcpSeq, r.tcpWindow, r.tcpHdrLen]).toEqual([7, 512, 20])
    expect(r.payloadOffset).toBe(-1)
    expect(issues(r)).toEqual(['malformed:tcp'])
  })
  it('option length 0 / 1 stops the walk as malformed', () => {
    for (const o of ['02000000', '03010000']) {
      const r = dec(LinkType.IPV4, ipv4(tcp(undefined, { options: hex(o) })))
      expect(issues(r)).toEqual(['malformed:tcp'])
    }
  })
  it('option running past the header', () =>
    expect(issues(dec(LinkType.IPV4, ipv4(tcp(undefined, { options: hex('0208 0000') }))))).toEqual([
      'malformed:tcp',
    ]))
  it('kind with no length byte at the end', () =>
    expect(issues(dec(LinkType.IPV4, ipv4(tcp(undefined, { options: hex('01010102') }))))).toEqual([
      'malformed:tcp',
    ]))
  it('wrong length for MSS leaves the field unset', () => {
    const r = dec(LinkType.IPV4, ipv4(tcp(undefined, { options: hex('0205 05b4 00 000000') })))
    expect(r.tcpMss).toBe(-1)
    expect(r.issueMask).toBe(IssueBit.malformed)
  })
  it('SACK blocks, MPTCP, TFO, MD5, AO, AccECN and unknown kinds', () => {
    const opts = hex('0101 050a 00000001 00000002 1e04 0000 2206 01020304 1304 0000 1d04 0000 ac02 fe02')
    const padded = concat(opts, new Uint8Array((4 - (opts.length % 4)) % 4))
    const r = dec(LinkType.IPV4, ipv4(tcp(undefined, { options: padded, flags: 0x10 })))
    expect(r.issueMask).toBe(0)
    expect(r.tcpSackCount).toBe(1)
    expect(r.tcpSackLeft[0]).toBe(1)
    expect(r.tcpSackRight[0]).toBe(2)
  })
  it('options cut by the snaplen: truncated; options before the cut are read', () => {
    const full = ipv4(tcp(new Uint8Array(0), { options: SYN_OPTS }))
    const r = dec(LinkType.IPV4, full.subarray(0, 46), full.length)
    expect(r.tcpMss).toBe(1460)
    expect(r.issueMask).toBe(IssueBit.truncated)
  })
})

describe('UDP / ICMP', () => {
  it('UDP with checksum, and 0 = none over IPv4', () => {
    const r = dec(LinkType.IPV4, fixL4Checksum4(ipv4(udp(hex('010203')), { proto: 17 })), undefined, true)
    expect(r.proto).toBe(Proto.UDP)
    expect(r.srcPort).toBe(5353)
    expect(r.payloadLen).toBe(3)
    expect(r.l4ChecksumOk).toBe(1)
    expect(dec(LinkType.IPV4, ipv4(udp(hex('010203')), { proto: 17 }), undefined, true).l4ChecksumOk).toBe(-1)
  })
  it('UDP length larger than the IP payload is malformed', () => {
    expect(issues(dec(LinkType.IPV4, ipv4(udp(hex('01'), 1, 2, 100), { proto: 17 })))).toEqual([
      'malformed:udp',
    ])
    expect(issues(dec(LinkType.IPV4, ipv4(udp(hex('01'), 1, 2, 4), { proto: 17 })))).toEqual([
      'malformed:udp',
    ])
  })
  it('UDP over IPv6 with checksum', () => {
    const r = dec(LinkType.IPV6, fixL4Checksum6(ipv6(udp(hex('0102030405')), 17)), undefined, true)
    expect(r.proto).toBe(Proto.UDP)
    expect(r.l4ChecksumOk).toBe(1)
  })
  it('ICMP echo type/code and checksum', () => {
    const r = dec(
      LinkType.IPV4,
      fixL4Checksum4(ipv4(hex('0800 0000 0001 0002 6162'), { proto: 1 })),
      undefined,
      true,
    )
    expect(r.proto).toBe(Proto.ICMP)
    expect(r.icmpType).toBe(8)
    expect(r.icmpCode).toBe(0)
    expect(r.l4ChecksumOk).toBe(1)
  })
  it('ICMPv6 with the pseudo-header', () => {
    const r = dec(LinkType.IPV6, fixL4Checksum6(ipv6(hex('8000 0000 0001 0002'), 58)), undefined, true)
    expect(r.proto).toBe(Proto.ICMPV6)
    expect(r.icmpType).toBe(128)
    expect(r.l4ChecksumOk).toBe(1)
  })
})

describe('IPv6 extension headers', () => {
  it('hop-by-hop + destination options before TCP', () => {
    const ext = hex('3c00 0000 0000 0000  0600 0000 0000 0000') // HBH → DO → TCP
    const p = fixL4Checksum6(ipv6(tcp(), 0, ext))
    const r = dec(LinkType.IPV6, p)
    expect(r.proto).toBe(Proto.TCP)
    expect(r.ipProto).toBe(6)
    expect(r.ipv6ExtCount).toBe(2)
    expect(r.l4Offset).toBe(56)
  })
  it('a chain longer than the limit is malformed (and terminates)', () => {
    const one = hex('3c00 0000 0000 0000')
    const ext = concat(...Array.from({ length: 12 }, () => one))
    expect(issues(dec(LinkType.IPV6, ipv6(tcp(), 60, ext)))).toEqual(['malformed:ipv6'])
  })
  it('hop-by-hop not first is malformed', () => {
    const ext = hex('0000 0000 0000 0000  0600 0000 0000 0000')
    expect(issues(dec(LinkType.IPV6, ipv6(tcp(), 60, ext)))).toEqual(['malformed:ipv6'])
  })
  it('extension header past the payload length is malformed', () => {
    const ext = hex('06ff 0000 0000 0000')
    expect(issues(dec(LinkType.IPV6, ipv6(tcp(), 60, ext)))).toEqual(['malformed:ipv6'])
  })
  it('payload length past the frame is malformed', () => {
    expect(issues(dec(LinkType.IPV6, ipv6(tcp(), 6, undefined, 500)))[0]).toBe('malformed:ipv6')
  })
})

describe('link types', () => {
  const ip = fixL4Checksum4(ipv4(tcp()))
  it('802.1Q and QinQ (up to 4 tags)', () => {
    const r = dec(LinkType.EN10MB, ether(0x0800, ip, [{ id: 100, tpid: 0x88a8 }, { id: 200 }]))
    expect(r.vlanCount).toBe(2)
    expect(Array.from(r.vlanIds.subarray(0, 2))).toEqual([100, 200])
    expect(r.proto).toBe(Proto.TCP)
    expect(r.l3Offset).toBe(22)
    const five = ether(
      0x0800,
      ip,
      [1, 2, 3, 4, 5].map((id) => ({ id })),
    )
    expect(issues(dec(LinkType.EN10MB, five))).toEqual(['unsupported:vlan'])
  })
  it('NULL in either byte order, LOOP in network order, BSD AF_INET6 values', () => {
    expect(dec(LinkType.NULL, concat(hex('02000000'), ip)).proto).toBe(Proto.TCP)
    expect(dec(LinkType.NULL, concat(hex('00000002'), ip)).proto).toBe(Proto.TCP)
    expect(dec(LinkType.LOOP, concat(hex('00000002'), ip)).proto).toBe(Proto.TCP)
    const ip6 = ipv6(tcp())
    for (const fam of ['18000000', '1c000000', '1e000000', '0000001e'])
      expect(dec(LinkType.NULL, concat(hex(fam), ip6)).proto, fam).toBe(Proto.TCP)
    expect(issues(dec(LinkType.NULL, concat(hex('07000000'), ip)))).toEqual(['unsupported:null'])
  })
  it('RAW and its aliases pick the IP version from the first nibble', () => {
    for (const lt of [LinkType.RAW, LinkType.RAW_ALIAS_12, LinkType.RAW_ALIAS_14]) {
      expect(dec(lt, ip).proto).toBe(Proto.TCP)
      expect(dec(lt, ipv6(tcp())).ipVersion).toBe(6)
    }
    expect(dec(LinkType.IPV6, ipv6(tcp())).proto).toBe(Proto.TCP)
    expect(dec(LinkType.IPV4, ip).proto).toBe(Proto.TCP)
  })
  it('Linux SLL and SLL2', () => {
    const sll = hex('0000 0001 0006 001122334455 0000 0800')
    const r = dec(LinkType.LINUX_SLL, concat(sll, ip))
    expect(r.proto).toBe(Proto.TCP)
    expect(r.macSrcOffset).toBe(6)
    expect(r.sllPktType).toBe(0)
    const sll2 = hex('0800 0000 00000002 0001 04 06 001122334455 0000')
    const r2 = dec(LinkType.LINUX_SLL2, concat(sll2, ip))
    expect(r2.proto).toBe(Proto.TCP)
    expect(r2.sllPktType).toBe(4)
    expect(r2.l3Offset).toBe(20)
  })
  it('unknown link types keep the bytes with an unsupported issue', () => {
    const r = dec(147, ip)
    expect(r.proto).toBe(Proto.UNKNOWN)
    expect(issues(r)).toEqual(['unsupported:link'])
  })
  it('ARP', () => {
    const arp = hex('0001 0800 06 04 0001 001122334455 0a000001 000000000000 0a000002')
    const r = dec(LinkType.EN10MB, ether(0x0806, arp))
    expect(r.proto).toBe(Proto.ARP)
    expect(r.arpOp).toBe(1)
    expect(issues(dec(LinkType.EN10MB, ether(0x0806, arp.subarray(0, 12)), 60))).toEqual(['truncated:arp'])
  })
})

describe('robustness', () => {
  it('never throws on random bytes or any prefix of a valid frame', () => {
    const full = ether(
      0x86dd,
      ipv6(tcp(new Uint8Array(4), { options: SYN_OPTS }), 0, hex('3c00 0000 0000 0000 0600 0000 0000 0000')),
    )
    for (let n = 0; n <= full.length; n++) {
      for (const lt of [1, 0, 101, 113, 276, 228, 229]) decodeFrame(lt, full.subarray(0, n), full.length, f)
    }
    let seed = 7
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff
    for (let i = 0; i < 2000; i++) {
      const b = new Uint8Array(rnd() + 1).map(() => rnd())
      b[12] = 0x08
      b[13] = i & 1 ? 0x00 : 0xdd
      b[14] = i & 1 ? 0x45 : 0x60
      decodeFrame(1, b, b.length + (rnd() & 3), f)
    }
  })
})

describe('PPPoE and MPLS', () => {
  const ip = ipv4(tcp(undefined, { flags: 0x10 }))
  it('PPPoE session carrying IPv4 keeps the outer ethertype', () => {
    const r = dec(LinkType.EN10MB, ether(0x8864, concat(hex('1100 0001 0000 0021'), ip)))
    expect(r.proto).toBe(Proto.TCP)
    expect(r.etherType).toBe(0x8864)
    expect(r.l3Offset).toBe(22)
    expect(dec(LinkType.EN10MB, ether(0x8864, concat(hex('1100 0001 0000 c021'), ip))).proto).toBe(
      Proto.ETHER,
    )
  })
  it('the PPPoE length bounds the IP packet (a longer IP total length is malformed)', () => {
    const ip6 = ipv4(tcp(hex('010203040506'), { flags: 0x10 }))
    const r = dec(LinkType.EN10MB, ether(0x8864, concat(hex('1100 0001 002a 0021'), ip6)))
    expect(r.proto).toBe(Proto.TCP)
    expect(r.payloadLen).toBe(0)
    expect(issues(r)).toEqual(['malformed:ip'])
  })
  it('MPLS label stack down to the bottom-of-stack entry, then IP by version nibble', () => {
    const r = dec(LinkType.EN10MB, ether(0x8847, concat(hex('00010040 00020140'), ip)))
    expect(r.proto).toBe(Proto.TCP)
    expect(r.l3Offset).toBe(22)
    expect(issues(dec(LinkType.EN10MB, ether(0x8847, hex('00010040 0002')), 80))).toEqual(['truncated:link'])
  })
})

describe('IPv6 payload length 0', () => {
  it('jumbogram: the hop-by-hop Jumbo Payload option gives the length', () => {
    const body = hex('8000 0000 0001 0002 aabbccdd')
    const hbh = concat(hex('3a00 c204'), new Uint8Array([0, 0, 0, 8 + body.length]))
    const r = dec(LinkType.IPV6, ipv6(body, 0, hbh, 0))
    expect(r.proto).toBe(Proto.ICMPV6)
    expect(r.ipTotalLen).toBe(40 + 8 + body.length)
    expect(r.issueMask).toBe(0)
  })
  it('without a jumbo option (TSO / BIG TCP) the payload is empty: TCP malformed, as tshark and tcpdump', () => {
    const r = dec(LinkType.IPV6, ipv6(tcp(hex('0102')), 6, undefined, 0))
    expect(r.ipTotalLen).toBe(40)
    expect(r.proto).toBe(Proto.TCP)
    expect(r.srcPort).toBe(-1)
    expect(r.payloadOffset).toBe(-1)
    expect(issues(r)).toEqual(['malformed:tcp'])
  })
  it('hop-by-hop without a Jumbo option: malformed, not the frame length', () => {
    const hbh = hex('0600 0104 00000000') // next TCP, PadN only
    const r = dec(LinkType.IPV6, ipv6(tcp(), 0, hbh, 0))
    expect(r.ipTotalLen).toBe(40)
    expect(r.issueMask & IssueBit.malformed).toBe(IssueBit.malformed)
    expect(r.srcPort).toBe(-1)
  })
})

describe('PPP and Cisco HDLC link types', () => {
  const ip = ipv4(tcp(undefined, { flags: 0x10 }))
  it('PPP with and without address/control, compressed protocol', () => {
    expect(dec(9, concat(hex('ff03 0021'), ip)).proto).toBe(Proto.TCP)
    expect(dec(9, concat(hex('0021'), ip)).l3Offset).toBe(2)
    expect(dec(9, concat(hex('21'), ip)).l3Offset).toBe(1)
    expect(dec(50, concat(hex('ff03 0057'), ipv6(tcp()))).proto).toBe(Proto.TCP)
    expect(dec(9, concat(hex('ff03 c021'), ip)).proto).toBe(Proto.ETHER) // LCP: link only
    expect(issues(dec(9, hex('ff03'), 40))).toEqual(['truncated:link'])
  })
  it('Cisco HDLC carries an ethertype', () => {
    expect(dec(104, concat(hex('0f00 0800'), ip)).proto).toBe(Proto.TCP)
    expect(dec(104, concat(hex('0f00 8847 00000140'), ip)).proto).toBe(Proto.TCP)
  })
})

describe('IP headers cut inside the fixed part keep the fields that are there', () => {
  it('IPv4 cut after the source address', () => {
    const full = ipv4(tcp())
    const r = dec(LinkType.IPV4, full.subarray(0, 17), full.length)
    expect(r.ipVersion).toBe(4)
    expect(r.ipTtl).toBe(64)
    expect(r.ipProto).toBe(6)
    expect(r.ipSrcOffset).toBe(12)
    expect(r.ipDstOffset).toBe(-1)
    expect(issues(r)).toEqual(['truncated:ip'])
  })
  it('IPv6 cut after the source address', () => {
    const full = ipv6(tcp())
    const r = dec(LinkType.IPV6, full.subarray(0, 39), full.length)
    expect(r.ipVersion).toBe(6)
    expect(r.ipSrcOffset).toBe(8)
    expect(r.ipDstOffset).toBe(-1)
    expect(issues(r)).toEqual(['truncated:ipv6'])
  })
  it('a wrong version nibble leaves ipVersion 0', () => {
    expect(dec(LinkType.EN10MB, ether(0x0800, ipv6(tcp()))).ipVersion).toBe(0)
    expect(dec(LinkType.EN10MB, ether(0x86dd, ipv4(tcp()))).ipVersion).toBe(0)
  })
})
