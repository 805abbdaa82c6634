import { buildIndex, type PacketIndex } from '../../src/main/engine/index'
import { analyzeTcp } from '../../src/main/engine/tcp'
import type { TcpAnalysis } from '../../src/main/engine/tcp/types'

/**
 * The captures among `files` that have TCP, each with its index and plain TCP analysis, one at a time.
 * Unreadable files are skipped: they are the readers' tests' business.
 */
export async function* tcpCaptures(
  files: Iterable<string>,
): AsyncGenerator<{ file: string; index: PacketIndex; analysis: TcpAnalysis }> {
  for (const file of files) {
    let index: PacketIndex
    try {
      index = await buildIndex(file)
    } catch {
      continue
    }
    const analysis = analyzeTcp(index)
    if (analysis.conversations.length > 0) yield { file, index, analysis }
  }
}
