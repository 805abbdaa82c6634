import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { runStateMachine, type StreamStates } from './machine'
import { segmentsFromList, type SegmentInit } from './segments'
import { stateName, isAssumed, StateReason as R, REASON_KEYS } from '../../../../shared/explain'

/** Row i → "CLIENT/SERVER" with a trailing ? for assumed states. */
function rows(st: StreamStates): string[] {
  const out: string[] = []
  for (let i = 0; i < st.count; i++) {
    const c = stateName(st.client[i]!) + (isAssumed(st.client[i]!) ? '?' : '')
    const s = stateName(st.server[i]!) + (isAssumed(st.server[i]!) ? '?' : '')
    out.push(`${c}/${s}`)
  }
  return out
}

function run(list: SegmentInit[]): { st: StreamStates; r: string[] } {
  const st = runStateMachine(segmentsFromList(list))
  return { st, r: rows(st) }
}

// Client ISN 1000, server ISN 5000 (absolute numbers, as on the wire).
const C = 1000
const V = 5000
const open3: SegmentInit[] = [
  { dir: 'c>s', flags: 'S', seq: C },
  { dir: 's>c', flags: 'S.', seq: V, ack: C + 1 },
  { dir: 'c>s', flags: '.', seq: C + 1, ack: V + 1 },
]

