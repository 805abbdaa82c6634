import { decodeFrame } from '../../../../shared/decode/decode-frame'
import { DecodedFrame, Proto } from '../../../../shared/model/decoded-frame'
import type { DetailNode, FrameDetails } from '../../../../shared/ipc/contract'

/**
 * The TCP header of the selected frame as the RFC 9293 figure draws it: 32-bit rows of cells, then the
 * options one cell each. Decoded from FrameDetails.bytes by the shared decoder (src/shared/decode); only
 * the option boundaries (kind, length) are walked here, because the decoder keeps the options' values
 * but not their list.
 */
export interface HeaderCell {
  /** Stable id (data-testid suffix): srcport, dstport, seq, ack, hdr_len, res, flag-ae … flag-fin, window, checksum, urgent, opt-N. */
  id: string
  /** Wireshark field name: the explanation key and the tcpdump tokens it matches. */
  field: string
  /** Row (32 bits each) and first bit / bit count within the row, for the fixed header. */
  row: number
  bit: number
  bits: number
  /** Byte range [start, end) in FrameDetails.bytes. */
  start: number
  end: number
  /** Raw value (ports, numbers, window …; 1/0 for a flag bit); null when not applicable. */
  value: number | null
  /** Flag bits: whether it is set. */
  lit?: boolean
}

export interface OptionCell {
  id: string
  field: string
  /** Position among the header's options (header order), as frame.tcpdump's tokens number them. */
  index: number
  kind: number
  /** Bytes the option occupies (1 for NOP / EOL). */
  length: number
  start: number
  end: number
  /** Decoded values by kind: mss, shift, tsval/tsecr, sack blocks (absolute), raw bytes of other kinds. */
  mss?: number
  shift?: number
  tsval?: number
  tsecr?: number
  sack?: Array<[number, number]>
  raw?: number[]
  /** The option runs past the header or its length byte is missing / impossible. */
  malformed?: boolean
}

export interface TcpHeaderModel {
  /** Offset of the TCP header in the frame bytes. */
  offset: number
  headerLength: number
  flags: number
  seq: number
  ack: number
  window: number
  checksum: number
  /** 1 correct, 0 incorrect, -1 not verified (truncated, fragment …). */
  checksumOk: number
  urgent: number
  wscale: number
  cells: HeaderCell[]
  options: OptionCell[]
  /** Bytes of the option area after an EOL (padding). */
  padding: { start: number; end: number } | null
  /** The capture ends inside the header. */
  truncated: boolean
}

/** Flag bits in the order of the figure (bit 7 of the 4th row = AE … bit 15 = FIN). */
export const FLAG_BITS: ReadonlyArray<[id: string, field: string, mask: number, bit: number]> = [
  ['flag-ae', 'tcp.flags.ae', 0x100, 7],
  ['flag-cwr', 'tcp.flags.cwr', 0x80, 8],
  ['flag-ece', 'tcp.flags.ece', 0x40, 9],
  ['flag-urg', 'tcp.flags.urg', 0x20, 10],
  ['flag-ack', 'tcp.flags.ack', 0x10, 11],
  ['flag-psh', 'tcp.flags.push', 0x08, 12],
  ['flag-rst', 'tcp.flags.reset', 0x04, 13],
  ['flag-syn', 'tcp.flags.syn', 0x02, 14],
  ['flag-fin', 'tcp.flags.fin', 0x01, 15],
]

const OPTION_FIELDS: Record<number, string> = {
  0: 'tcp.options.eol',
  1: 'tcp.options.nop',
  2: 'tcp.options.mss_val',
  3: 'tcp.options.wscale.shift',
  4: 'tcp.options.sack_perm',
  5: 'tcp.options.sack',
  8: 'tcp.options.timestamp.tsval',
}

const scratch = new DecodedFrame()

/** The link type and wire length the details tree reports for its frame (the frame layer's children). */
function frameFacts(details: FrameDetails): { linkType: number; origLen: number } {
  const frame = details.tree.find((n) => n.field === 'frame')
  const kids: DetailNode[] = frame?.children ?? []
  const link = kids.find((k) => k.label.startsWith('Link type: '))
  const len = kids.find((k) => k.field === 'frame.len')
  return {
    linkType: link ? Number(link.label.slice(11)) : 1,
    origLen: len ? Number(/\d+/.exec(len.label)?.[0] ?? details.bytes.length) : details.bytes.length,
  }
}

