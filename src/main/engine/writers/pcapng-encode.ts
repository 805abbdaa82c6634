import { ByteWriter, concatBytes } from './byte-writer'

/**
 * pcapng encoder, exact and complete enough to build every reader test case: both byte orders, several
 * sections, several interfaces with their own link type / if_tsresol / if_tsoffset, EPB / SPB / obsolete
 * PB, NRB, ISB, comments, custom or arbitrary blocks, and lengths that lie.
 *
 * Interface ids in packets are SECTION-LOCAL (as in the file).
 */

export const BlockType = {
  SHB: 0x0a0d0d0a,
  IDB: 1,
  PB: 2,
  SPB: 3,
  NRB: 4,
  ISB: 5,
  EPB: 6,
  DSB: 0x0a,
  CUSTOM: 0x00000bad,
  CUSTOM_NOCOPY: 0x40000bad,
} as const

export interface PcapngOption {
  code: number
  value: Uint8Array | string
}

export interface PcapngInterfaceInput {
  linkType: number
  snapLen?: number // default 0 (no limit)
  /** Raw if_tsresol byte (6 = µs, 9 = ns, 0x80|20 = 2^-20). Omitted → option absent (µs). */
  tsresol?: number
  /** if_tsoffset in seconds (may be negative). */
  tsoffset?: number
  name?: string
  description?: string
  /** if_filter string (written with filter type 0 = libpcap). */
  filter?: string
  os?: string
  comments?: string[]
  extraOptions?: PcapngOption[]
}

export interface PcapngPacketInput {
  kind?: 'epb' | 'spb' | 'pb'
  interfaceId?: number
  tsSec?: number
  tsNsec?: number
  /** Raw 64-bit timestamp in interface units (overrides tsSec/tsNsec). */
  tsRaw?: bigint
  data: Uint8Array
  origLen?: number
  /** Captured-length field override (to make a block lie). */
  capLen?: number
  comment?: string | string[]
  /** epb_flags / pack_flags. */
  flags?: number
  extraOptions?: PcapngOption[]
}

/** Any block, written verbatim inside the section at its position in `packets`. */
export interface PcapngRawBlockInput {
  kind: 'block'
  type: number
  body: Uint8Array
}

export interface PcapngNameRecordInput {
  /** 4 bytes (IPv4) or 16 bytes (IPv6). */
  address: Uint8Array
  names: string[]
}

export interface PcapngIsbInput {
  interfaceId: number
  tsSec?: number
  tsNsec?: number
  ifRecv?: bigint
  ifDrop?: bigint
  filterAccept?: bigint
  osDrop?: bigint
  usrDeliv?: bigint
  comment?: string
}

export interface PcapngSectionInput {
  bigEndian?: boolean
  version?: { major: number; minor: number }
  comments?: string[]
  hardware?: string
  os?: string
  userAppl?: string
  interfaces: PcapngInterfaceInput[]
  /** Written after the IDBs. */
  nrb?: PcapngNameRecordInput[]
  nrbComment?: string
  packets: Array<PcapngPacketInput | PcapngRawBlockInput>
  /** Written after the packets. */
  isb?: PcapngIsbInput[]
}

const enc = new TextEncoder()

function optBytes(v: Uint8Array | string): Uint8Array {
  return typeof v === 'string' ? enc.encode(v) : v
}

function writeOptions(w: ByteWriter, opts: PcapngOption[]): void {
  if (opts.length === 0) return
  for (const o of opts) {
    const v = optBytes(o.value)
    w.u16(o.code).u16(v.length).bytes(v).pad4()
  }
  w.u16(0).u16(0) // opt_endofopt
}

/**
 * One block: type, total length, body (padded to 4), total length. `lengthOverride` / `trailerOverride`
 * write other values in the two length fields, for corrupt-file tests.
 */
