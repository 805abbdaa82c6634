import { decodeFrameAt } from '../../../shared/decode/decode-frame'
import { DecodedFrame } from '../../../shared/model/decoded-frame'
import type { IndexChunk } from '../../../shared/model/index-columns'
import { readCaptureFile } from '../readers/read-capture-file'
import { IndexBuilder } from './index-builder'
import { PacketIndex } from './packet-index'

export interface BuildIndexOptions {
  /**
   * Called with each chunk once it is full (never written again), and with the last, partial chunk at
   * the end. The chunk stays in index.chunks: transferring its ArrayBuffers (postMessage transfer list)
   * detaches them here too, so transfer copies (`col.slice()`) unless the receiver becomes the owner.
   */
  onChunk?(c: IndexChunk): void
  /** Called every PROGRESS_ROWS rows and at the end with rows indexed and bytes of the file consumed. */
  onProgress?(rows: number, bytes: number): void
  signal?: AbortSignal
  /** Verify IP/TCP/UDP/ICMP checksums so rows carry the bad-checksum bit (default true; see README). */
  verifyChecksums?: boolean
}

export const PROGRESS_ROWS = 65536

/**
 * Read `path` (pcap/pcapng, gzip ok) and build its PacketIndex: reader → decodeFrame into one reused
 * scratch → append a row. Throws CaptureOpenError (from the reader) when the file cannot be read at all.
 */
export async function buildIndex(path: string, opts: BuildIndexOptions = {}): Promise<PacketIndex> {
  const index = new PacketIndex()
  const builder = new IndexBuilder(index, opts.onChunk)
  const f = new DecodedFrame()
  const verify = opts.verifyChecksums ?? true
  const onProgress = opts.onProgress
  let infoSet = false
  const summary = await readCaptureFile(
    path,
    (rec, info) => {
      if (!infoSet) {
        index.info = info
        infoSet = true
      }
      // In place in the reader's chunk: no view object per frame.
      decodeFrameAt(rec.linkType, rec.buf, rec.dataOffset, rec.capLen, rec.origLen, f, verify)
      builder.addAt(rec, f, rec.buf, rec.dataOffset)
      if (onProgress && index.count % PROGRESS_ROWS === 0)
        onProgress(index.count, rec.fileOffset + rec.capLen)
    },
    opts.signal ? { signal: opts.signal } : {},
  )
  index.info = summary.info
  index.summary = summary
  builder.finish()
  onProgress?.(index.count, summary.bytes)
  return index
}
