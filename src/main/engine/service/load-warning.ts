import type { ReadSummary } from '../readers/capture-types'

/**
 * The user-facing warning of a load that read fewer packets than the file seemed to hold (the final
 * file.onProgress event's `warning`): what happened and what to do. Null for a file read to its end.
 * The rows read stay browsable in every case: a capture still being written is not an error.
 *
 * `sizeBytes` is the file's size on disk; for an uncompressed file the bytes not read are
 * sizeBytes − the offset of the incomplete record (for .gz the offsets are in the decompressed stream).
 */
export function loadWarning(summary: ReadSummary, sizeBytes: number): string | null {
  const n = summary.frames
  const read = `The ${n} complete packet${n === 1 ? '' : 's'} before it ${n === 1 ? 'is' : 'are'} shown`
  const gzipProblem = summary.info.gzip ? summary.warnings.find((w) => /gzip/.test(w)) : undefined
  const tail = summary.incompleteTail
  if (summary.error) {
    return (
      `Reading stopped at offset ${summary.error.offset}: ${summary.error.message}. ${read}; ` +
      `the rest of the file could not be read (it may be damaged).`
    )
  }
  if (tail) {
    const unread =
      !summary.info.gzip && sizeBytes > tail.offset
        ? `${sizeBytes - tail.offset} bytes at offset ${tail.offset} were not read`
        : `the data from offset ${tail.offset} of the uncompressed stream was not read`
    return (
      `The capture ends in the middle of a packet (${unread}): it may still be being ` +
      `written, or it was cut short. ${read}; open the file again to see packets written since.`
    )
  }
  if (gzipProblem) return `The compressed file could not be read to its end: ${gzipProblem}. ${read}.`
  return null
}
