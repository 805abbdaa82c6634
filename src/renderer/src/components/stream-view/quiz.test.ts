import { describe, expect, it } from 'vitest'
import { gradePrediction } from './quiz'
import { TcpState } from '../../../../shared/explain/tcp-states'

const synAck = { seq: 0, ack: 1, hasAck: true, client: TcpState.ESTABLISHED, server: TcpState.SYN_RECEIVED }

describe('hide-next quiz', () => {
  it('grades numbers as students write them and state names in any spelling', () => {
    const r = gradePrediction(
      { seq: ' seq = 0', ack: '1', client: 'established', server: 'SYN-RECEIVED' },
      synAck,
    )
    expect(r).toEqual({ seq: 'right', ack: 'right', client: 'right', server: 'right', allRight: true })
  })

  it('marks wrong answers, skips blanks, and needs one graded answer to be all right', () => {
    const r = gradePrediction({ seq: '1', ack: '', client: '', server: 'LISTEN' }, synAck)
    expect(r.seq).toBe('wrong')
    expect(r.ack).toBe('skipped')
    expect(r.server).toBe('wrong')
    expect(r.allRight).toBe(false)
    expect(gradePrediction({ seq: '', ack: '', client: '', server: '' }, synAck).allRight).toBe(false)
  })

  it('an ack predicted for a packet without ACK is wrong', () => {
    const syn = { seq: 0, ack: 0, hasAck: false, client: TcpState.SYN_SENT, server: TcpState.SYN_RECEIVED }
    expect(gradePrediction({ seq: '0', ack: '0', client: '', server: '' }, syn).ack).toBe('wrong')
  })
})