export function encodeBlock(
  type: number,
  body: Uint8Array,
  le: boolean,
  o: { lengthOverride?: number; trailerOverride?: number } = {},
): Uint8Array {
  const padded = (body.length + 3) & ~3
  const total = 12 + padded
  const w = new ByteWriter(le)
  w.u32(type)
    .u32(o.lengthOverride ?? total)
    .bytes(body)
    .pad4()
    .u32(o.trailerOverride ?? o.lengthOverride ?? total)
  return w.toBytes()
}

/** Units per second of an if_tsresol byte. */
export function tsresolUnits(tsresol: number | undefined): bigint {
  const r = tsresol ?? 6
  return r & 0x80 ? 1n << BigInt(r & 0x7f) : 10n ** BigInt(r & 0x7f)
}

/** (tsSec, tsNsec) → raw 64-bit timestamp in interface units (truncating sub-unit nanoseconds). */
export function encodeTimestamp(
  tsSec: number,
  tsNsec: number,
  tsresol: number | undefined,
  tsoffset = 0,
): bigint {
  const units = tsresolUnits(tsresol)
  return BigInt(tsSec - tsoffset) * units + (BigInt(tsNsec) * units) / 1_000_000_000n
}

export function encodeShb(s: Omit<PcapngSectionInput, 'interfaces' | 'packets'>): Uint8Array {
  const le = !s.bigEndian
  const w = new ByteWriter(le)
  w.u32(0x1a2b3c4d)
  w.u16(s.version?.major ?? 1).u16(s.version?.minor ?? 0)
  w.u64(-1n) // section length: unspecified
  const opts: PcapngOption[] = []
  for (const c of s.comments ?? []) opts.push({ code: 1, value: c })
  if (s.hardware) opts.push({ code: 2, value: s.hardware })
  if (s.os) opts.push({ code: 3, value: s.os })
  if (s.userAppl) opts.push({ code: 4, value: s.userAppl })
  writeOptions(w, opts)
  return encodeBlock(BlockType.SHB, w.toBytes(), le)
}

export function encodeIdb(i: PcapngInterfaceInput, le: boolean): Uint8Array {
  const w = new ByteWriter(le)
  w.u16(i.linkType)
    .u16(0)
    .u32(i.snapLen ?? 0)
  const opts: PcapngOption[] = []
  for (const c of i.comments ?? []) opts.push({ code: 1, value: c })
  if (i.name !== undefined) opts.push({ code: 2, value: i.name })
  if (i.description !== undefined) opts.push({ code: 3, value: i.description })
  if (i.tsresol !== undefined) opts.push({ code: 9, value: new Uint8Array([i.tsresol]) })
  if (i.filter !== undefined)
    opts.push({ code: 11, value: concatBytes([new Uint8Array([0]), enc.encode(i.filter)]) })
  if (i.os !== undefined) opts.push({ code: 12, value: i.os })
  if (i.tsoffset !== undefined) {
    const b = new ByteWriter(le)
    b.u64(BigInt(i.tsoffset))
    opts.push({ code: 14, value: b.toBytes() })
  }
  opts.push(...(i.extraOptions ?? []))
  writeOptions(w, opts)
  return encodeBlock(BlockType.IDB, w.toBytes(), le)
}

