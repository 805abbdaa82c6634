import { describe, expect, it } from 'vitest'
import { AddressTable } from '../decode/address-table'
import { Proto, TcpFlag } from '../model/decoded-frame'
import { CHUNK_ROWS, newIndexChunk } from '../model/index-columns'
import type { IndexChunk } from '../model/index-columns'
import { IssueBit } from '../model/issues'
import type { FilterData, FilterTcpColumns } from './data'
import { compileFilter, filterRows, runFilter } from './filter'
import type { Backend } from './filter'
import { hex } from '../decode/test-packets'

/** One hand-written row; omitted fields are 0 / absent. */
interface Row {
  proto: number
  src?: string
  dst?: string
  sport?: number
  dport?: number
  flags?: number
  seq?: number
  ack?: number
  win?: number
  len?: number
  frameLen?: number
  capLen?: number
  iface?: number
  issues?: number
  /** Seconds after the first frame (float ok; converted to sec + nsec). */
  t?: number
  // TCP analysis
  stream?: number
  relSeq?: number
  relAck?: number
  winSize?: number
  scale?: number
  analysis?: number
  rtt?: number
}

function intern(t: AddressTable, a: string): number {
  if (a.includes(':') && a.split(':').length === 6 && !a.includes('::')) return t.internMac(hex(a), 0)
  if (a.includes(':')) {
    // Expand "::" for the test's few IPv6 literals.
    const [h, tl] = a.split('::') as [string, string | undefined]
    const hg = h ? h.split(':') : []
    const tg = tl ? tl.split(':') : []
    const groups = [...hg, ...new Array(8 - hg.length - tg.length).fill('0'), ...tg]
    return t.internIPv6(hex(groups.map((g) => g.padStart(4, '0')).join('')), 0)
  }
  return t.internIPv4(Uint8Array.from(a.split('.').map(Number)), 0)
}

const T0 = 1_700_000_000

function build(
  rows: Row[],
  opts: { chunkRows?: number; linkTypes?: number[] } = {},
): FilterData & { tcp: FilterTcpColumns } {
  const addresses = new AddressTable()
  const per = opts.chunkRows ?? CHUNK_ROWS
  const chunks: IndexChunk[] = []
  const n = rows.length
  const tcp: FilterTcpColumns = {
    count: n,
    stream: new Int32Array(n).fill(-1),
    relSeq: new Uint32Array(n),
    relAck: new Uint32Array(n),
    nxtSeq: new Uint32Array(n),
    windowSize: new Uint32Array(n),
    windowScaleFactor: new Int32Array(n),
    analysisFlags: new Uint32Array(n),
    ackRtt: new Float64Array(n).fill(NaN),
    bytesInFlight: new Int32Array(n).fill(-1),
  }
  rows.forEach((r, row) => {
    if (row % per === 0) chunks.push(newIndexChunk(row, per))
    const c = chunks[chunks.length - 1]!
    const i = c.count++
    const t = r.t ?? row * 0.001
    c.tsSec[i] = T0 + Math.floor(t)
    c.tsNsec[i] = Math.round((t - Math.floor(t)) * 1e9)
    c.proto[i] = r.proto
    c.origLen[i] = r.frameLen ?? 60
    c.capLen[i] = r.capLen ?? r.frameLen ?? 60
    c.interfaceId[i] = r.iface ?? 0
    c.issues[i] = r.issues ?? 0
    c.srcAddr[i] = r.src ? intern(addresses, r.src) : 0
    c.dstAddr[i] = r.dst ? intern(addresses, r.dst) : 0
    c.srcPort[i] = r.sport ?? 0
    c.dstPort[i] = r.dport ?? 0
    c.tcpFlags[i] = r.flags ?? 0
    c.tcpSeq[i] = r.seq ?? 0
    c.tcpAck[i] = r.ack ?? 0
    c.tcpWindow[i] = r.win ?? 0
    c.payloadLen[i] = r.len ?? 0
    if (r.stream !== undefined) tcp.stream[row] = r.stream
    tcp.relSeq[row] = r.relSeq ?? 0
    tcp.relAck[row] = r.relAck ?? 0
    tcp.windowSize[row] = r.winSize ?? 0
    tcp.windowScaleFactor[row] = r.scale ?? 0
    tcp.analysisFlags[row] = r.analysis ?? 0
    if (r.rtt !== undefined) tcp.ackRtt[row] = r.rtt
  })
  const interfaces = (opts.linkTypes ?? [1]).map((linkType) => ({ linkType }))
  return { chunks, count: n, addresses, info: { interfaces }, tcp }
}

