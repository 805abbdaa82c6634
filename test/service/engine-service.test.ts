import { join, resolve } from 'node:path'
import { copyFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DetailNode, FileProgressEvent, FileRowsEvent } from '../../src/shared/ipc/contract'
import type { EngineService } from '../../src/main/engine/service/engine-service'
import { CAPTURES_DIR, PROJECT_FIXTURES_DIR, requireShared } from '../support/corpus'
import { runOracle } from '../support/oracle'
import { recordingService, tempDir, writeArpIcmpCapture, type Recorded } from './service-helpers'

requireShared()

const MYSQL = join(CAPTURES_DIR, 'real/arkime/mysql-deny.pcap')
const DNS_HIJACK = join(CAPTURES_DIR, 'real/packets/dns_isp_hijack.pcapng')
const MULTI_IDB = join(PROJECT_FIXTURES_DIR, 'multi-idb.pcapng')
const ICMPV6 = join(CAPTURES_DIR, 'tcpdump-tests/icmpv6-ns-nonce.pcap')

let service: EngineService
let events: Recorded[]
const tmp = tempDir()

async function openLoaded(path: string): Promise<number> {
  const r = await service.call('file.open', { path })
  if (!r.ok) throw new Error(r.error)
  await service.whenLoaded(r.value.fileId)
  return r.value.fileId
}

beforeAll(() => {
  ;({ service, events } = recordingService())
})
afterAll(async () => {
  await service.dispose()
})

/** tshark fields, one row per frame (TZ=UTC, cached by the oracle). */
function tsharkFields(file: string, fields: string[], filter?: string): string[][] {
  const args = ['-r', file, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])]
  if (filter) args.push('-Y', filter)
  const out = runOracle('tshark', args, file)
  return out.stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t'))
}

describe('file.open streams rows and progress', () => {
  it('sends every row once as column buffers, then a done progress event', async () => {
    events.length = 0
    const id = await openLoaded(DNS_HIJACK)
    const rows = events.filter((e) => e.event === 'file.onRows').map((e) => e.payload as FileRowsEvent)
    const prog = events
      .filter((e) => e.event === 'file.onProgress')
      .map((e) => e.payload as FileProgressEvent)
    expect(rows.reduce((n, b) => n + b.count, 0)).toBe(123)
    let next = 0
    for (const b of rows) {
      expect(b.fileId).toBe(id)
      expect(b.firstRow).toBe(next)
      next += b.count
      expect(b.columns.tsSec.byteLength).toBe(b.count * 8)
      expect(b.columns.origLen.byteLength).toBe(b.count * 4)
      expect(b.columns.proto.byteLength).toBe(b.count)
    }
    // The buffers listed for transfer are exactly the column buffers (copies: the index keeps its own).
    const batch = events.find((e) => e.event === 'file.onRows')!
    expect(batch.transfer).toEqual(Object.values((batch.payload as FileRowsEvent).columns))
    const lens = tsharkFields(DNS_HIJACK, ['frame.len']).map((r) => Number(r[0]))
    const got: number[] = []
    for (const b of rows) got.push(...new Uint32Array(b.columns.origLen))
    expect(got).toEqual(lens)
    const last = prog.at(-1)!
    expect(last.done).toBe(true)
    expect(last.rows).toBe(123)
    expect(last.cancelled).toBeUndefined()
  })

  it('a missing file or a non-capture fails the open with a typed error', async () => {
    const missing = await service.call('file.open', { path: join(tmp, 'nope.pcap') })
    expect(missing).toMatchObject({ ok: false, detail: { code: 'open-failed', reason: 'missing' } })
    const notCapture = await service.call('file.open', { path: resolve(__filename) })
    expect(notCapture).toMatchObject({ ok: false, detail: { code: 'open-failed' } })
    const dir = await service.call('file.open', { path: tmp })
    expect(dir).toMatchObject({ ok: false, detail: { code: 'open-failed', reason: 'directory' } })
  })
})