export function encodePacketBlock(
  p: PcapngPacketInput,
  iface: PcapngInterfaceInput | undefined,
  le: boolean,
): Uint8Array {
  const kind = p.kind ?? 'epb'
  const w = new ByteWriter(le)
  const origLen = p.origLen ?? p.data.length
  if (kind === 'spb') {
    w.u32(origLen).bytes(p.data).pad4()
    return encodeBlock(BlockType.SPB, w.toBytes(), le)
  }
  const ts = p.tsRaw ?? encodeTimestamp(p.tsSec ?? 0, p.tsNsec ?? 0, iface?.tsresol, iface?.tsoffset ?? 0)
  const tsu = BigInt.asUintN(64, ts)
  if (kind === 'pb') w.u16(p.interfaceId ?? 0).u16(0)
  else w.u32(p.interfaceId ?? 0)
  w.u32(Number(tsu >> 32n)).u32(Number(tsu & 0xffffffffn))
  w.u32(p.capLen ?? p.data.length).u32(origLen)
  w.bytes(p.data).pad4()
  const opts: PcapngOption[] = []
  const comments = p.comment === undefined ? [] : Array.isArray(p.comment) ? p.comment : [p.comment]
  for (const c of comments) opts.push({ code: 1, value: c })
  if (p.flags !== undefined) {
    const b = new ByteWriter(le)
    b.u32(p.flags)
    opts.push({ code: 2, value: b.toBytes() })
  }
  opts.push(...(p.extraOptions ?? []))
  writeOptions(w, opts)
  return encodeBlock(kind === 'pb' ? BlockType.PB : BlockType.EPB, w.toBytes(), le)
}

export function encodeNrb(records: PcapngNameRecordInput[], le: boolean, comment?: string): Uint8Array {
  const w = new ByteWriter(le)
  for (const r of records) {
    const names = r.names.map((n) => concatBytes([enc.encode(n), new Uint8Array([0])]))
    const value = concatBytes([r.address, ...names])
    w.u16(r.address.length === 4 ? 1 : 2)
      .u16(value.length)
      .bytes(value)
      .pad4()
  }
  w.u16(0).u16(0) // nrb_record_end
  writeOptions(w, comment ? [{ code: 1, value: comment }] : [])
  return encodeBlock(BlockType.NRB, w.toBytes(), le)
}

export function encodeIsb(
  s: PcapngIsbInput,
  iface: PcapngInterfaceInput | undefined,
  le: boolean,
): Uint8Array {
  const w = new ByteWriter(le)
  const ts = BigInt.asUintN(
    64,
    encodeTimestamp(s.tsSec ?? 0, s.tsNsec ?? 0, iface?.tsresol, iface?.tsoffset ?? 0),
  )
  w.u32(s.interfaceId)
    .u32(Number(ts >> 32n))
    .u32(Number(ts & 0xffffffffn))
  const opts: PcapngOption[] = []
  if (s.comment) opts.push({ code: 1, value: s.comment })
  const u64 = (code: number, v: bigint | undefined) => {
    if (v === undefined) return
    const b = new ByteWriter(le)
    b.u64(v)
    opts.push({ code, value: b.toBytes() })
  }
  u64(4, s.ifRecv)
  u64(5, s.ifDrop)
  u64(6, s.filterAccept)
  u64(7, s.osDrop)
  u64(8, s.usrDeliv)
  writeOptions(w, opts)
  return encodeBlock(BlockType.ISB, w.toBytes(), le)
}

export function encodePcapngSection(s: PcapngSectionInput): Uint8Array {
  const le = !s.bigEndian
  const parts: Uint8Array[] = [encodeShb(s)]
  for (const i of s.interfaces) parts.push(encodeIdb(i, le))
  if (s.nrb) parts.push(encodeNrb(s.nrb, le, s.nrbComment))
  for (const p of s.packets) {
    if ((p as PcapngRawBlockInput).kind === 'block') {
      const r = p as PcapngRawBlockInput
      parts.push(encodeBlock(r.type, r.body, le))
    } else {
      const pk = p as PcapngPacketInput
      const ifId = pk.kind === 'spb' ? 0 : (pk.interfaceId ?? 0)
      parts.push(encodePacketBlock(pk, s.interfaces[ifId], le))
    }
  }
  for (const st of s.isb ?? []) parts.push(encodeIsb(st, s.interfaces[st.interfaceId], le))
  return concatBytes(parts)
}

/** A whole pcapng file in memory. */
export function encodePcapng(f: { sections: PcapngSectionInput[] }): Uint8Array {
  return concatBytes(f.sections.map(encodePcapngSection))
}