const { SYN, ACK, FIN, RST, PSH } = TcpFlag

/** A small mixed capture: frame numbers are row + 1. */
const ROWS: Row[] = [
  /* 1 */ {
    proto: Proto.TCP,
    src: '10.0.0.1',
    dst: '192.168.1.10',
    sport: 40000,
    dport: 80,
    flags: SYN,
    seq: 5000,
    win: 64240,
    stream: 0,
    winSize: 64240,
  },
  /* 2 */ {
    proto: Proto.TCP,
    src: '192.168.1.10',
    dst: '10.0.0.1',
    sport: 80,
    dport: 40000,
    flags: SYN | ACK,
    seq: 9000,
    ack: 5001,
    stream: 0,
    relAck: 1,
    winSize: 65160,
  },
  /* 3 */ {
    proto: Proto.TCP,
    src: '10.0.0.1',
    dst: '192.168.1.10',
    sport: 40000,
    dport: 80,
    flags: ACK | PSH,
    len: 100,
    stream: 0,
    relSeq: 1,
    relAck: 1,
    winSize: 502 * 256,
    scale: 256,
  },
  /* 4 */ {
    proto: Proto.TCP,
    src: '10.0.0.1',
    dst: '192.168.1.10',
    sport: 40000,
    dport: 80,
    flags: ACK | PSH,
    len: 100,
    stream: 0,
    relSeq: 1,
    relAck: 1,
    analysis: 1,
    rtt: 0.25,
  },
  /* 5 */ { proto: Proto.UDP, src: '10.0.0.1', dst: '8.8.8.8', sport: 5353, dport: 53, len: 30 },
  /* 6 */ { proto: Proto.UDP, src: '2001:db8::1', dst: '2001:db8::53', sport: 5353, dport: 53, len: 30 },
  /* 7 */ {
    proto: Proto.TCP,
    src: '2001:db8::1',
    dst: 'fe80::2',
    sport: 443,
    dport: 50000,
    flags: RST | ACK,
    stream: 1,
    analysis: 1 << 6,
    scale: -1,
  },
  /* 8 */ { proto: Proto.ICMP, src: '10.0.0.1', dst: '10.0.0.1', sport: 8, dport: 0 },
  /* 9 */ { proto: Proto.ARP, src: '00:11:22:33:44:55', dst: 'ff:ff:ff:ff:ff:ff' },
  /* 10 */ { proto: Proto.ICMPV6, src: 'fe80::2', dst: '2001:db8::1', sport: 135, dport: 0, iface: 1 },
  /* 11 */ {
    proto: Proto.IPV4,
    src: '172.16.0.1',
    dst: '10.0.0.1',
    issues: IssueBit.fragment,
    frameLen: 1514,
    capLen: 96,
  },
  /* 12 */ { proto: Proto.UNKNOWN, issues: IssueBit.malformed | IssueBit.truncated, t: 2.5 },
  /* 13 */ {
    proto: Proto.TCP,
    src: '10.0.0.1',
    dst: '192.168.1.10',
    sport: 40000,
    dport: 80,
    flags: FIN | ACK,
    stream: 0,
    analysis: 2,
  },
]

const BACKENDS: Backend[] = ['codegen', 'closures']