describe('state machine: opening', () => {
  it('normal three-way handshake', () => {
    const { st, r } = run(open3)
    expect(r).toEqual(['SYN_SENT/SYN_RECEIVED', 'ESTABLISHED/SYN_RECEIVED', 'ESTABLISHED/ESTABLISHED'])
    expect(st.initialClient).toBe(0) // CLOSED
    expect(stateName(st.initialServer)).toBe('LISTEN')
    expect(
      st.transitions.map((t) => [t.frame, t.side, stateName(t.from), stateName(t.to), REASON_KEYS[t.reason]]),
    ).toEqual([
      [1, 0, 'CLOSED', 'SYN_SENT', 'reason.sendSyn'],
      [1, 1, 'LISTEN', 'SYN_RECEIVED', 'reason.rcvSyn'],
      [2, 0, 'SYN_SENT', 'ESTABLISHED', 'reason.rcvSynAck'],
      [3, 1, 'SYN_RECEIVED', 'ESTABLISHED', 'reason.rcvAckOfSyn'],
    ])
  })

  it('data piggybacked on the third packet completes the handshake', () => {
    const { r } = run([...open3.slice(0, 2), { dir: 'c>s', flags: 'P.', seq: C + 1, ack: V + 1, len: 10 }])
    expect(r[2]).toBe('ESTABLISHED/ESTABLISHED')
  })

  it('simultaneous open: crossing SYNs, then SYN/ACKs', () => {
    const { st, r } = run([
      { dir: 'c>s', flags: 'S', seq: C },
      { dir: 's>c', flags: 'S', seq: V },
      { dir: 'c>s', flags: 'S.', seq: C, ack: V + 1 },
      { dir: 's>c', flags: 'S.', seq: V, ack: C + 1 },
    ])
    expect(r).toEqual([
      'SYN_SENT/SYN_RECEIVED',
      'SYN_RECEIVED/SYN_RECEIVED',
      'SYN_RECEIVED/ESTABLISHED',
      'ESTABLISHED/ESTABLISHED',
    ])
    expect(st.clientReason[1]).toBe(R.SIM_OPEN)
    expect(st.serverReason[1]).toBe(R.SIM_OPEN)
    // Simultaneous open is active on both sides: an RST in SYN_RECEIVED closes, it does not go back to LISTEN.
    const rst = run([
      { dir: 'c>s', flags: 'S', seq: C },
      { dir: 's>c', flags: 'S', seq: V },
      { dir: 'c>s', flags: 'R', seq: C + 1 },
    ])
    expect(rst.r[2]).toBe('CLOSED/CLOSED')
  })

  it('retransmitted SYN and SYN/ACK change nothing and are noted', () => {
    const { st, r } = run([
      { dir: 'c>s', flags: 'S', seq: C },
      { dir: 'c>s', flags: 'S', seq: C },
      { dir: 's>c', flags: 'S.', seq: V, ack: C + 1 },
      { dir: 's>c', flags: 'S.', seq: V, ack: C + 1 },
      { dir: 'c>s', flags: '.', seq: C + 1, ack: V + 1 },
    ])
    expect(r).toEqual([
      'SYN_SENT/SYN_RECEIVED',
      'SYN_SENT/SYN_RECEIVED',
      'ESTABLISHED/SYN_RECEIVED',
      'ESTABLISHED/SYN_RECEIVED',
      'ESTABLISHED/ESTABLISHED',
    ])
    expect(st.clientReason[1]).toBe(R.RETRANS_SYN)
    expect(st.serverReason[3]).toBe(R.RETRANS_SYN)
    expect(st.transitions).toHaveLength(4)
  })

  it('a SYN with a new ISN replaces the old one: the SYN/ACK must ack the new ISN', () => {
    const { st, r } = run([
      { dir: 'c>s', flags: 'S', seq: C },
      { dir: 'c>s', flags: 'S', seq: C + 5000 },
      { dir: 's>c', flags: 'S.', seq: V, ack: C + 5001 },
    ])
    expect(r).toEqual(['SYN_SENT/SYN_RECEIVED', 'SYN_SENT/SYN_RECEIVED', 'ESTABLISHED/SYN_RECEIVED'])
    expect(st.clientReason[1]).toBe(R.SEND_SYN)
  })

  it('connection refused: SYN answered by RST/ACK', () => {
    const { st, r } = run([
      { dir: 'c>s', flags: 'S', seq: C },
      { dir: 's>c', flags: 'R.', seq: 0, ack: C + 1 },
    ])
    expect(r).toEqual(['SYN_SENT/SYN_RECEIVED', 'CLOSED/CLOSED'])
    expect(st.clientReason[1]).toBe(R.REFUSED_RCV)
    expect(st.serverReason[1]).toBe(R.REFUSED_SEND)
  })

  it('refused twice: the retried SYN re-enters SYN_SENT, the server stays CLOSED', () => {
    const { r } = run([
      { dir: 'c>s', flags: 'S', seq: C },
      { dir: 's>c', flags: 'R.', seq: 0, ack: C + 1 },
      { dir: 'c>s', flags: 'S', seq: C },
      { dir: 's>c', flags: 'R.', seq: 0, ack: C + 1 },
    ])
    expect(r).toEqual(['SYN_SENT/SYN_RECEIVED', 'CLOSED/CLOSED', 'SYN_SENT/CLOSED', 'CLOSED/CLOSED'])
  })

  it('an RST in SYN_SENT that does not ack the SYN is ignored (RFC 9293 3.10.7.3)', () => {
    const { st, r } = run([
      { dir: 'c>s', flags: 'S', seq: C },
      { dir: 's>c', flags: 'R.', seq: 0, ack: C + 77 },
    ])
    expect(r[1]).toBe('SYN_SENT/CLOSED')
    expect(st.clientReason[1]).toBe(R.RST_IGNORED)
  })

  it('SYN/ACK as the first captured packet: the SYN was missed', () => {
    const { st, r } = run(open3.slice(1))
    expect(stateName(st.initialClient)).toBe('SYN_SENT')
    expect(isAssumed(st.initialClient)).toBe(true)
    // dir s>c first: the machine still reports client = dir 0.
    expect(r).toEqual(['ESTABLISHED/SYN_RECEIVED', 'ESTABLISHED/ESTABLISHED'])
    expect(st.serverReason[0]).toBe(R.SEND_SYNACK_UNSEEN_SYN)
  })

  it('SYN/ACK missed: the client ACK reveals it', () => {
    const { st, r } = run([open3[0]!, open3[2]!])
    expect(r).toEqual(['SYN_SENT/SYN_RECEIVED', 'ESTABLISHED/ESTABLISHED'])
    expect(st.clientReason[1]).toBe(R.SEND_ACK_UNSEEN_SYNACK)
  })
})

// After open3 + one request/response: client sent 1:101 (100 bytes), server 1:201.
const established: SegmentInit[] = [
  ...open3,
  { dir: 'c>s', flags: 'P.', seq: C + 1, ack: V + 1, len: 100 },
  { dir: 's>c', flags: 'P.', seq: V + 1, ack: C + 101, len: 200 },
  { dir: 'c>s', flags: '.', seq: C + 101, ack: V + 201 },
]
const cFin = C + 101
const vFin = V + 201

