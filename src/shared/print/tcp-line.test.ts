import { describe, expect, it } from 'vitest'
import { finish, sumBytes } from './inet-checksum'
import { formatIPv4Packet, formatIPv6Packet, type IpPrintCtx } from './ip-line'
import { TcpSeqTracker } from './tcp-seq-tracker'

/** IPv4 + TCP packet with valid checksums (expected strings were checked against tcpdump 4.99.3's format). */
function ipv4Tcp(opts: {
  flags: number
  seq: number
  ack: number
  options?: number[]
  payload?: number[]
  sport?: number
  dport?: number
  reverse?: boolean
}): Uint8Array {
  const o = opts.options ?? []
  const p = opts.payload ?? []
  const thl = 20 + o.length
  const total = 20 + thl + p.length
  const b = new Uint8Array(total)
  b.set([0x45, 0, total >> 8, total & 0xff, 0x12, 0x34, 0x40, 0, 64, 6, 0, 0, 192, 168, 1, 3, 192, 168, 1, 4])
  if (opts.reverse) b.set([192, 168, 1, 4, 192, 168, 1, 3], 12)
  const ipSum = finish(sumBytes(b, 0, 20, 0))
  b[10] = ipSum >> 8
  b[11] = ipSum & 0xff
  const t = 20
  const sport = opts.sport ?? 42418
  const dport = opts.dport ?? 3306
  b.set([sport >> 8, sport & 0xff, dport >> 8, dport & 0xff], t)
  new DataView(b.buffer).setUint32(t + 4, opts.seq)
  new DataView(b.buffer).setUint32(t + 8, opts.ack)
  b[t + 12] = (thl / 4) << 4
  b[t + 13] = opts.flags
  b[t + 14] = 0x80
  b[t + 15] = 0x18
  b.set(o, t + 20)
  b.set(p, t + thl)
  const sum = finish(sumBytes(b, t, thl + p.length, sumBytes(b, 12, 8, 6) + thl + p.length))
  b[t + 16] = sum >> 8
  b[t + 17] = sum & 0xff
  return b
}

function ctx(verbose = 0, absoluteSeq = false): IpPrintCtx {
  return { opts: { verbose, absoluteSeq }, seqs: new TcpSeqTracker() }
}

const SYN_OPTS = [2, 4, 0x40, 0x0c, 4, 2, 8, 10, 0x30, 0xfd, 0xa3, 0xe2, 0, 0, 0, 0, 1, 3, 3, 7]

