import type {
  CaptureFileInfo,
  FrameRecord,
  InterfaceInfo,
  InterfaceStatistics,
} from '../../../shared/model/frame'
import type { CaptureReadError, CaptureReadErrorCode, IncompleteTail } from './capture-types'
import { convertTimestamp, tsOut, tsResolution, type TsResolution } from './timestamps'
import { describeMagic, formatIPv4, formatIPv6 } from './bytes-describe'

/**
 * Push-based, pure (no node imports) pcap / pcapng parser with constant memory.
 *
 *   const p = new CaptureParser()
 *   for each chunk:  p.push(chunk); while (p.next(rec)) use(rec)
 *   at the end:      p.end();      while (p.next(rec)) use(rec)
 *
 * Records are read in place from the pushed chunk (`rec.data` — or `rec.buf` + `rec.dataOffset` — point
 * into it, valid until the next call). A record split across two chunks is completed in a small carry
 * buffer: only the split tail and the missing part of that one record are copied, never the whole chunk. The carry grows only with bytes
 * that actually arrived, so a lying length field can never make us allocate its claimed size.
 *
 * pcapng sections: interfaces are numbered per section in the file, but exposed in ONE global list
 * (`info.interfaces`, in file order); `FrameRecord.interfaceId` is the global index (InterfaceInfo.id),
 * and InterfaceInfo.section says which section declared it.
 */

const EMPTY = new Uint8Array(0)

const enum St {
  Start,
  PcapHeader,
  Pcap,
  Pcapng,
  Done,
}

/** pcapng block types. */
const SHB = 0x0a0d0d0a
const IDB = 1
const PB = 2
const SPB = 3
const NRB = 4
const ISB = 5
const EPB = 6

/**
 * Largest record we accept. Wireshark refuses pcap records above the per-link-type maximum (256 KiB for
 * almost all link types, 128 MiB for D-Bus/USB); we use the same limits so a corrupt length is reported
 * as corruption instead of being believed.
 */
const MAX_STANDARD = 262144
/**
 * Empty pcap records (a record header of 16 zero bytes: time 0, caplen 0, len 0) in a row after which
 * reading stops: 4096 of them are 64 KiB of zeros, which no capturer writes but a preallocated, sparse
 * or overwritten file holds. Without a stop, a 20 GB file of zeros is 1.3 billion "packets" (tcpdump
 * prints them all), and indexing them exhausts memory. Counted per record, so chunking cannot change it.
 */
const ZERO_RECORDS_LIMIT = 4096
const MAX_LARGE = 128 * 1024 * 1024
/** pcapng: Wireshark's MAX_BLOCK_SIZE is the D-Bus packet maximum plus 128 KiB of block overhead. */
const MAX_BLOCK = MAX_LARGE + 131072

/** Wireshark's per-link-type maxima that differ from 256 KiB (wtap_max_snaplen_for_encap). */
export function maxCapLenForLinkType(linkType: number): number {
  switch (linkType) {
    case 231: // DBUS
    case 220: // USB_LINUX_MMAPPED
    case 249: // USBPCAP
      return MAX_LARGE
    case 279: // EBHSCR
      return 8 * 1024 * 1024
    default:
      return MAX_STANDARD
  }
}

interface IfState {
  linkType: number
  snapLen: number
  /** Largest captured length Wireshark accepts for the link type. */
  maxCap: number
  res: TsResolution
  /** if_tsoffset, seconds (added to every timestamp). */
  offset: number
}

const utf8 = new TextDecoder('utf-8')

export class CaptureParser {
  info: CaptureFileInfo | null = null
  error: CaptureReadError | null = null
  warnings: string[] = []
  incompleteTail: IncompleteTail | null = null

  private st: St = St.Start
  /** The buffer records are read from: a pushed chunk, or the carry holding one split record. */
  private cur: Uint8Array = EMPTY
  private dv: DataView = new DataView(new ArrayBuffer(0))
  private pos = 0
  /** Stream offset of cur[0]. */
  private base = 0
  /** When cur is the carry: the chunk that follows it, from afterPos on. */
  private after: Uint8Array | null = null
  private afterPos = 0
  private afterBase = 0
  private carry: Uint8Array = EMPTY
  private inCarry = false
  /** next() returned false for lack of bytes (the consumer drained everything it could). */
  private starved = false
  private ended = false
  private pushed = 0
  private frameNo = 0

