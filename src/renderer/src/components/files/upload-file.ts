import { UPLOAD_CHUNK_BYTES, type WireliteApi } from '../../../../shared/ipc/contract'

/*
 * Browser mode's half of drag and drop: a dropped File is streamed to the bridge with file.upload
 * (begin, chunks of at most UPLOAD_CHUNK_BYTES read one at a time so a 1 GB file never sits in memory,
 * end). The bridge answers with the temp file's path, which is then opened like any capture.
 */
/** Chunks sent before waiting for the oldest answer. */
const IN_FLIGHT = 4

export type UploadResult = { ok: true; path: string } | { ok: false; error: string; cancelled?: boolean }

export interface UploadHandle {
  done: Promise<UploadResult>
  cancel(): void
}

/** The part of File used (a Blob with a name; tests pass a fake). */
export interface FileLike {
  name: string
  size: number
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> }
}

export function uploadFile(
  api: Pick<WireliteApi, 'invoke'>,
  file: FileLike,
  onProgress: (sent: number, total: number) => void,
  chunkBytes = UPLOAD_CHUNK_BYTES,
): UploadHandle {
  let cancelled = false
  const run = async (): Promise<UploadResult> => {
    const begin = await api.invoke('file.upload', { op: 'begin', name: file.name, size: file.size })
    if (!begin.ok) return { ok: false, error: begin.error }
    const uploadId = begin.value.uploadId
    onProgress(0, file.size)
    // Up to IN_FLIGHT chunks travel at once (the bridge writes them in arrival order): reading the next
    // chunk and the server's disk write overlap instead of waiting a round trip per chunk. Chunks are
    // read one after another, so they are sent in file order.
    const inFlight: Array<Promise<string | null>> = []
    let failure: string | null = null
    for (let offset = 0; offset < file.size && failure === null && !cancelled; offset += chunkBytes) {
      let data: Uint8Array
      try {
        data = new Uint8Array(
          await file.slice(offset, Math.min(file.size, offset + chunkBytes)).arrayBuffer(),
        )
      } catch (err) {
        failure = `could not read ${file.name}: ${(err as Error).message}`
        break
      }
      inFlight.push(
        api.invoke('file.upload', { op: 'chunk', uploadId, offset, data }).then((r) => {
          if (!r.ok) return r.error
          onProgress(r.value.received, file.size)
          return null
        }),
      )
      if (inFlight.length >= IN_FLIGHT) failure = await inFlight.shift()!
    }
    for (const p of inFlight) failure ??= await p
    if (cancelled || failure !== null) {
      await api.invoke('file.upload', { op: 'abort', uploadId })
      return cancelled ? { ok: false, error: 'cancelled', cancelled: true } : { ok: false, error: failure! }
    }
    const end = await api.invoke('file.upload', { op: 'end', uploadId })
    if (!end.ok) return { ok: false, error: end.error }
    if (!end.value.path) return { ok: false, error: 'the server did not store the file' }
    return { ok: true, path: end.value.path }
  }
  return {
    done: run(),
    cancel() {
      cancelled = true
    },
  }
}