describe('state machine: closing', () => {
  it('four-packet teardown, client closes first: TIME_WAIT on the active closer', () => {
    const { st, r } = run([
      ...established,
      { dir: 'c>s', flags: 'F.', seq: cFin, ack: vFin },
      { dir: 's>c', flags: '.', seq: vFin, ack: cFin + 1 },
      { dir: 's>c', flags: 'F.', seq: vFin, ack: cFin + 1 },
      { dir: 'c>s', flags: '.', seq: cFin + 1, ack: vFin + 1 },
    ])
    expect(r.slice(6)).toEqual([
      'FIN_WAIT_1/CLOSE_WAIT',
      'FIN_WAIT_2/CLOSE_WAIT',
      'TIME_WAIT/LAST_ACK',
      'TIME_WAIT/CLOSED',
    ])
    expect(st.transitions.slice(4).map((t) => [t.frame, t.side, REASON_KEYS[t.reason]])).toEqual([
      [7, 0, 'reason.sendFin'],
      [7, 1, 'reason.rcvFin'],
      [8, 0, 'reason.rcvAckOfFin'],
      [9, 1, 'reason.sendFinPassive'],
      [9, 0, 'reason.rcvFinWait2'],
      [10, 1, 'reason.lastAckAcked'],
    ])
  })

  it('four-packet teardown, server closes first (seed 001: FIN carried with data)', () => {
    const { r } = run([
      ...open3,
      { dir: 'c>s', flags: 'P.', seq: C + 1, ack: V + 1, len: 356 },
      { dir: 's>c', flags: '.', seq: V + 1, ack: C + 357 },
      { dir: 's>c', flags: 'P.', seq: V + 1, ack: C + 357, len: 17 },
      { dir: 's>c', flags: 'FP.', seq: V + 18, ack: C + 357, len: 576 },
      { dir: 'c>s', flags: '.', seq: C + 357, ack: V + 18 },
      { dir: 'c>s', flags: '.', seq: C + 357, ack: V + 595 },
      { dir: 'c>s', flags: 'F.', seq: C + 357, ack: V + 595 },
      { dir: 's>c', flags: '.', seq: V + 595, ack: C + 358 },
    ])
    expect(r.slice(6)).toEqual([
      'CLOSE_WAIT/FIN_WAIT_1',
      'CLOSE_WAIT/FIN_WAIT_1', // ack 18 covers data only, not the FIN at 594
      'CLOSE_WAIT/FIN_WAIT_2',
      'LAST_ACK/TIME_WAIT',
      'CLOSED/TIME_WAIT',
    ])
  })

  it('three-packet teardown (FIN+ACK combined, seed 002): FIN_WAIT_1 → TIME_WAIT directly', () => {
    const { st, r } = run([
      ...established,
      { dir: 'c>s', flags: 'F.', seq: cFin, ack: vFin },
      { dir: 's>c', flags: 'F.', seq: vFin, ack: cFin + 1 },
      { dir: 'c>s', flags: '.', seq: cFin + 1, ack: vFin + 1 },
    ])
    expect(r.slice(6)).toEqual(['FIN_WAIT_1/CLOSE_WAIT', 'TIME_WAIT/LAST_ACK', 'TIME_WAIT/CLOSED'])
    expect(st.clientReason[7]).toBe(R.RCV_FIN_ACK)
    expect(st.transitions.find((t) => t.frame === 8 && t.side === 0)).toMatchObject({ from: 5, to: 10 })
  })

  it('half-close: the server keeps sending into CLOSE_WAIT, the client acks from FIN_WAIT_2', () => {
    const { r } = run([
      ...established,
      { dir: 'c>s', flags: 'F.', seq: cFin, ack: vFin },
      { dir: 's>c', flags: '.', seq: vFin, ack: cFin + 1 },
      { dir: 's>c', flags: 'P.', seq: vFin, ack: cFin + 1, len: 1000 },
      { dir: 'c>s', flags: '.', seq: cFin + 1, ack: vFin + 1000 },
      { dir: 's>c', flags: 'P.', seq: vFin + 1000, ack: cFin + 1, len: 500 },
      { dir: 'c>s', flags: '.', seq: cFin + 1, ack: vFin + 1500 },
      { dir: 's>c', flags: 'F.', seq: vFin + 1500, ack: cFin + 1 },
      { dir: 'c>s', flags: '.', seq: cFin + 1, ack: vFin + 1501 },
    ])
    expect(r.slice(6)).toEqual([
      'FIN_WAIT_1/CLOSE_WAIT',
      'FIN_WAIT_2/CLOSE_WAIT',
      'FIN_WAIT_2/CLOSE_WAIT',
      'FIN_WAIT_2/CLOSE_WAIT',
      'FIN_WAIT_2/CLOSE_WAIT',
      'FIN_WAIT_2/CLOSE_WAIT',
      'TIME_WAIT/LAST_ACK',
      'TIME_WAIT/CLOSED',
    ])
  })

  it('simultaneous close: crossing FINs → CLOSING on both sides → TIME_WAIT on both', () => {
    const { st, r } = run([
      ...established,
      { dir: 'c>s', flags: 'F.', seq: cFin, ack: vFin },
      { dir: 's>c', flags: 'F.', seq: vFin, ack: cFin }, // does not ack the client's FIN: crossed
      { dir: 'c>s', flags: '.', seq: cFin + 1, ack: vFin + 1 },
      { dir: 's>c', flags: '.', seq: vFin + 1, ack: cFin + 1 },
    ])
    expect(r.slice(6)).toEqual([
      'FIN_WAIT_1/CLOSE_WAIT',
      'CLOSING/CLOSING',
      'CLOSING/TIME_WAIT',
      'TIME_WAIT/TIME_WAIT',
    ])
    expect(st.clientReason[7]).toBe(R.SIM_CLOSE_RCV)
    expect(st.serverReason[7]).toBe(R.SIM_CLOSE_SEND)
    expect(st.serverReason[8]).toBe(R.CLOSING_ACKED)
  })

  it('retransmitted FIN changes nothing and is noted on both sides', () => {
    const { st, r } = run([
      ...established,
      { dir: 'c>s', flags: 'F.', seq: cFin, ack: vFin },
      { dir: 'c>s', flags: 'F.', seq: cFin, ack: vFin },
      { dir: 's>c', flags: '.', seq: vFin, ack: cFin + 1 },
      { dir: 's>c', flags: 'F.', seq: vFin, ack: cFin + 1 },
      { dir: 's>c', flags: 'F.', seq: vFin, ack: cFin + 1 },
      { dir: 'c>s', flags: '.', seq: cFin + 1, ack: vFin + 1 },
    ])
    expect(r.slice(6)).toEqual([
      'FIN_WAIT_1/CLOSE_WAIT',
      'FIN_WAIT_1/CLOSE_WAIT',
      'FIN_WAIT_2/CLOSE_WAIT',
      'TIME_WAIT/LAST_ACK',
      'TIME_WAIT/LAST_ACK',
      'TIME_WAIT/CLOSED',
    ])
    expect(st.clientReason[7]).toBe(R.RETRANS_FIN)
    expect(st.serverReason[7]).toBe(R.RETRANS_FIN)
    expect(st.serverReason[10]).toBe(R.RETRANS_FIN)
    expect(st.clientReason[10]).toBe(R.RETRANS_FIN)
  })
})