  // pcap
  private le = true
  private nano = false
  private pcapHdrLen = 16
  private pcapMaxCap = MAX_STANDARD
  private pcapLinkType = 0

  // pcapng
  private ifs: IfState[] = []
  private sectionIndex = -1
  private sectionIfBase = 0

  /**
   * lazyData: do not create `rec.data` views; fill only `rec.buf`/`rec.dataOffset`. Pass a record whose
   * `data` is derived on access (LazyFrameRecord) — readCaptureFile does.
   */
  private readonly lazyData: boolean

  constructor(opts: { lazyData?: boolean } = {}) {
    this.lazyData = opts.lazyData ?? false
  }

  /** Total bytes consumed (stream offset of the next unread record). */
  get offset(): number {
    return this.base + this.pos
  }

  push(chunk: Uint8Array): void {
    if (this.st === St.Done || chunk.length === 0) {
      this.pushed += chunk.length
      return
    }
    const chunkBase = this.pushed
    this.pushed += chunk.length
    const rem = this.cur.length - this.pos
    const afterRem = this.after ? this.after.length - this.afterPos : 0
    if (rem === 0 && afterRem === 0) {
      this.setCur(chunk, 0, chunkBase, false)
      this.after = null
      return
    }
    if (!this.starved || afterRem > 0) {
      // The consumer pushed without draining: keep it simple and concatenate everything unread.
      const total = rem + afterRem + chunk.length
      const joined = new Uint8Array(total)
      joined.set(this.cur.subarray(this.pos), 0)
      if (this.after) joined.set(this.after.subarray(this.afterPos), rem)
      joined.set(chunk, rem + afterRem)
      this.setCur(joined, 0, this.base + this.pos, false)
      this.after = null
      return
    }
    // Starved with an incomplete record at the end of cur: move its bytes to the front of the carry and
    // complete it from the new chunk, copying only what that one record needs.
    const startBase = this.base + this.pos
    let len = rem
    if (this.inCarry) {
      if (this.pos > 0) this.carry.copyWithin(0, this.pos, this.pos + rem)
    } else {
      this.ensureCarry(rem)
      this.carry.set(this.cur.subarray(this.pos), 0)
    }
    let taken = 0
    for (;;) {
      const need = this.recordNeed(this.carry, len)
      if (need < 0 || need <= len) break
      const take = Math.min(need - len, chunk.length - taken)
      if (take === 0) break
      this.ensureCarry(len + take)
      this.carry.set(chunk.subarray(taken, taken + take), len)
      len += take
      taken += take
    }
    this.setCur(this.carry.subarray(0, len), 0, startBase, true)
    if (taken < chunk.length) {
      this.after = chunk
      this.afterPos = taken
      this.afterBase = chunkBase + taken
    } else {
      this.after = null
    }
  }

  end(): void {
    this.ended = true
  }