describe('file.rows', () => {
  it('columns match tshark: addresses, length, relative seq/ack in the Info text', async () => {
    const id = await openLoaded(DNS_HIJACK)
    const r = await service.call('file.rows', { fileId: id, start: 0, count: 200 })
    if (!r.ok) throw new Error(r.error)
    expect(r.value.total).toBe(123)
    expect(r.value.rows).toHaveLength(123)
    const ts = tsharkFields(DNS_HIJACK, [
      'frame.number',
      'ip.src',
      'ip.dst',
      'frame.len',
      'tcp.seq',
      'tcp.ack',
      'tcp.srcport',
      'tcp.dstport',
      'frame.time_relative',
      '_ws.col.Info',
    ])
    let tcpRows = 0
    let labelled = 0
    for (const [k, row] of r.value.rows.entries()) {
      const [no, src, dst, len, seq, ack, sport, dport, rel, wsInfo] = ts[k]!
      expect(row.no).toBe(Number(no))
      expect(row.source).toBe(src)
      expect(row.destination).toBe(dst)
      expect(row.length).toBe(Number(len))
      expect(row.time.sinceStart).toBe(Number(rel).toFixed(6))
      if (row.protocol === 'TCP') {
        tcpRows++
        expect(row.info).toContain(`${sport} → ${dport} [`)
        expect(row.info).toContain(` seq=${seq}`)
        if (row.info.includes(' ack=')) expect(row.info).toContain(` ack=${ack}`)
        expect(row.stream).toBeGreaterThanOrEqual(0)
        // The analysis labels in front are Wireshark's, in the same order.
        const prefix = (t: string): string => /^(\[TCP [^\]]+\] )*/.exec(t)![0]
        expect(prefix(row.info), `frame ${no}`).toBe(prefix(wsInfo!))
        if (prefix(wsInfo!)) labelled++
      }
    }
    expect(tcpRows).toBe(119)
    expect(labelled).toBeGreaterThan(5)
  })

  it('a SYN/ACK reads like the issue example and colours SYN rows', async () => {
    const id = await openLoaded(MYSQL)
    const r = await service.call('file.rows', { fileId: id, rows: [0, 1] })
    if (!r.ok) throw new Error(r.error)
    expect(r.value.rows[1]!.info).toMatch(
      /^3306 → 42418 \[S\.\] seq=0 ack=1 win=32768 len=0 mss=16396 ws=128 sack_perm tsval=\d+ tsecr=\d+$/,
    )
    expect(r.value.rows[0]!.color).toBe('tcp-syn')
    expect(r.value.rows[0]!.time.epoch).toBe('1398195861.493255')
  })

  it('non-TCP Info is tcpdump text; ARP and ICMP colours', async () => {
    const id = await openLoaded(writeArpIcmpCapture(tmp))
    const r = await service.call('file.rows', { fileId: id, start: 0, count: 3 })
    if (!r.ok) throw new Error(r.error)
    const out = runOracle(
      'tcpdump',
      ['-t', '-nn', '-r', join(tmp, 'arp-icmp.pcap')],
      join(tmp, 'arp-icmp.pcap'),
    )
    const lines = out.stdout.trim().split('\n')
    expect(r.value.rows[0]!.info).toBe(lines[0])
    expect(lines[1]).toContain(r.value.rows[1]!.info)
    expect(r.value.rows.map((x) => x.protocol)).toEqual(['ARP', 'ICMP', 'ICMP'])
    expect(r.value.rows.map((x) => x.color)).toEqual(['arp', 'icmp', 'icmp'])
    expect(r.value.rows[2]!.time.sincePrevious).toBe('1.000001')
  })
})

describe('filter.apply', () => {
  it('counts match tshark -Y and displayed rows are paged', async () => {
    const id = await openLoaded(DNS_HIJACK)
    for (const text of [
      'tcp.flags.syn==1 && tcp.flags.ack==0',
      'udp',
      'tcp.analysis.retransmission',
      'ip.addr==8.8.8.8 || tcp.port==80',
    ]) {
      const r = await service.call('filter.apply', { fileId: id, text })
      if (!r.ok) throw new Error(`${text}: ${r.error}`)
      const expected = tsharkFields(DNS_HIJACK, ['frame.number'], text).map((x) => Number(x[0]))
      expect(r.value.count, text).toBe(expected.length)
      const rows = await service.call('file.rows', { fileId: id, view: 'displayed', start: 0, count: 1000 })
      if (!rows.ok) throw new Error(rows.error)
      expect(
        rows.value.rows.map((x) => x.no),
        text,
      ).toEqual(expected)
      expect(rows.value.displayed).toBe(expected.length)
      const all = await service.call('filter.rows', { fileId: id })
      if (!all.ok) throw new Error(all.error)
      expect(Array.from(new Uint32Array(all.value.rows), (x) => x + 1)).toEqual(expected)
    }
    const clear = await service.call('filter.apply', { fileId: id, text: '' })
    expect(clear).toMatchObject({ ok: true, value: { count: 123 } })
  })

  it('a bad filter is a positioned bad-filter error', async () => {
    const id = await openLoaded(MYSQL)
    const r = await service.call('filter.apply', { fileId: id, text: 'tcp.port == ' })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.detail?.code).toBe('bad-filter')
    expect(typeof r.detail?.start).toBe('number')
    expect(r.detail!.end!).toBeGreaterThan(r.detail!.start!)
    const unknown = await service.call('filter.apply', { fileId: id, text: 'foo.bar == 1' })
    expect(unknown).toMatchObject({ ok: false, detail: { code: 'bad-filter', start: 0 } })
  })
})

