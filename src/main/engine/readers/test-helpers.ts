import { newFrameRecord, type FrameRecord } from '../../../shared/model/frame'
import { LazyFrameRecord } from './lazy-frame-record'
import { CaptureParser } from './capture-parser'

/** A frame as a test keeps it (data copied out of the reader's buffer). */
export interface ParsedFrame {
  number: number
  interfaceId: number
  linkType: number
  tsSec: number
  tsNsec: number
  capLen: number
  origLen: number
  fileOffset: number
  data: number[]
  viaBuf: number[]
  epbFlags: number
  comments: string[] | null
}

/** Run the parser over `bytes` pushed in chunks of `chunk` bytes (default: one chunk). */
export function parseAll(
  bytes: Uint8Array,
  chunk = bytes.length || 1,
  opts: { lazy?: boolean } = {},
): { frames: ParsedFrame[]; parser: CaptureParser } {
  const p = new CaptureParser({ lazyData: opts.lazy })
  const rec: FrameRecord = opts.lazy ? new LazyFrameRecord() : newFrameRecord()
  const frames: ParsedFrame[] = []
  const drain = () => {
    while (p.next(rec)) {
      frames.push({
        number: rec.number,
        interfaceId: rec.interfaceId,
        linkType: rec.linkType,
        tsSec: rec.tsSec,
        tsNsec: rec.tsNsec,
        capLen: rec.capLen,
        origLen: rec.origLen,
        fileOffset: rec.fileOffset,
        data: Array.from(rec.data),
        // buf/dataOffset must always describe the same bytes as data.
        viaBuf: Array.from(rec.buf.subarray(rec.dataOffset, rec.dataOffset + rec.capLen)),
        epbFlags: rec.epbFlags,
        comments: rec.comments ? rec.comments.slice() : null,
      })
    }
  }
  for (let o = 0; o < bytes.length; o += chunk) {
    // Copy each chunk so the parser cannot rely on the chunks being one contiguous buffer.
    p.push(bytes.slice(o, Math.min(bytes.length, o + chunk)))
    drain()
  }
  p.end()
  drain()
  return { frames, parser: p }
}

export function bytesOf(...xs: number[]): Uint8Array {
  return new Uint8Array(xs)
}

/** Deterministic packet payload of n bytes. */
export function payload(n: number, seed = 1): Uint8Array {
  const b = new Uint8Array(n)
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 7) & 0xff
  return b
}
