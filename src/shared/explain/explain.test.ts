import { describe, expect, it } from 'vitest'
import { en } from './catalog-en'
import { zhCN } from './catalog-zh-cn'
import { formatMessage, parseLang, placeholders, vueI18nMessages } from './format'
import { explainText, SeqExplainer } from './seq-explainer'
import { REASON_KEYS, StateReason } from './state-reasons'

const F = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16 }

describe('message catalogue', () => {
  it('zh-CN has every key with the same placeholders as en, and nothing vue-i18n would misread', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zhCN[key], key).toBeTruthy()
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]))
      for (const v of [en[key], zhCN[key]]) expect(v, key).not.toMatch(/[|@]/)
    }
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort())
  })

  it('nests the catalogue for vue-i18n (dots are paths there)', () => {
    const m = vueI18nMessages()
    expect((m.en.ex as Record<string, string>).data).toBe(en['ex.data'])
    expect((m['zh-CN'].reason as Record<string, string>).sendSyn).toBe(zhCN['reason.sendSyn'])
  })

  it('every state reason code has a catalogue key', () => {
    expect(REASON_KEYS).toHaveLength(Object.keys(StateReason).length)
    for (const k of REASON_KEYS.slice(1)) expect(k && k in en).toBe(true)
  })

  it('formats params, nested messages and keeps unknown placeholders visible', () => {
    expect(
      formatMessage({ key: 'ex.data', params: { start: 1, end: 7, len: 6, peer: { key: 'side.server' } } }),
    ).toBe('seq 1:7 carries 6 bytes; the server will ack 7')
    expect(
      formatMessage(
        { key: 'ex.data', params: { start: 1, end: 7, len: 6, peer: { key: 'side.server' } } },
        'zh-CN',
      ),
    ).toBe('seq 1:7 携带 6 字节数据；服务器将 ack 7')
    expect(formatMessage({ key: 'ex.data', params: { start: 1 } })).toContain('{end}')
    expect(parseLang('zh')).toBe('zh-CN')
    expect(parseLang('en')).toBe('en')
    expect(parseLang('fr')).toBeNull()
  })
})

/** Explain a list of [dir, flags, seq, ack, len] rows, returning English lines. */
function explainAll(rows: [number, number, number, number, number][], lang: 'en' | 'zh-CN' = 'en'): string[] {
  const x = new SeqExplainer()
  return rows.map(([d, f, s, a, l]) => explainText(x.explain(d, f, s, a, l), lang))
}