describe('view.sort', () => {
  it('orders the displayed rows by a column, stably, and keeps the order across filters', async () => {
    const id = await openLoaded(DNS_HIJACK)
    const lens = tsharkFields(DNS_HIJACK, ['frame.len', 'ip.src']).map((r) => [Number(r[0]), r[1]!] as const)
    const page = async (): Promise<number[]> => {
      const r = await service.call('file.rows', { fileId: id, view: 'displayed', start: 0, count: 1000 })
      if (!r.ok) throw new Error(r.error)
      return r.value.rows.map((x) => x.no)
    }
    const frames = lens.map((_, i) => i + 1)
    const byLen = (desc: boolean): number[] =>
      [...frames].sort(
        (a, b) => (desc ? lens[b - 1]![0] - lens[a - 1]![0] : lens[a - 1]![0] - lens[b - 1]![0]) || a - b,
      )
    expect(await service.call('view.sort', { fileId: id, column: 'length' })).toMatchObject({
      ok: true,
      value: { count: 123 },
    })
    expect(await page()).toEqual(byLen(false))
    expect(await service.call('view.sort', { fileId: id, column: 'length', descending: true })).toMatchObject(
      { ok: true },
    )
    expect(await page()).toEqual(byLen(true))
    // A filter keeps the sort; rows by explicit list report their position in the sorted view.
    const f = await service.call('filter.apply', { fileId: id, text: 'tcp.port == 80' })
    if (!f.ok) throw new Error(f.error)
    const shown = await page()
    const expected = byLen(true).filter((n) =>
      tsharkFields(DNS_HIJACK, ['frame.number'], 'tcp.port == 80').some((r) => Number(r[0]) === n),
    )
    expect(shown).toEqual(expected)
    const one = await service.call('file.rows', { fileId: id, view: 'displayed', rows: [shown[3]! - 1] })
    expect(one.ok && one.value.rows[0]!.pos).toBe(3)
    // Source: grouped by address, IPv4 in numeric order.
    await service.call('filter.apply', { fileId: id, text: '' })
    await service.call('view.sort', { fileId: id, column: 'source' })
    const src = await page()
    const key = (n: number): string =>
      lens[n - 1]![1].split('.')
        .map((x) => x.padStart(3, '0'))
        .join('.')
    for (let i = 1; i < src.length; i++) {
      expect(key(src[i - 1]!) <= key(src[i]!)).toBe(true)
      if (key(src[i - 1]!) === key(src[i]!)) expect(src[i - 1]!).toBeLessThan(src[i]!)
    }
    await service.call('view.sort', { fileId: id, column: 'no' })
    expect(await page()).toEqual(frames)
    expect(await service.call('view.sort', { fileId: id, column: 'info' as never })).toMatchObject({
      ok: false,
      detail: { code: 'bad-request' },
    })
  })
})

/** Wireshark's field byte ranges for one frame, from tshark PDML: name → [pos, pos+size) (first occurrence). */
function pdmlRanges(file: string, frame: number): Map<string, [number, number]> {
  const out = runOracle('tshark', ['-r', file, '-T', 'pdml'], file)
  const packets = out.stdout.split('<packet>')
  const pkt = packets[frame]!
  const m = new Map<string, [number, number]>()
  const re = /<(?:field|proto) name="([^"]+)"([^>]*)>/g
  for (let x = re.exec(pkt); x; x = re.exec(pkt)) {
    const attrs = x[2]!
    if (/hide="yes"/.test(attrs)) continue
    const size = /size="(\d+)"/.exec(attrs)
    const pos = /pos="(\d+)"/.exec(attrs)
    if (!size || !pos || m.has(x[1]!)) continue
    m.set(x[1]!, [Number(pos[1]), Number(pos[1]) + Number(size[1])])
  }
  return m
}

function flatten(nodes: DetailNode[], out: DetailNode[] = []): DetailNode[] {
  for (const n of nodes) {
    out.push(n)
    if (n.children) flatten(n.children, out)
  }
  return out
}

/** Fields whose range we deliberately draw differently from Wireshark (documented in the dissector). */
const NOT_COMPARED = new Set([
  'frame', // Wireshark's proto spans the frame too, but its fields are 0-length: compared via frame.number below
  'tcp.options.mss_val', // the decoder keeps option values, not each option's offset
  'tcp.options.wscale.shift',
  'tcp.options.sack_perm',
  'tcp.options.timestamp.tsval',
  'tcp.options.sack',
  'tcp.len', // Wireshark: 0-length generated field
  'data.len',
])

