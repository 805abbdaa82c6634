import { stat } from 'node:fs/promises'
import { isAbsolute } from 'node:path'
import type { ExportSaveResponse } from '../../../shared/ipc/contract'
import { readCaptureFile } from '../readers/read-capture-file'
import { PcapFileWriter, PcapngFileWriter, SameFileError, assertNotSource } from '../writers'
import type { PacketIndex } from '../index'
import { RequestError } from './validate'

/**
 * Save As / Export Specified Packets. The source is re-read sequentially (works for gzip too) and the
 * picked frames are written with H1's streaming writers in atomic mode (temp file + fsync + rename, never
 * over the source). The written temp file is read back before it replaces the target: the save fails
 * unless the packet count matches, and then the old file at `target` is left exactly as it was.
 */
export interface ExportOptions {
  /** Counts the packets of a written file (default: the ordinary reader). Tests inject a failing one. */
  readBack?: (path: string) => Promise<number>
}

async function countPackets(path: string): Promise<number> {
  let n = 0
  await readCaptureFile(path, () => {
    n++
  })
  return n
}

export async function exportPackets(
  source: string,
  index: PacketIndex,
  pick: Uint8Array,
  format: 'pcap' | 'pcapng',
  target: string,
  options: ExportOptions = {},
): Promise<ExportSaveResponse> {
  if (!isAbsolute(target)) throw new RequestError(`save path must be absolute: ${target}`, 'bad-request')
  try {
    await assertNotSource(target, source)
  } catch (err) {
    if (err instanceof SameFileError) throw new RequestError(err.message, 'same-file')
    throw err
  }
  const ifaces = index.info.interfaces
  const nano = ifaces.some((i) => i.tsPrecisionDigits > 6)
  let wanted = 0
  for (let i = 0; i < pick.length; i++) wanted += pick[i]!
  if (format === 'pcap') {
    const links = new Set(ifaces.map((i) => i.linkType))
    if (links.size > 1)
      throw new RequestError(
        'these packets come from interfaces with different link types; save as pcapng instead',
        'bad-request',
      )
  }
  let written = 0
  let verified = -1
  const readBack = options.readBack ?? countPackets
  const opts = {
    atomic: true,
    sourcePath: source,
    // Runs on the complete, fsynced temp file, before the rename: a failure keeps the old target.
    verify: async (tmp: string) => {
      try {
        verified = await readBack(tmp)
      } catch (err) {
        throw new RequestError(
          `${target} was not saved: the written file cannot be read back (${err instanceof Error ? err.message : String(err)}); the existing file is unchanged`,
          'io',
        )
      }
      if (verified !== written || written !== wanted)
        throw new RequestError(
          `${target} was not saved: wrote ${written} of ${wanted} packets but read back ${verified}; the existing file is unchanged`,
          'io',
        )
    },
  }
  let bytes: number
  // The reader's callback cannot await: writes are chained so they reach the file in order, one at a time.
  let chain: Promise<void> = Promise.resolve()
  try {
    if (format === 'pcap') {
      const w = await PcapFileWriter.open(
        target,
        {
          linkType: ifaces[0]?.linkType ?? 1,
          snapLen: Math.max(262144, ...ifaces.map((i) => i.snapLen)),
          nano,
        },
        opts,
      )
      try {
        await readCaptureFile(source, (rec) => {
          if (rec.number > pick.length || !pick[rec.number - 1]) return
          const p = { tsSec: rec.tsSec, tsNsec: rec.tsNsec, data: rec.data.slice(), origLen: rec.origLen }
          chain = chain.then(() => w.writePacket(p))
          chain.catch(() => {}) // awaited below; this only keeps an early failure from being "unhandled"
          written++
        })
        await chain
      } catch (err) {
        await w.abort()
        throw err
      }
      await w.close()
      bytes = w.bytesWritten
    } else {
      const w = await PcapngFileWriter.open(
        target,
        {
          userAppl: 'wirelite',
          interfaces: ifaces.map((i) => ({
            linkType: i.linkType,
            snapLen: i.snapLen,
            tsresol: 9,
            ...(i.name ? { name: i.name } : {}),
            ...(i.description ? { description: i.description } : {}),
          })),
        },
        opts,
      )
      try {
        await readCaptureFile(source, (rec) => {
          if (rec.number > pick.length || !pick[rec.number - 1]) return
          const p = {
            interfaceId: rec.interfaceId,
            tsSec: rec.tsSec,
            tsNsec: rec.tsNsec,
            data: rec.data.slice(),
            origLen: rec.origLen,
            ...(rec.epbFlags >= 0 ? { flags: rec.epbFlags } : {}),
            ...(rec.comments ? { comment: rec.comments } : {}),
          }
          chain = chain.then(() => w.writePacket(p))
          chain.catch(() => {}) // awaited below; this only keeps an early failure from being "unhandled"
          written++
        })
        await chain
      } catch (err) {
        await w.abort()
        throw err
      }
      await w.close()
      bytes = w.bytesWritten
    }
  } catch (err) {
    if (err instanceof RequestError) throw err
    const msg = err instanceof Error ? err.message : String(err)
    throw new RequestError(`could not save ${target}: ${msg}`, 'io')
  }
  const size = (await stat(target)).size
  return { path: target, packets: written, bytes: Math.max(bytes, size), verifiedPackets: verified }
}
