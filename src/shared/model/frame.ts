/**
 * One captured frame as a reader hands it out. Readers reuse a single FrameRecord and overwrite it on
 * every call (no per-packet allocation); `data` is a view that is valid only until the next call.
 */
export interface FrameRecord {
  /** 1-based frame number, in file order. */
  number: number
  /** Index into the reader's interface table (pcap files have exactly one interface, 0). */
  interfaceId: number
  linkType: number
  /** Whole seconds since the epoch (may exceed 2^32 in pcapng; always an exact integer). */
  tsSec: number
  /**
   * Nanoseconds within the second, 0..999_999_999, already converted from the interface resolution.
   * Exception: a corrupt pcap record whose sub-second field is >= 1 s keeps it raw (µs * 1000 or ns, up
   * to ~4.3e12), because tcpdump and tshark print it unnormalised too (e.g. "17:16:10.1000000").
   */
  tsNsec: number
  /** Captured length (bytes present in `data`). */
  capLen: number
  /** Original ("wire") length as recorded by the capturer. */
  origLen: number
  /** Offset of the first captured byte in the (decompressed) capture stream, for random access later. */
  fileOffset: number
  /** Captured bytes. A view into the reader's buffer: copy it if you need to keep it. */
  data: Uint8Array
  /**
   * The same bytes without a per-frame view: `buf[dataOffset .. dataOffset + capLen)`. Hot loops should
   * read these (readCaptureFile's record creates `data` lazily, only when it is accessed).
   */
  buf: Uint8Array
  dataOffset: number
  /** pcapng: EPB flags word (direction, etc.) or -1 when absent. */
  epbFlags: number
  /** pcapng: opt_comment values of the packet block, or null (allocated only when present). */
  comments: string[] | null
}

export function newFrameRecord(): FrameRecord {
  return {
    number: 0,
    interfaceId: 0,
    linkType: 0,
    tsSec: 0,
    tsNsec: 0,
    capLen: 0,
    origLen: 0,
    fileOffset: 0,
    data: new Uint8Array(0),
    buf: new Uint8Array(0),
    dataOffset: 0,
    epbFlags: -1,
    comments: null,
  }
}

/** A capture interface: the pcap global header, or a pcapng IDB (one per IDB, in file order across sections). */
export interface InterfaceInfo {
  id: number
  linkType: number
  snapLen: number
  /** Decimal digits of timestamp precision the file declares: 6 for µs, 9 for ns, etc. (for printing). */
  tsPrecisionDigits: number
  name?: string
  description?: string
  /** pcapng if_tsoffset in seconds (already applied to FrameRecord timestamps). */
  tsOffsetSec?: number
  filter?: string
  os?: string
  comments?: string[]
  /** pcapng section index the interface belongs to. */
  section: number
}

export type CaptureFormat = 'pcap' | 'pcapng'

export interface CaptureFileInfo {
  format: CaptureFormat
  /** True for pcap files with the big-endian magic / pcapng sections written big-endian. */
  bigEndian: boolean
  gzip: boolean
  /** pcap only: version from the file header. */
  version?: { major: number; minor: number }
  interfaces: InterfaceInfo[]
  /** pcapng SHB comments, NRB name records, ISB statistics are collected here (small, kept). */
  sectionComments: string[]
  nameRecords: Array<{ address: string; names: string[] }>
  /** pcapng ISB (interface statistics) blocks, in file order; interfaceId is the global interface index. */
  statistics?: InterfaceStatistics[]
}

/** One pcapng Interface Statistics Block. Counters are absent when the block does not carry them. */
export interface InterfaceStatistics {
  interfaceId: number
  tsSec: number
  tsNsec: number
  ifRecv?: number
  ifDrop?: number
  filterAccept?: number
  osDrop?: number
  usrDeliv?: number
  comments?: string[]
}
