import { describe, expect, it } from 'vitest'
import {
  ChunkFlag,
  FollowReassembler,
  directionBytes,
  mergeTurns,
  reassembleFollow,
  type FollowSegment,
} from './follow-reassembler'
import { formatFollow } from './follow-format'

const C = { srcAddr: 'c', srcPort: 1000, dstAddr: 's', dstPort: 80 }
const S = { srcAddr: 's', srcPort: 80, dstAddr: 'c', dstPort: 1000 }
const SYN = 0x02
const ACK = 0x10
const FIN = 0x01
const RST = 0x04

let frame = 0
function seg(
  side: typeof C,
  seq: number,
  text: string,
  opts: { ack?: number; flags?: number; segLen?: number } = {},
): FollowSegment {
  const payload = new TextEncoder().encode(text)
  return {
    frame: ++frame,
    ...side,
    seq,
    ack: opts.ack ?? 0,
    flags: opts.flags ?? ACK,
    segLen: opts.segLen ?? payload.length,
    payload,
  }
}
const str = (b: Uint8Array): string => new TextDecoder().decode(b)

describe('FollowReassembler', () => {
  it('appends in-order data per direction and keeps arrival order across directions', () => {
    frame = 0
    const r = reassembleFollow([
      seg(C, 0, '', { flags: SYN }),
      seg(S, 0, '', { flags: SYN | ACK, ack: 1 }),
      seg(C, 1, 'GET /'),
      seg(S, 1, 'HTTP/1.1'),
      seg(C, 6, ' HTTP'),
    ])
    expect(r.client).toEqual({ addr: 'c', port: 1000 })
    expect(r.chunks.map((c) => [c.dir, str(c.data), c.firstFrame])).toEqual([
      [0, 'GET /', 3],
      [1, 'HTTP/1.1', 4],
      [0, ' HTTP', 5],
    ])
    expect(str(directionBytes(r, 0))).toBe('GET / HTTP')
    expect(r.stats[0].bytes).toBe(10)
  })

  it('drops a full retransmission and counts its bytes once', () => {
    frame = 0
    const r = reassembleFollow([seg(C, 1, 'abcd'), seg(C, 1, 'abcd'), seg(C, 5, 'ef')])
    expect(str(directionBytes(r, 0))).toBe('abcdef')
    expect(r.chunks).toHaveLength(2)
    expect(r.stats[0].droppedBytes).toBe(4)
  })

  it('keeps only the unseen tail of a partially overlapping retransmission', () => {
    frame = 0
    const r = reassembleFollow([seg(C, 1, 'abcd'), seg(C, 3, 'cdEF')])
    expect(str(directionBytes(r, 0))).toBe('abcdEF')
    const tail = r.chunks[1]!
    expect(str(tail.data)).toBe('EF')
    expect(tail.seq).toBe(5)
    expect(tail.flags & ChunkFlag.RetransTrimmed).toBeTruthy()
    expect(tail.droppedBytes).toBe(2)
  })

  it('a retransmission with different content keeps the first bytes seen (like tshark)', () => {
    frame = 0
    const r = reassembleFollow([seg(C, 1, 'abcd'), seg(C, 1, 'WXYZ!')])
    expect(str(directionBytes(r, 0))).toBe('abcd!')
  })

  it('buffers out-of-order segments until the hole is filled', () => {
    frame = 0
    const r = reassembleFollow([seg(C, 1, 'ab'), seg(C, 5, 'ef'), seg(C, 7, 'gh'), seg(C, 3, 'cd')])
    expect(str(directionBytes(r, 0))).toBe('abcdefgh')
    expect(r.chunks.map((c) => c.firstFrame)).toEqual([1, 4, 2, 3])
    expect(r.chunks[2]!.flags & ChunkFlag.OutOfOrder).toBeTruthy()
    expect(r.pending).toHaveLength(0)
  })

  it('marks a gap when the receiver acknowledges past missing bytes', () => {
    frame = 0
    const r = reassembleFollow([
      seg(C, 1, 'abc'),
      seg(C, 10, 'jkl'), // bytes 4..9 never captured
      seg(S, 1, '', { ack: 13 }),
    ])
    const [a, gap, b] = r.chunks
    expect(str(a!.data)).toBe('abc')
    expect(gap!.flags & ChunkFlag.Gap).toBeTruthy()
    expect(gap!.missing).toBe(6)
    expect(str(gap!.data)).toBe('[6 bytes missing in capture file]\0')
    expect(gap!.firstFrame).toBe(3)
    expect(str(b!.data)).toBe('jkl')
    expect(r.stats[0]).toMatchObject({ gaps: 1, missingBytes: 6, bytes: 6 })
    expect(str(directionBytes(r, 0, { includeGapMarkers: false }))).toBe('abcjkl')
  })

  it('does not mark a gap while the acknowledgement is below the buffered fragment', () => {
    frame = 0
    const r = reassembleFollow([seg(C, 1, 'abc'), seg(C, 10, 'jkl'), seg(S, 1, '', { ack: 4 })])
    expect(str(directionBytes(r, 0))).toBe('abc')
    expect(r.pending.map((c) => str(c.data))).toEqual(['jkl'])
  })

  it('a segment one past the FIN waits as a fragment (the FIN takes no byte in the follow stream)', () => {
    frame = 0
    const r = reassembleFollow([seg(C, 1, 'abc', { flags: ACK | FIN }), seg(C, 5, 'late')])
    // tshark's follow never advances over the FIN, so seq 5 leaves a 1-byte hole: the bytes stay unplaced.
    expect(str(directionBytes(r, 0))).toBe('abc')
    expect(r.pending.map((c) => str(c.data))).toEqual(['late'])
  })

  it('flags contiguous data that follows the FIN sequence number and data after RST', () => {
    frame = 0
    const r = reassembleFollow([
      seg(C, 1, 'abc', { flags: ACK | FIN, segLen: 3 }),
      seg(C, 4, 'x'),
      seg(S, 1, 'bye', { flags: ACK | RST }),
      seg(S, 4, 'more'),
    ])
    expect(r.chunks.map((c) => [str(c.data), c.flags & (ChunkFlag.AfterFin | ChunkFlag.AfterRst)])).toEqual([
      ['abc', 0],
      ['x', ChunkFlag.AfterFin],
      ['bye', 0],
      ['more', ChunkFlag.AfterRst],
    ])
    expect(r.stats[0].afterFinBytes).toBe(1)
  })

  it('handles SYN with data (TCP Fast Open): data starts at ISN+1', () => {
    frame = 0
    const r = reassembleFollow([seg(C, 0, 'hello', { flags: SYN }), seg(C, 6, ' world')])
    expect(str(directionBytes(r, 0))).toBe('hello world')
  })

  it('compares sequence numbers modulo 2^32 (wraparound)', () => {
    frame = 0
    const base = 0xfffffffe
    const r = reassembleFollow([
      seg(C, base, 'ab'),
      seg(C, 2, 'ef'), // out of order across the wrap
      seg(C, 0, 'cd'),
      seg(C, 0xffffffff, 'bcd'), // overlapping retransmission across the wrap
    ])
    expect(str(directionBytes(r, 0))).toBe('abcdef')
  })

  it('advances by the reported length when the capture truncated the payload', () => {
    frame = 0
    const r = reassembleFollow([seg(C, 1, 'ab', { segLen: 10 }), seg(C, 11, 'next')])
    expect(str(directionBytes(r, 0))).toBe('abnext')
    expect(r.chunks[0]!.flags & ChunkFlag.Truncated).toBeTruthy()
  })

  it('the first segment seen decides the client even if it comes from the server port', () => {
    frame = 0
    const r = reassembleFollow([seg(S, 100, 'banner'), seg(C, 7, 'hi')])
    expect(r.client).toEqual({ addr: 's', port: 80 })
    expect(r.chunks.map((c) => c.dir)).toEqual([0, 1])
  })

  it('mergeTurns joins consecutive same-direction chunks into turns, keeping gaps apart', () => {
    frame = 0
    const r = reassembleFollow([
      seg(C, 1, 'GET '),
      seg(C, 5, '/ HTTP'),
      seg(S, 1, 'HTTP'),
      seg(S, 5, '/1.1'),
      seg(C, 20, 'late'), // buffered until the server acks past it
      seg(S, 9, '', { ack: 30 }),
    ])
    const turns = mergeTurns(r)
    expect(turns.map((t) => [t.dir, str(t.data), t.firstFrame, t.lastFrame, t.seq, t.endSeq])).toEqual([
      [0, 'GET / HTTP', 1, 2, 1, 11],
      [1, 'HTTP/1.1', 3, 4, 1, 9],
      [0, '[9 bytes missing in capture file]\0', 6, 6, 11, 20],
      [0, 'late', 5, 5, 20, 24],
    ])
    expect(r.chunks).toHaveLength(6)
  })

  it('is incremental: push() then result() equals reassembleFollow()', () => {
    frame = 0
    const segs = [seg(C, 1, 'ab'), seg(C, 5, 'ef'), seg(S, 1, '', { ack: 7 })]
    const r = new FollowReassembler()
    for (const s of segs) r.push(s)
    expect(r.result().chunks.map((c) => str(c.data))).toEqual(
      reassembleFollow(segs).chunks.map((c) => str(c.data)),
    )
  })
})