  /** Fill `rec` with the next frame; false when more bytes are needed, at the end, or after an error. */
  next(rec: FrameRecord): boolean {
    // Fast path: the common pcap record entirely inside the current buffer.
    if (this.st === St.Pcap) {
      const p = this.pos
      const cur = this.cur
      const hl = this.pcapHdrLen
      if (cur.length - p >= hl) {
        const dv = this.dv
        const le = this.le
        const capLen = dv.getUint32(p + 8, le)
        if (capLen <= this.pcapMaxCap && cur.length - p - hl >= capLen) {
          const sub = dv.getUint32(p + 4, le)
          if ((capLen | sub) === 0 && dv.getUint32(p, le) === 0 && dv.getUint32(p + 12, le) === 0) {
            if (++this.zeroRecords >= ZERO_RECORDS_LIMIT) return this.zeroTail(p, hl)
          } else this.zeroRecords = 0
          rec.number = ++this.frameNo
          rec.interfaceId = 0
          rec.linkType = this.pcapLinkType
          // The sub-second field is kept raw, even when a corrupt record has >= 1 s in it: tcpdump and
          // tshark both print it unnormalised ("10.1000000"), so consumers can too.
          rec.tsSec = dv.getUint32(p, le)
          rec.tsNsec = this.nano ? sub : sub * 1000
          rec.capLen = capLen
          rec.origLen = dv.getUint32(p + 12, le)
          rec.fileOffset = this.base + p + hl
          rec.buf = cur
          rec.dataOffset = p + hl
          if (!this.lazyData) rec.data = cur.subarray(p + hl, p + hl + capLen)
          rec.epbFlags = -1
          rec.comments = null
          this.pos = p + hl + capLen
          return true
        }
      }
    }
    // Fast path: a whole, well-formed EPB on a known interface (every check the general path makes).
    else if (this.st === St.Pcapng) {
      const p = this.pos
      const avail = this.cur.length - p
      if (avail >= 32) {
        const dv = this.dv
        const le = this.le
        if (dv.getUint32(p, le) === EPB) {
          const len = dv.getUint32(p + 4, le)
          if (len >= 32 && (len & 3) === 0 && len <= avail && len <= MAX_BLOCK) {
            const localIf = dv.getUint32(p + 8, le)
            const capLen = dv.getUint32(p + 20, le)
            const ifc =
              localIf < this.ifs.length - this.sectionIfBase ? this.ifs[this.sectionIfBase + localIf]! : null
            if (
              ifc &&
              28 + capLen <= len - 4 &&
              capLen <= ifc.maxCap &&
              dv.getUint32(p + len - 4, le) === len
            ) {
              convertTimestamp(dv.getUint32(p + 12, le), dv.getUint32(p + 16, le), ifc.res)
              this.fillFrame(rec, ifc, localIf, capLen, dv.getUint32(p + 24, le), p + 28)
              const optStart = p + 28 + ((capLen + 3) & ~3)
              if (optStart < p + len - 4) this.packetOptions(rec, this.cur, optStart, p + len - 4, 2)
              this.pos = p + len
              return true
            }
          }
        }
      }
    }
    return this.nextSlow(rec)
  }

