/**
 * Worker thread of the capture helper that writes the pcapng spool (see spool-writer.ts). Bundled by
 * scripts/build-node.mjs as out/cli/spool-writer.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { PcapngSpool } from './pcapng-spool'
import { leaveRealtimeThisThread } from './realtime'
import type { SpoolWriterReply, SpoolWriterRequest } from './spool-writer'

// Writing is bulk work: leave the real-time priority (inherited from the stamping thread) to that thread.
leaveRealtimeThisThread()

const port = parentPort!
const { fd, bytesWritten } = workerData as { fd: number; bytesWritten: number }
const spool = new PcapngSpool(fd, bytesWritten)
/** After a failed write the file ends in a partial block: write nothing more, keep what is there. */
let failed = false

function reply(m: SpoolWriterReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(m, transfer)
}

port.on('message', (m: SpoolWriterRequest) => {
  if (m.t === 'batch') {
    if (failed) return
    try {
      spool.writeBatch(m.bytes)
    } catch (err) {
      failed = true
      const e = err as NodeJS.ErrnoException
      reply({ t: 'failed', message: e.message, code: e.code ?? null })
      return
    }
    // The bytes go back: the helper may still stream them to its parent.
    reply({ t: 'written', count: m.count, bytes: m.bytes, spoolBytes: spool.bytesWritten }, [
      m.bytes.buffer as ArrayBuffer,
    ])
  } else {
    // The descriptor belongs to the helper's main thread, which closes it after this.
    spool.sync()
    reply({ t: 'synced', spoolBytes: spool.bytesWritten })
  }
})