describe('state machine: RST in every state', () => {
  // Prefixes that leave the (client, server) pair in a given state; then an RST from either side.
  const prefixes: Record<string, { segs: SegmentInit[]; before: string; nextC: number; nextV: number }> = {
    'SYN_SENT/SYN_RECEIVED': {
      segs: open3.slice(0, 1),
      before: 'SYN_SENT/SYN_RECEIVED',
      nextC: C + 1,
      nextV: V + 1,
    },
    'ESTABLISHED/SYN_RECEIVED': {
      segs: open3.slice(0, 2),
      before: 'ESTABLISHED/SYN_RECEIVED',
      nextC: C + 1,
      nextV: V + 1,
    },
    ESTABLISHED: { segs: established, before: 'ESTABLISHED/ESTABLISHED', nextC: cFin, nextV: vFin },
    'FIN_WAIT_1/CLOSE_WAIT': {
      segs: [...established, { dir: 'c>s', flags: 'F.', seq: cFin, ack: vFin }],
      before: 'FIN_WAIT_1/CLOSE_WAIT',
      nextC: cFin + 1,
      nextV: vFin,
    },
    'FIN_WAIT_2/CLOSE_WAIT': {
      segs: [
        ...established,
        { dir: 'c>s', flags: 'F.', seq: cFin, ack: vFin },
        { dir: 's>c', flags: '.', seq: vFin, ack: cFin + 1 },
      ],
      before: 'FIN_WAIT_2/CLOSE_WAIT',
      nextC: cFin + 1,
      nextV: vFin,
    },
    'TIME_WAIT/LAST_ACK': {
      segs: [
        ...established,
        { dir: 'c>s', flags: 'F.', seq: cFin, ack: vFin },
        { dir: 's>c', flags: 'F.', seq: vFin, ack: cFin + 1 },
      ],
      before: 'TIME_WAIT/LAST_ACK',
      nextC: cFin + 1,
      nextV: vFin + 1,
    },
    'CLOSING/CLOSING': {
      segs: [
        ...established,
        { dir: 'c>s', flags: 'F.', seq: cFin, ack: vFin },
        { dir: 's>c', flags: 'F.', seq: vFin, ack: cFin },
      ],
      before: 'CLOSING/CLOSING',
      nextC: cFin + 1,
      nextV: vFin + 1,
    },
  }
  for (const [name, p] of Object.entries(prefixes)) {
    it(`RST from the client in ${name}`, () => {
      const { r } = run([...p.segs, { dir: 'c>s', flags: 'R', seq: p.nextC }])
      expect(r[p.segs.length - 1]).toBe(p.before)
      const [, serverBefore] = p.before.split('/')
      // A passive SYN_RECEIVED endpoint goes back to LISTEN (RFC 9293); every other one to CLOSED.
      expect(r[p.segs.length]).toBe(serverBefore === 'SYN_RECEIVED' ? 'CLOSED/LISTEN' : 'CLOSED/CLOSED')
    })
    it(`RST from the server in ${name}`, () => {
      const { r } = run([...p.segs, { dir: 's>c', flags: 'R.', seq: p.nextV, ack: p.nextC }])
      expect(r[p.segs.length]).toBe('CLOSED/CLOSED')
    })
  }

  it('RST received in TIME_WAIT closes it (Linux default tcp_rfc1337=0)', () => {
    const { st, r } = run([
      ...established,
      { dir: 'c>s', flags: 'F.', seq: cFin, ack: vFin },
      { dir: 's>c', flags: 'F.', seq: vFin, ack: cFin + 1 },
      { dir: 'c>s', flags: '.', seq: cFin + 1, ack: vFin + 1 },
      { dir: 's>c', flags: 'R', seq: vFin + 1 },
    ])
    expect(r.slice(-2)).toEqual(['TIME_WAIT/CLOSED', 'CLOSED/CLOSED'])
    expect(st.clientReason[9]).toBe(R.RCV_RST)
    expect(st.serverReason[9]).toBe(R.NONE) // already CLOSED: sending the RST changes nothing
  })

  it('RST from the server in LAST_ACK (its FIN unacked) and from the client in CLOSE_WAIT', () => {
    const base: SegmentInit[] = [
      ...established,
      { dir: 's>c', flags: 'F.', seq: vFin, ack: cFin },
      { dir: 'c>s', flags: '.', seq: cFin, ack: vFin + 1 },
    ]
    expect(run(base).r.slice(-1)).toEqual(['CLOSE_WAIT/FIN_WAIT_2'])
    expect(run([...base, { dir: 'c>s', flags: 'R.', seq: cFin, ack: vFin + 1 }]).r.slice(-1)).toEqual([
      'CLOSED/CLOSED',
    ])
    const lastAck = [...base, { dir: 'c>s', flags: 'F.', seq: cFin, ack: vFin + 1 } as SegmentInit]
    expect(run(lastAck).r.slice(-1)).toEqual(['LAST_ACK/TIME_WAIT'])
    expect(run([...lastAck, { dir: 'c>s', flags: 'R.', seq: cFin + 1, ack: vFin + 1 }]).r.slice(-1)).toEqual([
      'CLOSED/CLOSED',
    ])
  })
})