  private nextSlow(rec: FrameRecord): boolean {
    for (;;) {
      if (this.st === St.Done) return false
      if (this.pos === this.cur.length && this.after) {
        const a = this.after
        this.after = null
        this.setCur(a, this.afterPos, this.afterBase - this.afterPos, false)
      }
      const avail = this.cur.length - this.pos
      switch (this.st) {
        case St.Start: {
          if (avail < 4) return this.starve(4, avail)
          if (!this.detect()) return false
          continue
        }
        case St.PcapHeader: {
          if (avail < 24) return this.starve(24, avail, 'header')
          this.readPcapHeader()
          continue
        }
        case St.Pcap: {
          const hl = this.pcapHdrLen
          if (avail < hl) return this.starve(hl, avail, 'header')
          const p = this.pos
          const capLen = this.dv.getUint32(p + 8, this.le)
          if (capLen > this.pcapMaxCap) {
            this.claimedCapLen = capLen
            return this.fail(
              'corrupt',
              `pcap record ${this.frameNo + 1} at offset ${this.base + p} claims ${capLen} captured bytes, ` +
                `more than the maximum of ${this.pcapMaxCap} for this link type: the file is corrupt`,
              this.base + p,
            )
          }
          if (avail < hl + capLen) return this.starve(capLen, avail - hl, 'data', avail)
          // Whole record present: the fast path reads it.
          if (this.next(rec)) return true
          return false
        }
        case St.Pcapng: {
          const r = this.pcapngBlock(rec, avail)
          if (r === 1) return true
          if (r === 0) return false
          continue
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Buffer management

  private setCur(buf: Uint8Array, pos: number, base: number, inCarry: boolean): void {
    this.cur = buf
    this.pos = pos
    this.base = base
    this.inCarry = inCarry
    this.starved = false
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  }

  private ensureCarry(n: number): void {
    if (this.carry.length >= n) return
    let cap = Math.max(this.carry.length * 2, 4096)
    while (cap < n) cap *= 2
    const c = new Uint8Array(cap)
    c.set(this.carry)
    this.carry = c
  }

  /**
   * Out of bytes: at the end of the stream this records the incomplete tail. need/have count the bytes
   * of the incomplete part (see IncompleteTail); `present` is every byte of the record that is there.
   */
  private starve(need: number, have: number, part: 'header' | 'data' = 'header', present = have): boolean {
    this.starved = true
    if (this.ended) {
      const offset = this.base + this.pos
      if (this.st === St.Start) {
        // Fewer than 4 bytes in the whole stream (an empty stream is no error here: readCaptureFile says so).
        if (have > 0) this.fail('not-capture', describeMagic(this.cur.subarray(this.pos)), offset)
        this.st = St.Done
        return false
      }
      if (present > 0) {
        this.incompleteTail = { offset, part, need, have }
        const what =
          part === 'header'
            ? `a ${this.st === St.Pcapng ? 'block' : 'record'} header: ${have} of its ${need} bytes are present`
            : this.st === St.Pcapng
              ? `a block: ${have} of the ${need} bytes after its header are present`
              : `a packet: ${have} of its ${need} captured bytes are present`
        const n = this.frameNo
        this.warnings.push(
          `the file ends in the middle of ${what} (at offset ${offset}); the capture was cut short, ` +
            `the ${n} complete packet${n === 1 ? '' : 's'} before it ${n === 1 ? 'was' : 'were'} read`,
        )
      } else if (this.st === St.PcapHeader) {
        this.incompleteTail = { offset, part: 'header', need, have }
      }
      this.st = St.Done
    }
    return false
  }

  private claimedCapLen = -1
  private zeroRecords = 0

  private zeroTail(p: number, hl: number): false {
    const from = this.base + p - (ZERO_RECORDS_LIMIT - 1) * hl
    return this.fail(
      'corrupt',
      `from offset ${from} the file holds only zero bytes (${ZERO_RECORDS_LIMIT} empty pcap records in a row): ` +
        `the rest looks preallocated or overwritten, so reading stopped there`,
      from,
    )
  }

  private fail(code: CaptureReadErrorCode, message: string, offset: number): false {
    this.error = { code, message, offset }
    if (this.claimedCapLen >= 0) this.error.claimedCapLen = this.claimedCapLen
    this.st = St.Done
    return false
  }

  /**
   * How many bytes the record starting at b[0] needs in total, as far as the `n` bytes present tell:
   * the header size while the header is incomplete, header + body once it is whole, -1 when the length
   * is invalid (next() then reports it).
   */
  private recordNeed(b: Uint8Array, n: number): number {
    switch (this.st) {
      case St.Start: {
        if (n < 4) return 4
        const m = (b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!
        if (m === SHB) return n < 12 ? 12 : this.shbLen(b, 0)
        return 24
      }
      case St.PcapHeader:
        return 24
      case St.Pcap: {
        const hl = this.pcapHdrLen
        if (n < hl) return hl
        const capLen = readU32(b, 8, this.le)
        return capLen > this.pcapMaxCap ? -1 : hl + capLen
      }
      case St.Pcapng: {
        if (n < 8) return 8
        const type = readU32(b, 0, this.le)
        if (type === SHB) return n < 12 ? 12 : this.shbLen(b, 0)
        const len = readU32(b, 4, this.le)
        return len < 12 || len > MAX_BLOCK ? -1 : len
      }
      default:
        return -1
    }
  }

  private shbLen(b: Uint8Array, p: number): number {
    const boLe = readU32(b, p + 8, true)
    const le = boLe === 0x1a2b3c4d ? true : boLe === 0x4d3c2b1a ? false : null
    if (le === null) return -1
    const len = readU32(b, p + 4, le)
    return len < 28 || len > MAX_BLOCK ? -1 : len
  }

  // ---------------------------------------------------------------------------------------------
  // Format detection and the pcap header

  private detect(): boolean {
    const b = this.cur
    const p = this.pos
    const m = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0
    switch (m) {
      case 0xd4c3b2a1:
        return this.startPcap(true, false, false)
      case 0xa1b2c3d4:
        return this.startPcap(false, false, false)
      case 0x4d3cb2a1:
        return this.startPcap(true, true, false)
      case 0xa1b23c4d:
        return this.startPcap(false, true, false)
      // Kuznetsov's "modified" pcap (a1b2cd34): 8 extra bytes per record header (ifindex, protocol, type).
      case 0x34cdb2a1:
        return this.startPcap(true, false, true)
      case 0xa1b2cd34:
        return this.startPcap(false, false, true)
      case SHB:
        // info is created once the first section header is accepted (a bad one means "not readable").
        this.st = St.Pcapng
        return true
      default: {
        const n = Math.min(16, this.cur.length - p)
        // Describe the first 16 bytes whatever the chunking: wait for them unless the stream ends first.
        if (n < 16 && !this.ended) return this.starve(16, n)
        return this.fail('not-capture', describeMagic(b.subarray(p, p + n)), this.base + p)
      }
    }
  }

  private startPcap(le: boolean, nano: boolean, modified: boolean): boolean {
    this.le = le
    this.nano = nano
    this.pcapHdrLen = modified ? 24 : 16
    this.st = St.PcapHeader
    return true
  }

  private readPcapHeader(): void {
    const dv = this.dv
    const p = this.pos
    const le = this.le
    const major = dv.getUint16(p + 4, le)
    const minor = dv.getUint16(p + 6, le)
    const snapLen = dv.getUint32(p + 16, le)
    const network = dv.getUint32(p + 20, le)
    // LinkType field: low 16 bits are the link type; bits 26-31 may carry FCS information; bits 16-25 are
    // reserved (must be 0).
    const linkType = network & 0xffff
    if ((network & 0x03ff0000) !== 0) {
      // libpcap and Wireshark both refuse such files.
      this.fail(
        'unsupported',
        `the pcap header's link-type field 0x${(network >>> 0).toString(16).padStart(8, '0')} has reserved bits set: not a valid pcap file`,
        this.base + p + 20,
      )
      return
    }
    if (major < 2) {
      // libpcap ("archaic pcap savefile format") and Wireshark both refuse these.
      this.fail(
        'unsupported',
        `archaic pcap format version ${major}.${minor}, which is not supported (only 2.x)`,
        this.base + p + 4,
      )
      return
    }
    if (major !== 2) this.warnings.push(`unusual pcap version ${major}.${minor} (expected 2.4)`)
    this.pcapLinkType = linkType
    this.pcapMaxCap = maxCapLenForLinkType(linkType)
    this.info = {
      format: 'pcap',
      bigEndian: !le,
      gzip: false,
      version: { major, minor },
      interfaces: [{ id: 0, linkType, snapLen, tsPrecisionDigits: this.nano ? 9 : 6, section: 0 }],
      sectionComments: [],
      nameRecords: [],
    }
    this.pos = p + 24
    this.st = St.Pcap
  }

  // ---------------------------------------------------------------------------------------------
  // pcapng

  /** 1: frame delivered, 0: stop (need bytes / error / end), 2: block consumed, continue. */
  private pcapngBlock(rec: FrameRecord, avail: number): 0 | 1 | 2 {
    const p = this.pos
    const b = this.cur
    const dv = this.dv
    if (avail < 8) return this.starveBlock(8, avail, 'header', avail)
    const type0 = dv.getUint32(p, this.le)
    let le = this.le
    if (type0 === SHB) {
      if (avail < 12) return this.starveBlock(4, avail - 8, 'data', avail)
      const bo = dv.getUint32(p + 8, true)
      if (bo === 0x1a2b3c4d) le = true
      else if (bo === 0x4d3c2b1a) le = false
      else {
        return this.failBlock(
          `section header at offset ${this.base + p} has an invalid byte-order magic 0x${bo.toString(16).padStart(8, '0')}`,
          this.base + p,
        )
      }
    }
    const len = dv.getUint32(p + 4, le)
    const at = this.base + p
    if (len < 12 || (type0 === SHB && len < 28)) {
      return this.failBlock(`block at offset ${at} has a total length of ${len}, below the minimum`, at)
    }
    if (len > MAX_BLOCK) {
      return this.failBlock(
        `block at offset ${at} claims a total length of ${len} bytes, which is too large: the file is corrupt`,
        at,
      )
    }
    if (len % 4 !== 0) {
      return this.failBlock(
        `block at offset ${at} has a total length of ${len}, not a multiple of 4: the file is corrupt`,
        at,
      )
    }
    if (avail < len) return this.starveBlock(len - 8, avail - 8, 'data', avail)
    const trailer = dv.getUint32(p + len - 4, le)
    if (trailer !== len) {
      return this.failBlock(
        `block at offset ${at} has mismatched lengths (${len} at the start, ${trailer} at the end): the file is corrupt`,
        at,
      )
    }
    const end = p + len - 4 // options/body end (before the trailing length)
    switch (type0) {
      case SHB: {
        const major = dv.getUint16(p + 12, le)
        const minor = dv.getUint16(p + 14, le)
        if (major !== 1) {
          this.fail(
            'unsupported',
            `pcapng section at offset ${at} has version ${major}.${minor}, which is not supported (only 1.x)`,
            at,
          )
          return 0
        }
        this.le = le
        this.sectionIndex++
        this.sectionIfBase = this.ifs.length
        // bigEndian reports the first section's byte order (later sections may differ).
        this.info ??= {
          format: 'pcapng',
          bigEndian: !le,
          gzip: false,
          interfaces: [],
          sectionComments: [],
          nameRecords: [],
        }
        this.readOptions(b, p + 24, end, (code, off, olen) => {
          if (code === 1) this.info!.sectionComments.push(decodeStr(b, off, olen))
        })
        break
      }
      case IDB: {
        if (len < 20)
          return this.failBlock(`interface description block at offset ${at} is too short (${len} bytes)`, at)
        const linkType = dv.getUint16(p + 8, le)
        const snapLen = dv.getUint32(p + 12, le)
        const info: InterfaceInfo = {
          id: this.info!.interfaces.length,
          linkType,
          snapLen,
          tsPrecisionDigits: 6,
          section: this.sectionIndex,
        }
        let tsresol = 6
        let offset = 0
        this.readOptions(b, p + 16, end, (code, off, olen) => {
          switch (code) {
            case 1:
              ;(info.comments ??= []).push(decodeStr(b, off, olen))
              break
            case 2:
              info.name = decodeStr(b, off, olen)
              break
            case 3:
              info.description = decodeStr(b, off, olen)
              break
            case 9:
              if (olen >= 1) tsresol = b[off]!
              break
            case 11:
              // if_filter: first byte is the filter type (0 = libpcap filter string).
              if (olen >= 1) info.filter = decodeStr(b, off + 1, olen - 1)
              break
            case 12:
              info.os = decodeStr(b, off, olen)
              break
            case 14:
              if (olen >= 8) {
                const lo = readU32(b, off + (le ? 0 : 4), le)
                const hi = readU32(b, off + (le ? 4 : 0), le)
                offset = (hi | 0) * 4294967296 + lo // signed 64-bit seconds
              }
              break
          }
        })
        const res = tsResolution(tsresol)
        info.tsPrecisionDigits = res.digits
        if (offset !== 0) info.tsOffsetSec = offset
        this.info!.interfaces.push(info)
        this.ifs.push({ linkType, snapLen, maxCap: maxCapLenForLinkType(linkType), res, offset })
        break
      }
      case EPB: {
        if (len < 32)
          return this.failBlock(`enhanced packet block at offset ${at} is too short (${len} bytes)`, at)
        const localIf = dv.getUint32(p + 8, le)
        const capLen = dv.getUint32(p + 20, le)
        if (28 + capLen > len - 4) {
          return this.failBlock(
            `enhanced packet block at offset ${at} (length ${len}) is too short for its ${capLen} captured bytes: the file is corrupt`,
            at,
          )
        }
        const ifc = this.iface(localIf, at)
        if (!ifc) return 0
        if (capLen > ifc.maxCap) return this.tooLong(capLen, ifc, at)
        convertTimestamp(dv.getUint32(p + 12, le), dv.getUint32(p + 16, le), ifc.res)
        this.fillFrame(rec, ifc, localIf, capLen, dv.getUint32(p + 24, le), p + 28)
        const optStart = p + 28 + ((capLen + 3) & ~3)
        if (optStart < end) this.packetOptions(rec, b, optStart, end, 2)
        this.pos = p + len
        return 1
      }
      case PB: {
        if (len < 32) return this.failBlock(`packet block at offset ${at} is too short (${len} bytes)`, at)
        const localIf = dv.getUint16(p + 8, le)
        const capLen = dv.getUint32(p + 20, le)
        if (28 + capLen > len - 4) {
          return this.failBlock(
            `packet block at offset ${at} (length ${len}) is too short for its ${capLen} captured bytes: the file is corrupt`,
            at,
          )
        }
        const ifc = this.iface(localIf, at)
        if (!ifc) return 0
        if (capLen > ifc.maxCap) return this.tooLong(capLen, ifc, at)
        convertTimestamp(dv.getUint32(p + 12, le), dv.getUint32(p + 16, le), ifc.res)
        this.fillFrame(rec, ifc, localIf, capLen, dv.getUint32(p + 24, le), p + 28)
        const optStart = p + 28 + ((capLen + 3) & ~3)
        if (optStart < end) this.packetOptions(rec, b, optStart, end, 2)
        this.pos = p + len
        return 1
      }
      case SPB: {
        if (len < 16)
          return this.failBlock(`simple packet block at offset ${at} is too short (${len} bytes)`, at)
        const ifc = this.iface(0, at)
        if (!ifc) return 0
        const origLen = dv.getUint32(p + 8, le)
        // Captured length: the original length, cut at interface 0's snaplen (0 = none) and at the block.
        let capLen = origLen
        if (ifc.snapLen !== 0 && capLen > ifc.snapLen) capLen = ifc.snapLen
        if (capLen > len - 16) capLen = len - 16
        // SPBs carry no timestamp.
        tsOut.sec = 0
        tsOut.nsec = 0
        this.fillFrame(rec, ifc, 0, capLen, origLen, p + 12)
        this.pos = p + len
        return 1
      }
      case NRB:
        this.readNameRecords(b, p + 8, end, le)
        break
      case ISB: {
        if (len < 24) break
        const localIf = dv.getUint32(p + 8, le)
        const ifc =
          localIf < this.ifs.length - this.sectionIfBase ? this.ifs[this.sectionIfBase + localIf]! : null
        const st: InterfaceStatistics = { interfaceId: this.sectionIfBase + localIf, tsSec: 0, tsNsec: 0 }
        if (ifc) {
          convertTimestamp(dv.getUint32(p + 12, le), dv.getUint32(p + 16, le), ifc.res)
          st.tsSec = tsOut.sec + ifc.offset
          st.tsNsec = tsOut.nsec
        }
        this.readOptions(b, p + 20, end, (code, off, olen) => {
          if (code === 1) (st.comments ??= []).push(decodeStr(b, off, olen))
          else if (olen === 8 && code >= 4 && code <= 8) {
            const v = readU32(b, off + (le ? 4 : 0), le) * 4294967296 + readU32(b, off + (le ? 0 : 4), le)
            if (code === 4) st.ifRecv = v
            else if (code === 5) st.ifDrop = v
            else if (code === 6) st.filterAccept = v
            else if (code === 7) st.osDrop = v
            else st.usrDeliv = v
          }
        })
        ;(this.info!.statistics ??= []).push(st)
        break
      }
      default:
        // Custom blocks (0x00000BAD / 0x40000BAD), DSB, systemd journal, unknown types: skipped.
        break
    }
    this.pos = p + len
    return 2
  }

  private starveBlock(need: number, have: number, part: 'header' | 'data', present: number): 0 {
    this.starve(need, have, part, present)
    return 0
  }

  /** Wireshark refuses packets longer than the link type's maximum; so do we (a corrupt length). */
  private tooLong(capLen: number, ifc: IfState, at: number): 0 {
    return this.failBlock(
      `packet block at offset ${at} claims ${capLen} captured bytes, more than the maximum of ${ifc.maxCap} for link type ${ifc.linkType}: the file is corrupt`,
      at,
    )
  }

  private failBlock(msg: string, at: number): 0 {
    this.fail('corrupt', `pcapng ${msg}`, at)
    return 0
  }

  private iface(localIf: number, at: number): IfState | null {
    const n = this.ifs.length - this.sectionIfBase
    if (localIf >= n) {
      this.fail(
        'corrupt',
        `pcapng packet block at offset ${at} refers to interface ${localIf}, but its section declares only ${n} interface${n === 1 ? '' : 's'}`,
        at,
      )
      return null
    }
    return this.ifs[this.sectionIfBase + localIf]!
  }

  private fillFrame(
    rec: FrameRecord,
    ifc: IfState,
    localIf: number,
    capLen: number,
    origLen: number,
    dataAt: number,
  ): void {
    rec.number = ++this.frameNo
    rec.interfaceId = this.sectionIfBase + localIf
    rec.linkType = ifc.linkType
    rec.tsSec = tsOut.sec + ifc.offset
    rec.tsNsec = tsOut.nsec
    rec.capLen = capLen
    rec.origLen = origLen
    rec.fileOffset = this.base + dataAt
    rec.buf = this.cur
    rec.dataOffset = dataAt
    if (!this.lazyData) rec.data = this.cur.subarray(dataAt, dataAt + capLen)
    rec.epbFlags = -1
    rec.comments = null
  }

  /** EPB/PB options: opt_comment → rec.comments, epb_flags/pack_flags (code 2) → rec.epbFlags. */
  private packetOptions(
    rec: FrameRecord,
    b: Uint8Array,
    start: number,
    end: number,
    flagsCode: number,
  ): void {
    const le = this.le
    let o = start
    while (o + 4 <= end) {
      const code = readU16(b, o, le)
      const olen = readU16(b, o + 2, le)
      if (code === 0) break
      if (o + 4 + olen > end) break
      if (code === 1) (rec.comments ??= []).push(decodeStr(b, o + 4, olen))
      else if (code === flagsCode && olen === 4) rec.epbFlags = readU32(b, o + 4, le)
      o += 4 + ((olen + 3) & ~3)
    }
  }

  private readOptions(
    b: Uint8Array,
    start: number,
    end: number,
    fn: (code: number, off: number, len: number) => void,
  ): void {
    const le = this.le
    let o = start
    while (o + 4 <= end) {
      const code = readU16(b, o, le)
      const olen = readU16(b, o + 2, le)
      if (code === 0) break
      if (o + 4 + olen > end) {
        this.warnings.push(
          `pcapng option ${code} at offset ${this.base + o} runs past the end of its block; ignored`,
        )
        break
      }
      fn(code, o + 4, olen)
      o += 4 + ((olen + 3) & ~3)
    }
  }

  private readNameRecords(b: Uint8Array, start: number, end: number, le: boolean): void {
    let o = start
    while (o + 4 <= end) {
      const type = readU16(b, o, le)
      const rlen = readU16(b, o + 2, le)
      if (type === 0) {
        o += 4
        break
      }
      if (o + 4 + rlen > end) {
        this.warnings.push(
          `pcapng name record at offset ${this.base + o} runs past the end of its block; ignored`,
        )
        return
      }
      const v = o + 4
      const alen = type === 1 ? 4 : type === 2 ? 16 : 0
      if (alen > 0 && rlen >= alen) {
        const address = type === 1 ? formatIPv4(b, v) : formatIPv6(b, v)
        const names: string[] = []
        let s = v + alen
        const stop = v + rlen
        while (s < stop) {
          let e = s
          while (e < stop && b[e] !== 0) e++
          if (e > s) names.push(utf8.decode(b.subarray(s, e)))
          s = e + 1
        }
        this.info!.nameRecords.push({ address, names })
      }
      o += 4 + ((rlen + 3) & ~3)
    }
    // NRB options (comments, DNS server) follow the end record.
    this.readOptions(b, o, end, (code, off, olen) => {
      if (code === 1) this.info!.sectionComments.push(decodeStr(b, off, olen))
    })
  }
}

function readU32(b: Uint8Array, p: number, le: boolean): number {
  return le
    ? (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0
    : ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0
}

function readU16(b: Uint8Array, p: number, le: boolean): number {
  return le ? b[p]! | (b[p + 1]! << 8) : (b[p]! << 8) | b[p + 1]!
}

/** UTF-8 option string; a trailing NUL (some writers add one) is dropped. */
function decodeStr(b: Uint8Array, off: number, len: number): string {
  let e = off + len
  while (e > off && b[e - 1] === 0) e--
  return utf8.decode(b.subarray(off, e))
}
