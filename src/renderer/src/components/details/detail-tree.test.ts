import { describe, expect, it } from 'vitest'
import type { DetailNode } from '../../../../shared/ipc/contract'
import { dissectFrame } from '../../../../shared/dissect/dissect-frame'
import {
  ancestorKeys,
  deepestNodeAt,
  expertItems,
  filterForNode,
  flattenVisible,
  labelValue,
  nodeAtPath,
  streamOf,
} from './detail-tree'

/** Ethernet / IPv4 / TCP SYN 10.0.0.1:57782 → 10.0.0.2:80 with 4 payload bytes "GET ". */
function synFrame(): Uint8Array {
  const eth = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00]
  const ip = [0x45, 0, 0, 44, 0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]
  const tcp = [0xe1, 0xb6, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0]
  return Uint8Array.from([...eth, ...ip, ...tcp, 0x47, 0x45, 0x54, 0x20])
}

const details = dissectFrame({
  frame: 1,
  linkType: 1,
  tsSec: 0,
  tsNsec: 0,
  origLen: 58,
  data: synFrame(),
  tcp: { 'tcp.stream': 3, 'tcp.seq': 0, 'tcp.len': 4 },
})
const tree = details.tree
const find = (field: string): string => {
  const rows = flattenVisible(tree, () => true)
  return rows.find((r) => r.node.field === field)!.path
}

describe('flattenVisible', () => {
  it('shows only top-level layers when nothing is expanded', () => {
    const rows = flattenVisible(tree, () => false)
    expect(rows.map((r) => r.node.field)).toEqual(['frame', 'eth', 'ip', 'tcp', 'data'])
    expect(rows.every((r) => r.depth === 0 && !r.expanded)).toBe(true)
  })

  it('expands by kind key, so the same layer stays open for another packet', () => {
    const rows = flattenVisible(tree, (k) => k === 'tcp')
    const tcpRow = rows.find((r) => r.key === 'tcp')!
    expect(tcpRow.expanded).toBe(true)
    const kids = rows.filter((r) => r.parent === tcpRow.path)
    expect(kids[0]!.node.label).toBe('Source Port: 57782')
    expect(kids[0]!.depth).toBe(1)
    // The flags subtree stays collapsed (its own key is tcp/tcp.flags).
    expect(rows.some((r) => r.key === 'tcp/tcp.flags/tcp.flags.syn')).toBe(false)
  })
})

describe('deepestNodeAt (hex → tree)', () => {
  it('finds the narrowest field under a byte', () => {
    // Byte 34 = first byte of the TCP source port.
    expect(nodeAtPath(tree, deepestNodeAt(tree, 34)!)!.label).toBe('Source Port: 57782')
    expect(nodeAtPath(tree, deepestNodeAt(tree, 37)!)!.field).toBe('tcp.dstport')
    expect(nodeAtPath(tree, deepestNodeAt(tree, 26)!)!.field).toBe('ip.src')
    expect(nodeAtPath(tree, deepestNodeAt(tree, 0)!)!.field).toBe('eth.dst')
    // The SYN bit's byte: a flag node (1 byte) beats the 2-byte Flags field.
    expect(nodeAtPath(tree, deepestNodeAt(tree, 47)!)!.field).toMatch(/^tcp\.flags\./)
    expect(nodeAtPath(tree, deepestNodeAt(tree, 55)!)!.field).toBe('data.len')
  })

  it('returns null outside the bytes', () => {
    expect(deepestNodeAt(tree, 58)).toBeNull()
    expect(deepestNodeAt(tree, -1)).toBeNull()
    expect(deepestNodeAt([], 0)).toBeNull()
  })

  it('gives the ancestors to expand to reveal it', () => {
    const path = deepestNodeAt(tree, 47)!
    expect(ancestorKeys(tree, path)).toEqual(['tcp', 'tcp/tcp.flags'])
  })
})

describe('filterForNode (Apply as filter)', () => {
  const at = (field: string): DetailNode => nodeAtPath(tree, find(field))!
  it('builds field == value from the label, checked by the filter compiler', () => {
    expect(filterForNode(at('tcp.srcport'))).toBe('tcp.srcport == 57782')
    expect(filterForNode(at('ip.src'))).toBe('ip.src == 10.0.0.1')
    expect(filterForNode(at('tcp.flags.syn'))).toBe('tcp.flags.syn == 1')
    expect(filterForNode(at('tcp.flags.ack'))).toBe('tcp.flags.ack == 0')
    expect(filterForNode(at('tcp.stream'))).toBe('tcp.stream == 3')
    expect(filterForNode(at('tcp.seq'))).toBe('tcp.seq == 0')
    expect(filterForNode(at('tcp.flags'))).toBe('tcp.flags == 0x002')
    expect(filterForNode(at('frame.number'))).toBe('frame.number == 1')
    expect(filterForNode(at('tcp.window_size_value'))).toBe('tcp.window_size_value == 65535')
  })
  it('a layer filters by protocol; fields the filter lacks offer nothing', () => {
    expect(filterForNode(at('tcp'))).toBe('tcp')
    expect(filterForNode(at('ip'))).toBe('ip')
    expect(filterForNode(at('ip.ttl'))).toBeNull()
    expect(filterForNode({ label: '[Expert: x]', start: 0, end: 0 })).toBeNull()
  })
})

describe('labelValue, streamOf, expertItems', () => {
  it('reads values', () => {
    expect(labelValue('[Stream index: 7]')).toBe('7')
    expect(labelValue('Syn: Not set')).toBe('0')
    expect(labelValue('Sequence Number: 0    (relative sequence number)')).toBe('0')
    expect(labelValue('SACK permitted')).toBeNull()
  })
  it('finds the stream and the expert items', () => {
    expect(streamOf(details)).toBe(3)
    expect(streamOf(null)).toBeNull()
    const bad = dissectFrame({
      frame: 2,
      linkType: 1,
      tsSec: 0,
      tsNsec: 0,
      origLen: 58,
      data: synFrame().slice(0, 40),
    })
    const items = expertItems(bad.tree)
    expect(items.length).toBeGreaterThan(0)
    expect(items[0]!.node.issue!.severity).toMatch(/error|warning|note/)
    expect(streamOf(bad)).toBeNull()
  })
})