/** null when the frame has no TCP header (not TCP, or fewer than 20 bytes of it captured). */
export function tcpHeaderModel(details: FrameDetails, linkTypeHint?: number): TcpHeaderModel | null {
  const d = details.bytes
  const facts = frameFacts(details)
  const f = scratch
  decodeFrame(linkTypeHint ?? facts.linkType, d, facts.origLen, f, true)
  if (f.proto !== Proto.TCP || f.l4Offset < 0) return null
  const o = f.l4Offset
  if (o + 20 > d.length) return null
  const hl = f.tcpHdrLen
  const flags = f.tcpFlags
  const cells: HeaderCell[] = []
  const cell = (
    id: string,
    field: string,
    row: number,
    bit: number,
    bits: number,
    value: number | null,
    lit?: boolean,
  ): void => {
    const first = o + row * 4 + (bit >> 3)
    const last = o + row * 4 + ((bit + bits - 1) >> 3)
    cells.push({
      id,
      field,
      row,
      bit,
      bits,
      start: first,
      end: last + 1,
      value,
      ...(lit !== undefined ? { lit } : {}),
    })
  }
  cell('srcport', 'tcp.srcport', 0, 0, 16, f.srcPort)
  cell('dstport', 'tcp.dstport', 0, 16, 16, f.dstPort)
  cell('seq', 'tcp.seq', 1, 0, 32, f.tcpSeq)
  cell('ack', 'tcp.ack', 2, 0, 32, f.tcpAck)
  cell('hdr_len', 'tcp.hdr_len', 3, 0, 4, hl >> 2)
  cell('res', 'tcp.flags.res', 3, 4, 3, (flags >> 9) & 7)
  for (const [id, field, mask, bit] of FLAG_BITS)
    cell(id, field, 3, bit, 1, flags & mask ? 1 : 0, (flags & mask) !== 0)
  cell('window', 'tcp.window_size_value', 3, 16, 16, f.tcpWindow)
  cell('checksum', 'tcp.checksum', 4, 0, 16, f.tcpChecksum)
  cell('urgent', 'tcp.urgent_pointer', 4, 16, 16, f.tcpUrgent)
  const options: OptionCell[] = []
  let padding: TcpHeaderModel['padding'] = null
  const end = Math.min(o + Math.max(hl, 20), d.length)
  let p = o + 20
  while (p < end) {
    const kind = d[p]!
    const index = options.length
    const base = {
      id: `opt-${index}`,
      field: OPTION_FIELDS[kind] ?? 'tcp.options.type',
      index,
      kind,
      start: p,
    }
    if (kind === 0 || kind === 1) {
      options.push({ ...base, length: 1, end: p + 1 })
      p++
      if (kind === 0) {
        if (p < end) padding = { start: p, end }
        break
      }
      continue
    }
    const len = p + 1 < end ? d[p + 1]! : 0
    if (len < 2 || p + len > end) {
      options.push({ ...base, length: end - p, end, malformed: true, raw: Array.from(d.subarray(p, end)) })
      break
    }
    const opt: OptionCell = { ...base, length: len, end: p + len }
    const dv = new DataView(d.buffer, d.byteOffset + p, len)
    if (kind === 2 && len === 4) opt.mss = dv.getUint16(2)
    else if (kind === 3 && len === 3) opt.shift = d[p + 2]!
    else if (kind === 8 && len === 10) {
      opt.tsval = dv.getUint32(2)
      opt.tsecr = dv.getUint32(6)
    } else if (kind === 5 && (len - 2) % 8 === 0) {
      opt.sack = []
      for (let q = 2; q + 8 <= len; q += 8) opt.sack.push([dv.getUint32(q), dv.getUint32(q + 4)])
    } else if (kind !== 4) opt.raw = Array.from(d.subarray(p + 2, p + len))
    options.push(opt)
    p += len
  }
  return {
    offset: o,
    headerLength: hl,
    flags,
    seq: f.tcpSeq,
    ack: f.tcpAck,
    window: f.tcpWindow,
    checksum: f.tcpChecksum,
    checksumOk: f.l4ChecksumOk,
    urgent: f.tcpUrgent,
    wscale: f.tcpWscale,
    cells,
    options,
    padding,
    truncated: o + hl > d.length,
  }
}

/** "0x" + hex, zero-padded to `digits`. */
export function hex(v: number, digits: number): string {
  return '0x' + (v >>> 0).toString(16).padStart(digits, '0')
}

/** Cell ids a tcpdump token lights (the token's field, or for an option token its option cell). */
export function cellsForToken(model: TcpHeaderModel, field: string, option: number | undefined): string[] {
  if (option !== undefined) return [`opt-${option}`]
  if (field === 'tcp.options') return model.options.map((o) => o.id)
  if (field === 'tcp.flags') return FLAG_BITS.map(([id]) => id)
  return model.cells.filter((c) => c.field === field).map((c) => c.id)
}

/** Whether a tcpdump token shows the given cell (the inverse of cellsForToken). */
export function tokenShowsCell(
  token: { field: string; option?: number },
  cell: { id: string; field: string },
): boolean {
  if (token.option !== undefined) return cell.id === `opt-${token.option}`
  if (token.field === 'tcp.options') return cell.id.startsWith('opt-')
  if (token.field === 'tcp.flags') return FLAG_BITS.some(([id]) => id === cell.id)
  return token.field === cell.field
}