describe('frame.details', () => {
  const cases: Array<[string, string, number[]]> = [
    ['TCP + UDP/DNS over Ethernet', DNS_HIJACK, [1, 2, 3, 10, 60]],
    // (frames before 16 only: tshark numbers a non-packet block there as a frame, wirelite's reader does not)
    ['SLL, raw IP, several interfaces', MULTI_IDB, [1, 2, 3, 12]],
    ['IPv6 ICMPv6', ICMPV6, [1]],
  ]
  for (const [name, file, frames] of cases) {
    it(`byte ranges of every field equal tshark's PDML pos/size: ${name}`, async () => {
      const id = await openLoaded(file)
      let compared = 0
      for (const frame of frames) {
        const r = await service.call('frame.details', { fileId: id, frame })
        if (!r.ok) throw new Error(r.error)
        const d = r.value
        const caplen = Number(tsharkFields(file, ['frame.cap_len'])[frame - 1]![0])
        expect(d.bytes.length).toBe(caplen)
        const ws = pdmlRanges(file, frame)
        for (const n of flatten(d.tree)) {
          expect(n.start).toBeGreaterThanOrEqual(0)
          expect(n.end).toBeLessThanOrEqual(d.bytes.length)
          expect(n.end).toBeGreaterThanOrEqual(n.start)
          if (!n.field || NOT_COMPARED.has(n.field) || n.issue) continue
          const w = ws.get(n.field)
          if (!w || n.end === n.start) continue
          expect([n.field, n.start, n.end], `frame ${frame} ${n.label}`).toEqual([n.field, w[0], w[1]])
          compared++
        }
      }
      expect(compared).toBeGreaterThan(frames.length * 5)
    })
  }

  it('TCP layer carries the analysis like Wireshark: stream, relative seq/ack, expert items', async () => {
    const id = await openLoaded(DNS_HIJACK)
    const [seq, ack, stream] = tsharkFields(DNS_HIJACK, ['tcp.seq', 'tcp.ack', 'tcp.stream'])[49]!
    const r = await service.call('frame.details', { fileId: id, frame: 50 })
    if (!r.ok) throw new Error(r.error)
    const all = flatten(r.value.tree)
    const byField = (name: string): DetailNode | undefined => all.find((n) => n.field === name)
    expect(byField('tcp.stream')!.label).toBe(`[Stream index: ${stream}]`)
    expect(byField('tcp.seq')!.label).toContain(`Sequence Number: ${seq} `)
    expect(byField('tcp.ack')!.label).toContain(`Acknowledgment Number: ${ack} `)
    const retrans = byField('tcp.analysis.retransmission')!
    expect(retrans.issue?.severity).toBe('note')
    expect(r.value.tree.find((n) => n.field === 'tcp')!.label).toContain(`Seq: ${seq}, Ack: ${ack}`)
  })

  it('ARP and ICMP trees, and the hex bytes are the frame', async () => {
    const path = writeArpIcmpCapture(tmp)
    const id = await openLoaded(path)
    for (const frame of [1, 2]) {
      const r = await service.call('frame.details', { fileId: id, frame })
      if (!r.ok) throw new Error(r.error)
      const ws = pdmlRanges(path, frame)
      let compared = 0
      for (const n of flatten(r.value.tree)) {
        const w = n.field ? ws.get(n.field) : undefined
        if (!w || n.end === n.start || NOT_COMPARED.has(n.field!)) continue
        expect([n.field, n.start, n.end]).toEqual([n.field, w[0], w[1]])
        compared++
      }
      expect(compared).toBeGreaterThan(8)
    }
    const bad = await service.call('frame.details', { fileId: id, frame: 4 })
    expect(bad).toMatchObject({ ok: false, detail: { code: 'out-of-range' } })
  })
})

