import { describe, expect, it } from 'vitest'
import { TcpSeqTracker, type SeqResult } from './tcp-seq-tracker'

const A = new Uint8Array([10, 0, 0, 1, 10, 0, 0, 2])
const out: SeqResult = { seq: 0, ack: 0, thSeq: 0, thAck: 0, rev: false }

describe('TcpSeqTracker (tcpdump tcp_seq_hash)', () => {
  it('the first ACK-bearing segment records the ISNs and prints absolute; later ones are relative', () => {
    const t = new TcpSeqTracker()
    // SYN-ACK from server 10.0.0.2:80 → client 10.0.0.1:40000 (sport 80 < dport: not reversed).
    t.track(A, 4, 0, 4, 80, 40000, 5000, 1001, true, out)
    expect([out.seq, out.ack, out.rev]).toEqual([5000, 1001, false])
    // Client's ACK: sport 40000 > dport 80 → reversed key, same entry.
    t.track(A, 0, 4, 4, 40000, 80, 1001, 5001, false, out)
    expect([out.seq, out.ack, out.rev]).toEqual([1, 1, true])
    // Server data.
    t.track(A, 4, 0, 4, 80, 40000, 5001, 1001, false, out)
    expect([out.seq, out.ack]).toEqual([1, 1])
  })

  it('a SYN with ACK resets an existing entry; wrap-around is modulo 2^32', () => {
    const t = new TcpSeqTracker()
    t.track(A, 0, 4, 4, 1000, 2000, 0xfffffff0, 10, false, out)
    t.track(A, 0, 4, 4, 1000, 2000, 0x10, 20, false, out)
    expect([out.seq, out.ack]).toEqual([0x20, 11])
    t.track(A, 0, 4, 4, 1000, 2000, 7, 8, true, out)
    expect([out.seq, out.ack]).toEqual([7, 8])
    t.track(A, 0, 4, 4, 1000, 2000, 9, 8, false, out)
    expect([out.seq, out.ack]).toEqual([2, 1])
  })

  it('equal ports: the address bytes decide the direction', () => {
    const t = new TcpSeqTracker()
    t.track(A, 4, 0, 4, 179, 179, 100, 200, false, out)
    expect(out.rev).toBe(true)
    t.track(A, 0, 4, 4, 179, 179, 199, 101, false, out)
    expect(out.rev).toBe(false)
    expect([out.seq, out.ack]).toEqual([0, 1])
  })
})
