import { ByteWriter } from './byte-writer'

/**
 * Classic pcap encoder. Exact: every header field can be set (or made to lie) so tests can build any
 * case, and Save As / live spooling use the same code with the defaults.
 */
export interface PcapHeaderOptions {
  linkType: number
  snapLen?: number // default 262144
  /** Nanosecond magic (a1b23c4d) instead of microseconds (a1b2c3d4). */
  nano?: boolean
  bigEndian?: boolean
  /** Kuznetsov's modified format (magic a1b2cd34, 24-byte record headers). */
  modified?: boolean
  version?: { major: number; minor: number } // default 2.4
  thisZone?: number
  sigFigs?: number
  /** Raw value of the 32-bit link-type field (overrides linkType; e.g. to set FCS/reserved bits). */
  linkTypeField?: number
}

export interface PcapFrameInput {
  tsSec: number
  /** Nanoseconds in the second; written as µs (truncated) or ns depending on the header. */
  tsNsec?: number
  /** Raw sub-second field, written as-is (overrides tsNsec; lets tests write e.g. 1_500_000 µs). */
  tsSubRaw?: number
  data: Uint8Array
  /** Default data.length. */
  origLen?: number
  /** Default data.length; set it to make the record header lie. */
  capLen?: number
}

export function pcapMagic(nano: boolean, modified: boolean): number {
  return modified ? 0xa1b2cd34 : nano ? 0xa1b23c4d : 0xa1b2c3d4
}

export function encodePcapHeader(h: PcapHeaderOptions): Uint8Array {
  const w = new ByteWriter(!h.bigEndian)
  w.u32(pcapMagic(!!h.nano, !!h.modified))
  w.u16(h.version?.major ?? 2).u16(h.version?.minor ?? 4)
  w.u32(h.thisZone ?? 0).u32(h.sigFigs ?? 0)
  w.u32(h.snapLen ?? 262144)
  w.u32(h.linkTypeField ?? h.linkType)
  return w.toBytes()
}

export function encodePcapRecord(h: PcapHeaderOptions, f: PcapFrameInput): Uint8Array {
  const w = new ByteWriter(!h.bigEndian)
  writePcapRecord(w, h, f)
  return w.toBytes()
}

function writePcapRecord(w: ByteWriter, h: PcapHeaderOptions, f: PcapFrameInput): void {
  const nsec = f.tsNsec ?? 0
  const sub = f.tsSubRaw ?? (h.nano ? nsec : Math.floor(nsec / 1000))
  w.u32(f.tsSec).u32(sub)
  w.u32(f.capLen ?? f.data.length)
  w.u32(f.origLen ?? f.data.length)
  if (h.modified) w.u32(0).u16(0).u8(0).u8(0) // ifindex, protocol, pkt_type, pad
  w.bytes(f.data)
}

/** A whole pcap file in memory. */
export function encodePcap(h: PcapHeaderOptions, frames: PcapFrameInput[]): Uint8Array {
  const w = new ByteWriter(!h.bigEndian)
  w.bytes(encodePcapHeader(h))
  for (const f of frames) writePcapRecord(w, h, f)
  return w.toBytes()
}
