import type { CaptureFileInfo, FrameRecord } from '../model/frame'
import { formatLink, type LinkCtx } from './link-line'
import { TcpSeqTracker } from './tcp-seq-tracker'
import { TimestampFormatter, type TsMode } from './ts-format'

export interface TcpdumpPrintOptions {
  /** Number of -t flags (0 = default time of day … 5 = -ttttt). */
  tsMode: TsMode
  /** Number of -v flags (0..3). */
  verbose: number
  /** -S: absolute sequence numbers. */
  absoluteSeq: boolean
  /**
   * SLL2 interface names: tcpdump asks the running host (if_indextoname), so the CLI passes the local
   * table; "?" when unknown.
   */
  ifName?: (index: number) => string | null
}

/**
 * `tcpdump -nn -r FILE` text for a sequence of frames. Stateful (relative sequence numbers, -ttt
 * deltas): use one printer per file and feed every frame in file order.
 */
export class TcpdumpPrinter {
  private readonly ts: TimestampFormatter
  private readonly ctx: LinkCtx

  constructor(opts: TcpdumpPrintOptions) {
    this.ts = new TimestampFormatter(opts.tsMode)
    const ifName = opts.ifName
    this.ctx = {
      opts: { verbose: opts.verbose, absoluteSeq: opts.absoluteSeq },
      seqs: new TcpSeqTracker(),
      ifName: (i) => ifName?.(i) ?? '?',
    }
  }

  /**
   * The text tcpdump prints for one frame, without the final newline (-v may add "\n    " lines).
   * `snapLen`: for pcap files, the header's snapshot length — libpcap cuts records that claim more
   * captured bytes than that, so tcpdump sees fewer bytes than the record holds.
   */
  format(rec: FrameRecord, snapLen = 0): string {
    const ts = this.ts.format(rec.tsSec, rec.tsNsec)
    let capLen = Math.min(rec.capLen, rec.data.length)
    if (snapLen > 0 && capLen > snapLen) capLen = snapLen
    return ts + formatLink(rec.linkType, rec.data, capLen, rec.origLen, this.ctx)
  }
}

/** libpcap clamps a pcap record's captured length to the file header's snapshot length (pcapng: no). */
export function libpcapSnapLen(info: CaptureFileInfo, interfaceId: number): number {
  return info.format === 'pcap' ? (info.interfaces[interfaceId]?.snapLen ?? 0) : 0
}
