import { describe, expect, it } from 'vitest'
import { tcpdumpTokens } from './tcpdump-tokens'

const spans = (text: string): Array<[string, string, number | null]> =>
  tcpdumpTokens(text).map((t) => [t.field, text.slice(t.start, t.end), t.option ?? null])

describe('tcpdumpTokens', () => {
  it('IPv6 -v: the header group, addresses with ports, urg, SACK blocks and unknown options', () => {
    const text =
      '10:00:00.000000 IP6 (flowlabel 0x1e2f3, hlim 64, next-header TCP (6) payload length: 44) ' +
      '2001:db8::1.443 > 2001:db8::2.50000: Flags [.U], cksum 0x1234 (incorrect -> 0xabcd), ack 5, win 100, urg 3, ' +
      'options [nop,nop,sack 2 {10:20}{30:40},unknown-254 0x0102,eol], length 0'
    expect(spans(text)).toEqual([
      ['ipv6.flow', 'flowlabel 0x1e2f3', null],
      ['ipv6.hlim', 'hlim 64', null],
      ['ipv6.nxt', 'next-header TCP (6)', null],
      ['ipv6.plen', 'payload length: 44', null],
      ['ipv6.src', '2001:db8::1', null],
      ['tcp.srcport', '443', null],
      ['ipv6.dst', '2001:db8::2', null],
      ['tcp.dstport', '50000', null],
      ['tcp.flags', 'Flags [.U]', null],
      ['tcp.checksum', 'cksum 0x1234 (incorrect -> 0xabcd)', null],
      ['tcp.ack', 'ack 5', null],
      ['tcp.window_size_value', 'win 100', null],
      ['tcp.urgent_pointer', 'urg 3', null],
      ['tcp.options', 'options', null],
      ['tcp.options.nop', 'nop', 0],
      ['tcp.options.nop', 'nop', 1],
      ['tcp.options.sack', 'sack 2 {10:20}{30:40}', 2],
      ['tcp.options.type', 'unknown-254 0x0102', 3],
      ['tcp.options.eol', 'eol', 4],
      ['tcp.len', 'length 0', null],
    ])
  })

  it('no tokens for lines that are not TCP, and nothing after length (RST data)', () => {
    expect(tcpdumpTokens('10:00:00.000000 IP 1.2.3.4.53 > 5.6.7.8.1000: UDP, length 12')).toEqual([])
    expect(tcpdumpTokens('10:00:00.000000 ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28')).toEqual(
      [],
    )
    const rst = '10:00:00.000000 IP 1.2.3.4.80 > 5.6.7.8.1000: Flags [R], seq 1:4, win 0, length 3 [RST abc]'
    expect(spans(rst).map(([f]) => f)).toEqual([
      'ip.src',
      'tcp.srcport',
      'ip.dst',
      'tcp.dstport',
      'tcp.flags',
      'tcp.seq',
      'tcp.window_size_value',
      'tcp.len',
    ])
  })
})