describe('TCP over IPv4, tcpdump text', () => {
  it('SYN with mss/sackOK/TS/nop/wscale', () => {
    const b = ipv4Tcp({ flags: 0x02, seq: 961808916, ack: 0, options: SYN_OPTS })
    expect(formatIPv4Packet(b, 0, b.length, b.length, ctx())).toBe(
      'IP 192.168.1.3.42418 > 192.168.1.4.3306: Flags [S], seq 961808916, win 32792, options [mss 16396,sackOK,TS val 821928930 ecr 0,nop,wscale 7], length 0',
    )
  })

  it('relative seq/ack after the first ACK; -S keeps them absolute; data shows seq a:b', () => {
    const c = ctx()
    const synack = ipv4Tcp({ flags: 0x12, seq: 5000, ack: 1001, sport: 3306, dport: 42418, reverse: true })
    expect(formatIPv4Packet(synack, 0, synack.length, synack.length, c)).toBe(
      'IP 192.168.1.4.3306 > 192.168.1.3.42418: Flags [S.], seq 5000, ack 1001, win 32792, length 0',
    )
    const data = ipv4Tcp({ flags: 0x18, seq: 1001, ack: 5001, payload: [1, 2, 3] })
    expect(formatIPv4Packet(data, 0, data.length, data.length, c)).toContain(
      'Flags [P.], seq 1:4, ack 1, win 32792, length 3',
    )
    expect(formatIPv4Packet(data, 0, data.length, data.length, ctx(0, true))).toContain(
      'seq 1001:1004, ack 5001,',
    )
  })

  it('-v: IP header line and checksum verdicts', () => {
    const b = ipv4Tcp({ flags: 0x10, seq: 1, ack: 1 })
    expect(formatIPv4Packet(b, 0, b.length, b.length, ctx(1))).toMatch(
      /^IP \(tos 0x0, ttl 64, id 4660, offset 0, flags \[DF\], proto TCP \(6\), length 40\)\n {4}192\.168\.1\.3\.42418 > 192\.168\.1\.4\.3306: Flags \[\.\], cksum 0x[0-9a-f]{4} \(correct\), ack 1, win 32792, length 0$/,
    )
    b[36] ^= 0xff // corrupt the TCP checksum
    expect(formatIPv4Packet(b, 0, b.length, b.length, ctx(1))).toMatch(
      /cksum 0x[0-9a-f]{4} \(incorrect -> 0x[0-9a-f]{4}\)/,
    )
    // -vv prints seq even on a pure ACK.
    expect(formatIPv4Packet(b, 0, b.length, b.length, ctx(2))).toContain(', seq 1, ack 1,')
  })

  it('truncation and bad lengths', () => {
    const b = ipv4Tcp({ flags: 0x02, seq: 1, ack: 0, options: SYN_OPTS })
    expect(formatIPv4Packet(b, 0, b.length, 22, ctx())).toBe('IP 192.168.1.3 > 192.168.1.4: [|tcp]')
    expect(formatIPv4Packet(b, 0, b.length, 30, ctx())).toBe(
      'IP 192.168.1.3.42418 > 192.168.1.4.3306:  [|tcp]',
    )
    // Cut inside the TS option (after mss, sackOK): LENCHECK → " [|tcp]>".
    expect(formatIPv4Packet(b, 0, b.length, 50, ctx())).toBe(
      'IP 192.168.1.3.42418 > 192.168.1.4.3306: Flags [S], seq 1, win 32792, options [mss 16396,sackOK,TS [|tcp]>',
    )
    const short = b.slice()
    short[32] = 0x40 // data offset 4 words
    expect(formatIPv4Packet(short, 0, short.length, short.length, ctx())).toBe(
      'IP 192.168.1.3.42418 > 192.168.1.4.3306:  tcp 24 [bad hdr length 16 - too short, < 20]',
    )
    // The IP total length says more than the wire had.
    expect(formatIPv4Packet(b, 0, b.length - 4, b.length - 4, ctx())).toMatch(
      /^IP truncated-ip - 4 bytes missing! 192\.168/,
    )
  })

  it('SACK blocks relative to the peer ISN, bad option length, unknown option', () => {
    const c = ctx()
    const synack = ipv4Tcp({ flags: 0x12, seq: 5000, ack: 1001, sport: 3306, dport: 42418, reverse: true })
    formatIPv4Packet(synack, 0, synack.length, synack.length, c)
    const sack = [1, 1, 5, 10, 0, 0, 0x13, 0x89, 0, 0, 0x13, 0x8d]
    const b = ipv4Tcp({ flags: 0x10, seq: 1001, ack: 5001, options: sack })
    expect(formatIPv4Packet(b, 0, b.length, b.length, c)).toContain(
      'options [nop,nop,sack 1 {1:5}], length 0',
    )
    const bad = ipv4Tcp({ flags: 0x10, seq: 1001, ack: 5001, options: [1, 1, 2, 9, 0, 0, 0, 0] })
    expect(formatIPv4Packet(bad, 0, bad.length, bad.length, c)).toContain('options [nop,nop,[bad opt]]')
    const unk = ipv4Tcp({ flags: 0x10, seq: 1001, ack: 5001, options: [0x45, 4, 0xab, 0xcd] })
    expect(formatIPv4Packet(unk, 0, unk.length, unk.length, c)).toContain(
      'options [unknown-69 0xabcd], length 0',
    )
  })

  it('MPTCP options', () => {
    const capable = [30, 12, 0x01, 0x81, 1, 2, 3, 4, 5, 6, 7, 8]
    const b = ipv4Tcp({ flags: 0x02, seq: 1, ack: 0, options: capable })
    expect(formatIPv4Packet(b, 0, b.length, b.length, ctx())).toContain(
      'options [mptcp 12 capable v1 csum {0x102030405060708}]',
    )
    const dss = [30, 8, 0x20, 0x01, 0, 0, 0x30, 0x39]
    const d = ipv4Tcp({ flags: 0x10, seq: 1, ack: 1, options: dss })
    expect(formatIPv4Packet(d, 0, d.length, d.length, ctx(0, true))).toContain(
      'options [mptcp 8 dss ack 12345]',
    )
    const addAddr = [30, 8, 0x30, 0x05, 10, 0, 0, 9]
    const a = ipv4Tcp({ flags: 0x10, seq: 1, ack: 1, options: addAddr })
    expect(formatIPv4Packet(a, 0, a.length, a.length, ctx(0, true))).toContain(
      'options [mptcp 8 add-addr v1 id 5 10.0.0.9]',
    )
    const dssOnSyn = ipv4Tcp({ flags: 0x02, seq: 1, ack: 0, options: [30, 4, 0x20, 0, 1, 1, 1, 1] })
    expect(formatIPv4Packet(dssOnSyn, 0, dssOnSyn.length, dssOnSyn.length, ctx())).toMatch(
      /options \[mptcp 4 dss\[bad opt\]$/,
    )
  })

  it('RST data with -v', () => {
    const b = ipv4Tcp({ flags: 0x04, seq: 7, ack: 0, payload: [0x68, 0x69, 0x0a, 0xff] })
    expect(formatIPv4Packet(b, 0, b.length, b.length, ctx(1))).toMatch(
      /Flags \[R\], cksum 0x[0-9a-f]{4} \(correct\), seq 7:11, win 32792, length 4 \[RST hi\^JM-\^\?\]$/,
    )
  })
})

describe('TCP over IPv6', () => {
  it('-v header is on the same line; flow label and class printed when non-zero', () => {
    const b = new Uint8Array(60)
    b.set([0x61, 0x20, 0x00, 0x05, 0, 20, 6, 64])
    b[23] = 1 // src ::1? no: 0:…:1 in the last byte of src
    b[8] = 0x20
    b[9] = 0x01
    b[39] = 2
    b[24] = 0x20
    b[25] = 0x01
    b.set([0x1f, 0x90, 0xc0, 0x00, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff], 40)
    const out = formatIPv6Packet(b, 0, 60, 60, ctx(1))
    expect(out).toMatch(
      /^IP6 \(class 0x12, flowlabel 0x00005, hlim 64, next-header TCP \(6\) payload length: 20\) 2001::1\.8080 > 2001::2\.49152: Flags \[S\], cksum 0x0000 \(incorrect -> 0x[0-9a-f]{4}\), seq 1, win 65535, length 0$/,
    )
  })
})