describe('state machine: captures that start mid-connection', () => {
  it('data first: both ESTABLISHED, assumed, until the states are pinned down', () => {
    const { st, r } = run([
      { dir: 'c>s', flags: 'P.', seq: 7000, ack: 9000, len: 10 },
      { dir: 's>c', flags: '.', seq: 9000, ack: 7010 },
      { dir: 'c>s', flags: 'F.', seq: 7010, ack: 9000 },
      { dir: 's>c', flags: 'F.', seq: 9000, ack: 7011 },
      { dir: 'c>s', flags: '.', seq: 7011, ack: 9001 },
    ])
    expect(r).toEqual([
      'ESTABLISHED?/ESTABLISHED?',
      'ESTABLISHED?/ESTABLISHED?',
      'FIN_WAIT_1?/CLOSE_WAIT?',
      'TIME_WAIT/LAST_ACK', // both FINs seen: known
      'TIME_WAIT/CLOSED',
    ])
    expect(st.clientReason[0]).toBe(R.MIDSTREAM)
    expect(st.serverReason[0]).toBe(R.MIDSTREAM)
    expect(isAssumed(st.initialClient) && isAssumed(st.initialServer)).toBe(true)
  })

  it('RST first: CLOSED and no longer assumed', () => {
    const { r } = run([{ dir: 's>c', flags: 'R.', seq: 1, ack: 2 }])
    expect(r).toEqual(['CLOSED/CLOSED'])
  })
})