describe('seq/ack explanations (seed 002: tcpdump of a telnet-like session)', () => {
  const C = 2518143297
  const V = 2606895020
  const A = F.ACK
  const rows: [number, number, number, number, number][] = [
    [0, F.SYN, C, 0, 0],
    [1, F.SYN | A, V, C + 1, 0],
    [0, A, C + 1, V + 1, 0],
    [0, F.PSH | A, C + 1, V + 1, 6],
    [1, A, V + 1, C + 7, 0],
    [0, F.PSH | A, C + 148, V + 1, 5],
    [1, A, V + 1, C + 153, 0],
    [1, F.PSH | A, V + 1, C + 153, 3],
    [0, F.PSH | A, C + 153, V + 4, 2],
    [0, F.PSH | A, C + 153, V + 4, 2],
    [1, A, V + 4, C + 155, 0],
    [0, F.FIN | A, C + 155, V + 4, 0],
    [1, F.FIN | A, V + 4, C + 156, 0],
    [0, A, C + 156, V + 5, 0],
  ]
  const lines = explainAll(rows)

  it('handshake: absolute ISNs, a SYN uses one sequence number', () => {
    expect(lines[0]).toBe(
      'SYN: seq 2518143297 is the client ISN (initial sequence number); a SYN uses one sequence number, so the reply will ack 2518143298',
    )
    expect(lines[1]).toContain('ack 2518143298 = client ISN 2518143297 + 1 (a SYN uses one sequence number)')
    expect(lines[1]).toContain('seq 2606895020 is the server ISN')
    expect(lines[2]).toBe(
      'ack 1 is relative: 2606895021 = server ISN 2606895020 + 1, so the server SYN is acknowledged',
    )
  })

  it('data: seq start:end carries len bytes; ack counts new bytes', () => {
    expect(lines[3]).toBe('seq 1:7 carries 6 bytes; the server will ack 7')
    expect(lines[4]).toBe('ack 7 acknowledges 6 new bytes (1:7) from the client')
    expect(lines[6]).toBe('ack 153 acknowledges 146 new bytes (7:153) from the client')
    expect(lines[7]).toBe('seq 1:4 carries 3 bytes; the client will ack 4')
    expect(lines[9]).toBe('seq 153:155 was already sent (the client had sent up to 155): a retransmission')
  })

  it('teardown: a FIN uses one sequence number, the reply acks it', () => {
    expect(lines[11]).toBe('FIN uses one sequence number (seq 155): the reply acks 156')
    expect(lines[12]).toBe(
      'FIN uses one sequence number (seq 4): the reply acks 5; ack 156 = client FIN seq 155 + 1 (a FIN uses one sequence number)',
    )
    expect(lines[13]).toBe('ack 5 = server FIN seq 4 + 1 (a FIN uses one sequence number)')
  })

  it('Chinese explanations', () => {
    const zh = explainAll(rows, 'zh-CN')
    expect(zh[3]).toBe('seq 1:7 携带 6 字节数据；服务器将 ack 7')
    expect(zh[12]).toBe(
      'FIN 占用一个序号（seq 4）：回复会 ack 5；ack 156 = 客户端 FIN 的 seq 155 + 1（FIN 占用一个序号）',
    )
  })
})

describe('seq/ack explanations: other cases', () => {
  it('data with FIN (seed 001 FP.): the peer acks end + 1', () => {
    const x = new SeqExplainer()
    x.explain(0, F.SYN, 100, 0, 0)
    x.explain(1, F.SYN | F.ACK, 900, 101, 0)
    x.explain(0, F.ACK, 101, 901, 0)
    x.explain(0, F.PSH | F.ACK, 101, 901, 356)
    x.explain(1, F.ACK, 901, 457, 0)
    x.explain(1, F.PSH | F.ACK, 901, 457, 17)
    expect(explainText(x.explain(1, F.FIN | F.PSH | F.ACK, 918, 457, 576))).toBe(
      'seq 18:594 carries 576 bytes and a FIN; the FIN uses one more sequence number, so the client will ack 595',
    )
    expect(explainText(x.explain(0, F.ACK, 457, 918, 0))).toBe(
      'ack 18 acknowledges 17 new bytes (1:18) from the server',
    )
    expect(explainText(x.explain(0, F.ACK, 457, 1495, 0))).toBe(
      'ack 595 acknowledges 576 bytes (18:594) and the server FIN (seq 594 + 1)',
    )
  })

  it('refused connection, RST, keep-alive, mid-stream start', () => {
    const x = new SeqExplainer()
    x.explain(0, F.SYN, 100, 0, 0)
    expect(explainText(x.explain(1, F.RST | F.ACK, 0, 101, 0))).toBe(
      'RST/ACK: ack 101 = client ISN 100 + 1 answers the SYN, but nothing listens on this port (connection refused)',
    )
    const m = new SeqExplainer()
    expect(explainText(m.explain(0, F.PSH | F.ACK, 5000, 9000, 10))).toBe(
      'seq 1:11 carries 10 bytes; the server will ack 11; ack 1: every server byte before 1 has been received',
    )
    expect(explainText(m.explain(0, F.ACK, 5009, 9000, 0))).toBe(
      'seq 10 is one below the next byte 11: a keep-alive probe',
    )
    expect(explainText(m.explain(1, F.RST, 9000, 0, 0))).toBe(
      'RST: the server aborts the connection (seq 1); no reply is expected',
    )
  })
})
