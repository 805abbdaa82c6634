import { describe, expect, it } from 'vitest'
import { explainField, fieldExplanationKey } from './field-explain'

describe('field explanations (TCP inspector)', () => {
  it('every header field the inspector names has an English and a Chinese explanation', () => {
    const fields = [
      'tcp.srcport',
      'tcp.dstport',
      'tcp.seq',
      'tcp.ack',
      'tcp.hdr_len',
      'tcp.flags',
      'tcp.flags.res',
      'tcp.flags.ae',
      'tcp.flags.cwr',
      'tcp.flags.ece',
      'tcp.flags.urg',
      'tcp.flags.ack',
      'tcp.flags.push',
      'tcp.flags.reset',
      'tcp.flags.syn',
      'tcp.flags.fin',
      'tcp.window_size_value',
      'tcp.checksum',
      'tcp.urgent_pointer',
      'tcp.options',
      'tcp.options.mss_val',
      'tcp.options.wscale.shift',
      'tcp.options.sack_perm',
      'tcp.options.timestamp.tsval',
      'tcp.options.timestamp.tsecr',
      'tcp.options.nop',
      'tcp.options.eol',
      'tcp.options.sack',
      'tcp.options.type',
      'tcp.len',
    ]
    for (const f of fields) {
      expect(fieldExplanationKey(f), f).not.toBeNull()
      const en = explainField(f, 'en')!
      const zh = explainField(f, 'zh-CN')!
      expect(en.length, f).toBeGreaterThan(10)
      expect(zh, f).toMatch(/[\u4e00-\u9fff]/)
    }
    expect(explainField('tcp.options.mss_val', 'en')).toMatch(/^MSS/)
    expect(explainField('tcp.nonexistent', 'en')).toBeNull()
  })
})