describe('formatFollow', () => {
  const header = {
    stream: 3,
    clientAddr: '10.0.0.1',
    clientPort: 1000,
    serverAddr: '10.0.0.2',
    serverPort: 80,
    ipv6: false,
  }
  frame = 0
  const r = reassembleFollow([seg(C, 1, 'GET /\r\n'), seg(S, 1, 'HTTP/1.1 200 OK\r\n\u0001xyz')])

  it('raw: hex per chunk, server lines indented by a tab', () => {
    expect(formatFollow(r, header, 'raw')).toBe(
      '\n' +
        '===================================================================\n' +
        'Follow: tcp,raw\n' +
        'Filter: tcp.stream eq 3\n' +
        'Node 0: 10.0.0.1:1000\n' +
        'Node 1: 10.0.0.2:80\n' +
        '474554202f0d0a\n' +
        '\t485454502f312e3120323030204f4b0d0a0178797a\n' +
        '===================================================================\n',
    )
  })

  it('ascii: length line then printable text (CR/LF kept, others as dots)', () => {
    const out = formatFollow(r, header, 'ascii').split('Node 1: 10.0.0.2:80\n')[1]
    expect(out).toBe(
      '7\nGET /\r\n\n\t21\nHTTP/1.1 200 OK\r\n.xyz\n===================================================================\n',
    )
  })

  it('hex: offsets per direction, split after 8 bytes, trailing split space trimmed', () => {
    const out = formatFollow(r, header, 'hex').split('Node 1: 10.0.0.2:80\n')[1]
    expect(out).toBe(
      '00000000  47 45 54 20 2f 0d 0a                              GET /..\n' +
        '\t00000000  48 54 54 50 2f 31 2e 31  20 32 30 30 20 4f 4b 0d  HTTP/1.1  200 OK.\n' +
        '\t00000010  0a 01 78 79 7a                                    ..xyz\n' +
        '===================================================================\n',
    )
  })

  it('hex: drops one trailing space of the text column (a printed space too, like tshark)', () => {
    frame = 0
    const sp = reassembleFollow([seg(C, 1, 'abcdefg '), seg(C, 9, 'ABCDEFGHIJKLMNO  ')])
    const out = formatFollow(sp, header, 'hex').split('Node 1: 10.0.0.2:80\n')[1]!.split('\n')
    expect(out[0]!.slice(60)).toBe('abcdefg ')
    expect(out[1]!.slice(60)).toBe('ABCDEFGH IJKLMNO')
    expect(out[2]!.slice(60)).toBe('')
  })

  it('brackets IPv6 nodes', () => {
    const h6 = { ...header, clientAddr: '2001:db8::1', serverAddr: '2001:db8::2', ipv6: true }
    expect(formatFollow(r, h6, 'raw')).toContain('Node 0: [2001:db8::1]:1000\nNode 1: [2001:db8::2]:80\n')
  })
})
