/**
 * Measure decode+index speed and memory: `npx tsx src/main/engine/index/bench-index.ts FILE [--no-verify]`.
 * Prints packets/s, MB/s and bytes per row as allocated (chunk columns + address table + SYN/SACK side
 * tables, from PacketIndex.byteSize), with the parts broken down.
 */
import { statSync } from 'node:fs'
import { ROW_BYTES } from '../../../shared/model/index-columns'
import { buildIndex } from './build-index'

async function main(): Promise<void> {
  const path = process.argv[2]
  if (!path) throw new Error('usage: bench-index.ts FILE [--no-verify]')
  const verify = !process.argv.includes('--no-verify')
  const heap0 = process.memoryUsage()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const idx = await buildIndex(path, { verifyChecksums: verify })
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  const cpuSec = (cpu.user + cpu.system) / 1e6
  const heap1 = process.memoryUsage()
  const size = statSync(path).size
  const filled = idx.count * ROW_BYTES
  const allocated = idx.columnByteSize
  console.log(
    JSON.stringify(
      {
        file: path,
        verifyChecksums: verify,
        rows: idx.count,
        seconds: +(ms / 1000).toFixed(3),
        packetsPerSecond: Math.round(idx.count / (ms / 1000)),
        // CPU time is the steadier figure on a shared machine (wall time includes waiting for a core).
        cpuSeconds: +cpuSec.toFixed(3),
        packetsPerCpuSecond: Math.round(idx.count / cpuSec),
        mbPerSecond: +(size / 1e6 / (ms / 1000)).toFixed(1),
        addresses: idx.addresses.size,
        synRows: idx.synOptions.size,
        sackRows: idx.sackBlocks.size,
        rowBytes: ROW_BYTES,
        columnBytes: allocated,
        addressBytes: idx.addresses.byteSize,
        synTableBytes: idx.synOptions.byteSize,
        sackTableBytes: idx.sackBlocks.byteSize,
        bytesPerRowAllocated: +(idx.byteSize / idx.count).toFixed(2),
        unusedChunkTail: allocated - filled,
        heapDeltaMB: +(
          (heap1.heapUsed + heap1.arrayBuffers - heap0.heapUsed - heap0.arrayBuffers) /
          1e6
        ).toFixed(1),
      },
      null,
      1,
    ),
  )
}

void main()
