import type { ReadSummary } from '../main/engine/readers/read-capture-file'
import type { CliIo } from './command'

/**
 * A capture that goes bad part-way (cut short, a corrupt record) still gives every packet before the
 * damage; commands that print tables must say that the table covers only those packets, on stderr, as
 * one line per problem. `read` has its own, tcpdump-compatible wording and exit code.
 */
export function warnPartialRead(summary: ReadSummary | null, io: CliIo): void {
  if (!summary) return
  for (const w of summary.warnings) io.stderr.write(`wirelite: warning: ${w}\n`)
  if (summary.error) io.stderr.write(`wirelite: warning: ${summary.error.message}\n`)
}