function frames(
  text: string,
  data = build(ROWS, { linkTypes: [1, 113] }),
  backend: Backend = 'codegen',
): number[] {
  const c = compileFilter(text)
  if (!c.ok) throw new Error(`${text}: ${c.error.message}`)
  const r = filterRows(c.value, data, backend)
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`)
  return Array.from(r.value, (row) => row + 1)
}

describe.each(BACKENDS)('filter evaluation (%s)', (backend) => {
  const data = build(ROWS, { linkTypes: [1, 113] })
  const f = (text: string): number[] => frames(text, data, backend)

  it('protocols come from the row protocol, address family and link type', () => {
    expect(f('frame')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
    expect(f('tcp')).toEqual([1, 2, 3, 4, 7, 13])
    expect(f('udp')).toEqual([5, 6])
    expect(f('ip')).toEqual([1, 2, 3, 4, 5, 8, 11, 13])
    expect(f('ipv6')).toEqual([6, 7, 10])
    expect(f('icmp')).toEqual([8])
    expect(f('icmpv6')).toEqual([10])
    expect(f('arp')).toEqual([9])
    // Row 10 is on interface 1 (Linux cooked): no Ethernet.
    expect(f('eth')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13])
    expect(f('!ip && !ipv6')).toEqual([9, 12])
  })

  it('ip.addr is src or dst; != means no value equal (absent field: false); ~= some value differs; === all equal', () => {
    expect(f('ip.addr == 10.0.0.1')).toEqual([1, 2, 3, 4, 5, 8, 11, 13])
    expect(f('ip.src == 10.0.0.1')).toEqual([1, 3, 4, 5, 8, 13])
    expect(f('ip.dst eq 10.0.0.1')).toEqual([2, 8, 11])
    expect(f('ip.addr != 10.0.0.1')).toEqual([])
    expect(f('ip.addr != 8.8.8.8')).toEqual([1, 2, 3, 4, 8, 11, 13])
    expect(f('!(ip.addr == 8.8.8.8)')).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13])
    expect(f('ip.addr ~= 10.0.0.1')).toEqual([1, 2, 3, 4, 5, 11, 13])
    expect(f('ip.addr === 10.0.0.1')).toEqual([8])
  })

  it('CIDR, ordering and sets on addresses', () => {
    expect(f('ip.addr == 192.168.0.0/16')).toEqual([1, 2, 3, 4, 13])
    expect(f('ip.dst == 10.0.0.0/8 && !(ip.src == 10.0.0.0/8)')).toEqual([2, 11])
    expect(f('ip.src > 100.0.0.0')).toEqual([2, 11])
    expect(f('ip.addr in {8.8.8.8, 172.16.0.0/12}')).toEqual([5, 11])
    expect(f('ip.src in {10.0.0.1..10.0.0.255}')).toEqual([1, 3, 4, 5, 8, 13])
    expect(f('ip.addr == 0.0.0.0/0')).toEqual([1, 2, 3, 4, 5, 8, 11, 13])
    expect(f('ipv6.addr == 2001:db8::/32')).toEqual([6, 7, 10])
    expect(f('ipv6.src == fe80::/10')).toEqual([10])
    expect(f('ipv6.dst == 2001:db8::53')).toEqual([6])
    expect(f('ipv6.addr != 2001:db8::1')).toEqual([])
    expect(f('ipv6.addr != fe80::2')).toEqual([6])
  })

  it('ports: tcp.port is either port; udp and tcp ports are separate fields', () => {
    expect(f('tcp.port == 80')).toEqual([1, 2, 3, 4, 13])
    expect(f('tcp.port == 0x50')).toEqual([1, 2, 3, 4, 13])
    expect(f('tcp.dstport == 80')).toEqual([1, 3, 4, 13])
    expect(f('tcp.srcport == 80')).toEqual([2])
    expect(f('udp.port == 53')).toEqual([5, 6])
    expect(f('tcp.port == 53')).toEqual([])
    expect(f('tcp.port in {443 50000}')).toEqual([7])
    expect(f('tcp.port in {1..100}')).toEqual([1, 2, 3, 4, 13])
    expect(f('tcp.port not in {80}')).toEqual([5, 6, 7, 8, 9, 10, 11, 12])
    expect(f('tcp.port != 80')).toEqual([7])
    expect(f('tcp.port ~= 80')).toEqual([1, 2, 3, 4, 7, 13])
    expect(f('tcp.port > 40000')).toEqual([7])
    // Each comparison may be satisfied by a different port (50000 >= 40000, 443 <= 40000), as in Wireshark.
    expect(f('tcp.port >= 40000 and tcp.port le 40000')).toEqual([1, 2, 3, 4, 7, 13])
    expect(f('icmp.type == 8')).toEqual([8])
    expect(f('icmpv6.type == 135')).toEqual([10])
  })

  it('flags: a bare flag field is present on every TCP row; == 1 tests the bit', () => {
    expect(f('tcp.flags.syn')).toEqual([1, 2, 3, 4, 7, 13])
    expect(f('tcp.flags.syn == 1')).toEqual([1, 2])
    expect(f('tcp.flags.syn == 1 && tcp.flags.ack == 0')).toEqual([1])
    expect(f('tcp.flags.syn==1 and tcp.flags.ack==1')).toEqual([2])
    expect(f('tcp.flags.syn == 2')).toEqual([1, 2])
    expect(f('tcp.flags.syn == True')).toEqual([1, 2])
    expect(f('tcp.flags.reset == 1')).toEqual([7])
    expect(f('tcp.flags.rst == 1')).toEqual([7])
    expect(f('tcp.flags.fin eq 1 || tcp.flags.push == 1')).toEqual([3, 4, 13])
    expect(f('tcp.flags == 0x012')).toEqual([2])
    expect(f('tcp.flags & 0x05')).toEqual([7, 13])
  })

  it('TCP numbers: relative seq/ack from the analysis, raw from the index, ack only with ACK set', () => {
    expect(f('tcp.seq == 1')).toEqual([3, 4])
    expect(f('tcp.seq_raw == 5000')).toEqual([1])
    expect(f('tcp.ack == 1')).toEqual([2, 3, 4])
    expect(f('tcp.ack_raw == 0')).toEqual([3, 4, 7, 13])
    expect(f('tcp.ack == 0')).toEqual([7, 13])
    expect(f('tcp.len > 0')).toEqual([3, 4])
    expect(f('tcp.len == 0')).toEqual([1, 2, 7, 13])
    expect(f('tcp.stream == 1')).toEqual([7])
    expect(f('tcp.stream in {0}')).toEqual([1, 2, 3, 4, 13])
    expect(f('tcp.window_size > 65000')).toEqual([2, 3])
    expect(f('tcp.window_size_value == 64240')).toEqual([1])
    expect(f('tcp.window_size_scalefactor == -1')).toEqual([7])
    expect(f('tcp.window_size_scalefactor > 0')).toEqual([3])
    expect(f('tcp.window_size_scalefactor')).toEqual([3, 7])
  })

  it('analysis flags: present only when set; retransmission includes fast retransmission', () => {
    expect(f('tcp.analysis.flags')).toEqual([4, 7, 13])
    expect(f('tcp.analysis.retransmission')).toEqual([4, 13])
    expect(f('tcp.analysis.fast_retransmission')).toEqual([13])
    expect(f('tcp.analysis.duplicate_ack')).toEqual([7])
    expect(f('!tcp.analysis.flags && tcp')).toEqual([1, 2, 3])
    expect(f('tcp.analysis.ack_rtt > 0.2')).toEqual([4])
    expect(f('tcp.analysis.ack_rtt')).toEqual([4])
  })

  it('frame fields and issue bits', () => {
    expect(f('frame.number == 3')).toEqual([3])
    expect(f('frame.number in {1..2, 12..100}')).toEqual([1, 2, 12, 13])
    expect(f('frame.len > 1000')).toEqual([11])
    expect(f('frame.cap_len < 97 && frame.len >= 1514')).toEqual([11])
    expect(f('frame.time_relative >= 0.012')).toEqual([12, 13])
    expect(f('frame.time_relative == 2.5')).toEqual([12])
    expect(f('frame.time_relative > 2.4999999999')).toEqual([12])
    // Rows are 1 ms apart except row 12 (2.5 s) and row 13 (back to 12 ms: a negative delta).
    expect(f('frame.time_delta > 0.002')).toEqual([12])
    expect(f('frame.time_delta < 0')).toEqual([13])
    expect(f('frame.time_delta == 0')).toEqual([1])
    expect(f('frame.time_delta == 0.001')).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(f('_ws.malformed')).toEqual([12])
    expect(f('_ws.short')).toEqual([12])
    expect(f('_ws.expert')).toEqual([11, 12])
  })

  it('and / or / not combine; precedence as in Wireshark', () => {
    expect(f('udp or icmp and ip.src == 10.0.0.1')).toEqual([5, 6, 8])
    expect(f('(udp or icmp) and ipv6')).toEqual([6])
    expect(f('not tcp and not udp')).toEqual([8, 9, 10, 11, 12])
    expect(f('!!tcp')).toEqual(f('tcp'))
  })

  it('spans several chunks and scans partial ranges', () => {
    const many: Row[] = []
    for (let k = 0; k < 1000; k++)
      many.push({
        proto: k % 3 === 0 ? Proto.UDP : Proto.TCP,
        src: `10.0.${k >> 8}.${k & 255}`,
        dst: '10.1.0.1',
        sport: k,
        dport: 80,
      })
    const d = build(many, { chunkRows: 64 })
    expect(d.chunks.length).toBe(16)
    expect(frames('udp && udp.srcport < 10', d, backend)).toEqual([1, 4, 7, 10])
    expect(frames('ip.src == 10.0.3.0/24', d, backend).length).toBe(1000 - 768)
    expect(frames('frame.number in {63..66, 1000}', d, backend)).toEqual([63, 64, 65, 66, 1000])
    // frame.time_delta across a chunk boundary uses the previous chunk's last frame.
    expect(frames('frame.time_delta == 0.001', d, backend).length).toBe(999)
  })
})

describe('runFilter', () => {
  it('reports a missing TCP analysis as a filter error instead of guessing', async () => {
    const d = build(ROWS)
    const c = compileFilter('tcp.stream == 0')
    expect(c.ok).toBe(true)
    if (!c.ok) return
    const r = await runFilter(c.value, { ...d, tcp: null })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.message).toMatch(/needs the TCP analysis/)
  })

  it('runs incrementally (fromRow) and reports progress', async () => {
    const d = build(ROWS)
    const c = compileFilter('tcp')
    if (!c.ok) throw new Error(c.error.message)
    const seen: number[] = []
    const r = await runFilter(c.value, d, { fromRow: 4, onProgress: (rows) => seen.push(rows) })
    expect(r.ok && Array.from(r.value)).toEqual([6, 12])
    expect(seen).toEqual([ROWS.length - 4])
  })

  it('honours an aborted signal', async () => {
    const d = build(ROWS)
    const c = compileFilter('tcp')
    if (!c.ok) throw new Error(c.error.message)
    const ac = new AbortController()
    ac.abort()
    await expect(runFilter(c.value, d, { signal: ac.signal })).rejects.toThrow(/cancelled/)
  })

  it('both back ends agree on every filter of this file', () => {
    const d = build(ROWS, { linkTypes: [1, 113] })
    for (const text of [
      'tcp.port == 80 || ipv6',
      'ip.addr != 8.8.8.8',
      '!(tcp.flags.syn == 1) && tcp',
      'tcp.analysis.flags || _ws.expert',
    ]) {
      expect(frames(text, d, 'closures'), text).toEqual(frames(text, d, 'codegen'))
    }
  })
})

describe('properties', () => {
  it('never throws on arbitrary text and keeps error ranges inside it', async () => {
    const fc = await import('fast-check')
    const alphabet = fc.constantFrom(...'tcpudip.addr=!<>&|(){}[],"\\ 0123456789xX:/-~abcdefns'.split(''))
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 40 }).map((a) => a.join('')),
        (text) => {
          const r = compileFilter(text)
          if (!r.ok) {
            expect(r.error.start).toBeGreaterThanOrEqual(0)
            expect(r.error.end).toBeGreaterThanOrEqual(r.error.start)
            expect(r.error.end).toBeLessThanOrEqual(text.length)
            expect(r.error.message).not.toMatch(/internal filter error/)
          }
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('generated code and closures agree on random well-formed filters', async () => {
    const fc = await import('fast-check')
    const atoms = fc.constantFrom(
      'tcp',
      'udp',
      'ip',
      'ipv6',
      'eth',
      'arp',
      'icmp',
      'tcp.flags.syn',
      'tcp.analysis.flags',
      '_ws.expert',
      'ip.addr == 10.0.0.1',
      'ip.addr != 10.0.0.0/8',
      'ip.src ~= 192.168.1.10',
      'ipv6.addr == 2001:db8::/32',
      'tcp.port == 80',
      'tcp.port in {443, 1..100}',
      'udp.port != 53',
      'tcp.flags.ack == 1',
      'tcp.flags & 0x05',
      'tcp.seq == 1',
      'tcp.ack >= 1',
      'tcp.len > 50',
      'frame.number <= 6',
      'frame.len > 100',
      'frame.time_relative > 0.004',
      'frame.time_delta >= 0.001',
      'tcp.stream === 0',
      'tcp.srcport < tcp.dstport',
      'ip.src == ip.dst',
      'tcp.analysis.retransmission',
      'tcp.window_size_scalefactor',
      'tcp.analysis.ack_rtt < 1',
    )
    const expr = fc.letrec<{ e: string }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        atoms,
        tie('e').map((a) => `!${a.includes(' ') ? `(${a})` : a}`),
        fc
          .tuple(tie('e'), fc.constantFrom(' && ', ' || ', ' and ', ' or '), tie('e'))
          .map(([a, op, b]) => `(${a})${op}(${b})`),
      ),
    })).e
    const d = build(ROWS, { linkTypes: [1, 113] })
    fc.assert(
      fc.property(expr, (text) => {
        expect(frames(text, d, 'closures'), text).toEqual(frames(text, d, 'codegen'))
      }),
      { numRuns: 300 },
    )
  })
})
