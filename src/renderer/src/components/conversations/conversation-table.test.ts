import { describe, expect, it } from 'vitest'
import type { ConversationRow } from '../../../../shared/ipc/contract'
import { compileFilter } from '../../../../shared/filter/filter'
import { endpointText, formatSeconds, sortConversations, streamFilter } from './conversation-table'

function row(stream: number, over: Partial<ConversationRow>): ConversationRow {
  return {
    stream,
    clientAddress: '10.0.0.1',
    clientPort: 40000 + stream,
    serverAddress: '10.0.0.2',
    serverPort: 80,
    packetsClientToServer: 1,
    packetsServerToClient: 1,
    bytesClientToServer: 60,
    bytesServerToClient: 60,
    payloadClientToServer: 0,
    payloadServerToClient: 0,
    relStart: stream,
    duration: 1,
    endReason: 'open',
    firstFrame: stream + 1,
    packets: 2,
    ...over,
  }
}

const rows = [
  row(0, { clientAddress: '10.0.0.10', packetsClientToServer: 5, endReason: 'rst-client' }),
  row(1, { clientAddress: '10.0.0.9', packetsClientToServer: 9, endReason: 'fin-both' }),
  row(2, { clientAddress: '2001:db8::1', packetsClientToServer: 5, endReason: 'fin-both' }),
]

describe('sortConversations', () => {
  it('sorts numbers both ways, ties in stream order', () => {
    expect(sortConversations(rows, 'packetsClientToServer', true).map((r) => r.stream)).toEqual([1, 0, 2])
    expect(sortConversations(rows, 'packetsClientToServer', false).map((r) => r.stream)).toEqual([0, 2, 1])
  })
  it('sorts addresses numerically, IPv4 before IPv6', () => {
    expect(sortConversations(rows, 'client', false).map((r) => r.stream)).toEqual([1, 0, 2])
    expect(sortConversations(rows, 'client', true).map((r) => r.stream)).toEqual([2, 0, 1])
  })
  it('sorts text and does not touch the input', () => {
    expect(sortConversations(rows, 'endReason', false).map((r) => r.stream)).toEqual([1, 2, 0])
    expect(rows.map((r) => r.stream)).toEqual([0, 1, 2])
  })
})

describe('formatting', () => {
  it('writes endpoints, seconds and a filter the filter bar accepts', () => {
    expect(endpointText('10.0.0.1', 80)).toBe('10.0.0.1:80')
    expect(endpointText('2001:db8::1', 443)).toBe('[2001:db8::1]:443')
    expect(formatSeconds(1.5, 6)).toBe('1.500000')
    expect(formatSeconds(NaN, 4)).toBe('—')
    expect(streamFilter(7)).toBe('tcp.stream == 7')
    expect(compileFilter(streamFilter(7)).ok).toBe(true)
  })
})
