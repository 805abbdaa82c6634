import { newFrameRecord } from '../../../shared/model/frame'
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
  epbFlags: number
  comments: string[] | null
}

/** Run the parser over `bytes` pushed in chunks of `chunk` bytes (default: one chunk). */
export function parseAll(bytes: Uint8Array, chunk = bytes.length || 1): { frames: ParsedFrame[]; parser: CaptureParser } {
  const p = new CaptureParser()
  const rec = newFrameRecord()
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
