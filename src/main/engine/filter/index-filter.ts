import { open, readFile } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { promisify } from 'node:util'
import { gunzip } from 'node:zlib'
import type { FilterData, FrameReader } from '../../../shared/filter'
import type { PacketIndex } from '../index'
import type { TcpAnalysis } from '../tcp'

/**
 * Glue between the engine's PacketIndex / TcpAnalysis and the pure filter module: the data view the
 * filter evaluates, and a batched frame reader for `contains` / `matches`.
 */
export function filterDataOf(index: PacketIndex, tcp: TcpAnalysis | null): FilterData {
  return { chunks: index.chunks, count: index.count, addresses: index.addresses, info: index.info, tcp }
}

/** Frames closer than this are read with one file read (the gap is read and thrown away). */
const COALESCE_GAP = 64 * 1024
/** Largest single read. */
const MAX_SPAN = 4 * 1024 * 1024

export type ClosableFrameReader = FrameReader & { close(): Promise<void> }

/**
 * Reads frame bytes by row for the second filter phase. Plain files: one handle kept open, neighbouring
 * frames coalesced into few large reads (a 1M-row `contains` is then a near-sequential pass).
 * gzip files: decompressed once into memory on first use (fileOffset counts decompressed bytes).
 * Frames whose bytes are missing (file changed) come back short rather than failing the filter.
 */
export function frameReaderFor(path: string, index: PacketIndex): ClosableFrameReader {
  let fh: Promise<FileHandle> | null = null
  let whole: Promise<Uint8Array> | null = null
  const read = async (rows: Uint32Array): Promise<Uint8Array[]> => {
    const out: Uint8Array[] = new Array(rows.length)
    if (index.info.gzip) {
      whole ??= readFile(path)
        .then((b) => promisify(gunzip)(b))
        .then((b) => new Uint8Array(b.buffer, b.byteOffset, b.length))
      const all = await whole
      for (let k = 0; k < rows.length; k++) {
        const c = index.chunkOf(rows[k]!)
        const i = rows[k]! - c.firstRow
        const off = c.fileOffset[i]!
        out[k] = all.subarray(off, Math.min(all.length, off + c.capLen[i]!))
      }
      return out
    }
    fh ??= open(path, 'r')
    const h = await fh
    let k = 0
    while (k < rows.length) {
      // Grow a span [start, end) over following rows while they are close together.
      const c0 = index.chunkOf(rows[k]!)
      const i0 = rows[k]! - c0.firstRow
      const start = c0.fileOffset[i0]!
      let end = start + c0.capLen[i0]!
      let last = k
      while (last + 1 < rows.length) {
        const c = index.chunkOf(rows[last + 1]!)
        const i = rows[last + 1]! - c.firstRow
        const off = c.fileOffset[i]!
        const e = off + c.capLen[i]!
        if (off < start || off - end > COALESCE_GAP || e - start > MAX_SPAN) break
        end = Math.max(end, e)
        last++
      }
      const buf = new Uint8Array(end - start)
      let got = 0
      while (got < buf.length) {
        const { bytesRead } = await h.read(buf, got, buf.length - got, start + got)
        if (bytesRead === 0) break
        got += bytesRead
      }
      for (let j = k; j <= last; j++) {
        const c = index.chunkOf(rows[j]!)
        const i = rows[j]! - c.firstRow
        const rel = c.fileOffset[i]! - start
        out[j] = buf.subarray(Math.min(rel, got), Math.min(got, rel + c.capLen[i]!))
      }
      k = last + 1
    }
    return out
  }
  return Object.assign(read, {
    async close(): Promise<void> {
      const h = fh
      fh = null
      whole = null
      if (h) await (await h).close()
    },
  })
}