describe('state machine: scale', () => {
  // Speed lives in benchmarks, not in timed unit tests: this checks the output stays compact and complete.
  it('handles 200k segments with compact typed output', () => {
    const n = 200_000
    const list: SegmentInit[] = [...open3]
    for (let i = 0; list.length < n - 1; i++) {
      list.push({ dir: 'c>s', flags: 'P.', seq: C + 1 + i * 100, ack: V + 1, len: 100 })
      list.push({ dir: 's>c', flags: '.', seq: V + 1, ack: C + 1 + (i + 1) * 100 })
    }
    const segs = segmentsFromList(list)
    const st = runStateMachine(segs)
    expect(st.client).toBeInstanceOf(Uint8Array)
    expect(st.client).toHaveLength(segs.count)
    expect(st.server).toHaveLength(st.client.length)
    expect(st.transitions).toHaveLength(4)
  })
})

describe('state machine: properties over random segment lists', () => {
  it('never throws; every state change is a recorded transition with the right from/to', () => {
    const seg = fc.record({
      dir: fc.constantFrom<0 | 1>(0, 1),
      flags: fc.integer({ min: 0, max: 0x1ff }),
      seq: fc.constantFrom(C, C + 1, C + 11, V, V + 1, V + 21, 0),
      ack: fc.constantFrom(0, C + 1, C + 11, C + 12, V + 1, V + 21, V + 22),
      len: fc.constantFrom(0, 0, 1, 10),
    })
    fc.assert(
      fc.property(fc.array(seg, { minLength: 1, maxLength: 40 }), (list) => {
        const st = runStateMachine(segmentsFromList(list))
        const byRow = new Map<string, { from: number; to: number }>()
        for (const t of st.transitions) byRow.set(`${t.index}/${t.side}`, t)
        for (let i = 0; i < st.count; i++) {
          for (const side of [0, 1] as const) {
            const arr = side === 0 ? st.client : st.server
            const now = arr[i]! & 0x7f
            const before = (i === 0 ? (side === 0 ? st.initialClient : st.initialServer) : arr[i - 1]!) & 0x7f
            expect(now).toBeLessThanOrEqual(10)
            const t = byRow.get(`${i}/${side}`)
            if (now !== before) expect(t, `row ${i} side ${side}`).toMatchObject({ from: before, to: now })
            else expect(t).toBeUndefined()
          }
        }
      }),
      { numRuns: 500 },
    )
  })
})