describe('TCP: conversations, follow, states', () => {
  it('conv.list, stream.follow and stream.states agree with the stream', async () => {
    const id = await openLoaded(MYSQL)
    const conv = await service.call('conv.list', { fileId: id })
    if (!conv.ok) throw new Error(conv.error)
    expect(conv.value).toHaveLength(1)
    expect(conv.value[0]).toMatchObject({
      clientPort: 42418,
      serverPort: 3306,
      packets: 10,
      endReason: 'fin-both',
    })
    const f = await service.call('stream.follow', { fileId: id, stream: 0 })
    if (!f.ok) throw new Error(f.error)
    expect(f.value.bytes).toEqual([
      conv.value[0]!.payloadClientToServer,
      conv.value[0]!.payloadServerToClient,
    ])
    expect(f.value.client).toEqual({ address: '192.168.1.3', port: 42418 })
    // Same reassembled bytes as tshark's follow (hex dump of the first server chunk).
    const tf = runOracle('tshark', ['-r', MYSQL, '-q', '-z', 'follow,tcp,raw,0'], MYSQL).stdout
    const firstHex = tf
      .split('\n')
      .find((l) => /^\s*[0-9a-f]+$/.test(l) && l.length > 8)!
      .trim()
    const first = f.value.chunks[0]!
    expect(Buffer.from(first.data).toString('hex')).toBe(firstHex)
    const st = await service.call('stream.states', { fileId: id, stream: 0 })
    if (!st.ok) throw new Error(st.error)
    expect(st.value.frames).toHaveLength(10)
    expect(st.value.transitions[0]).toMatchObject({
      frame: 1,
      side: 'client',
      from: 'CLOSED',
      to: 'SYN_SENT',
    })
    expect(st.value.client[2]).toBe('ESTABLISHED')
    const nope = await service.call('stream.states', { fileId: id, stream: 1 })
    expect(nope).toMatchObject({ ok: false, detail: { code: 'out-of-range' } })
  })
})

describe('export.save', () => {
  it('writes pcapng / pcap atomically and tshark reads back the chosen frames', async () => {
    const id = await openLoaded(DNS_HIJACK)
    const lens = tsharkFields(DNS_HIJACK, ['frame.len', 'frame.time_epoch'])
    const f = await service.call('filter.apply', { fileId: id, text: 'udp' })
    if (!f.ok) throw new Error(f.error)
    const shown = tsharkFields(DNS_HIJACK, ['frame.len', 'frame.time_epoch'], 'udp')
    const check = async (
      req: {
        format: 'pcap' | 'pcapng'
        which: 'all' | 'displayed' | 'selected' | 'range'
        frames?: number[]
        range?: { from: number; to: number }
      },
      expected: string[][],
      name: string,
    ): Promise<void> => {
      const path = join(tmp, name)
      const r = await service.call('export.save', { fileId: id, path, ...req })
      if (!r.ok) throw new Error(r.error)
      expect(r.value.packets).toBe(expected.length)
      expect(r.value.verifiedPackets).toBe(expected.length)
      const back = tsharkFields(path, ['frame.len', 'frame.time_epoch'])
      expect(back).toEqual(expected)
      const cap = runOracle('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.number'], path)
      expect(cap.status).toBe(0)
    }
    await check({ format: 'pcapng', which: 'displayed' }, shown, 'displayed.pcapng')
    await check({ format: 'pcap', which: 'all' }, lens, 'all.pcap')
    await check(
      { format: 'pcapng', which: 'selected', frames: [3, 1, 50] },
      [lens[0]!, lens[2]!, lens[49]!],
      'selected.pcapng',
    )
    await check(
      { format: 'pcap', which: 'range', range: { from: 10, to: 20 } },
      lens.slice(9, 20),
      'range.pcap',
    )
  })

  it('never writes over the open capture, and needs an absolute path', async () => {
    const copy = join(tmp, 'copy.pcap')
    copyFileSync(MYSQL, copy)
    const id = await openLoaded(copy)
    const same = await service.call('export.save', { fileId: id, path: copy, format: 'pcap', which: 'all' })
    expect(same).toMatchObject({ ok: false, detail: { code: 'same-file' } })
    const rel = await service.call('export.save', {
      fileId: id,
      path: 'out.pcap',
      format: 'pcap',
      which: 'all',
    })
    expect(rel).toMatchObject({ ok: false, detail: { code: 'bad-request' } })
    const badRange = await service.call('export.save', {
      fileId: id,
      path: join(tmp, 'x.pcap'),
      format: 'pcap',
      which: 'range',
      range: { from: 5, to: 2 },
    })
    expect(badRange).toMatchObject({ ok: false, detail: { code: 'bad-request' } })
  })
})

describe('file.close / cancel', () => {
  it('a closed file is gone; cancel on a loaded file is harmless', async () => {
    const id = await openLoaded(MYSQL)
    expect(await service.call('file.cancel', { fileId: id })).toEqual({ ok: true, value: null })
    expect(await service.call('file.close', { fileId: id })).toEqual({ ok: true, value: null })
    const r = await service.call('file.rows', { fileId: id, start: 0, count: 1 })
    expect(r).toMatchObject({ ok: false, detail: { code: 'no-such-file' } })
  })
})
