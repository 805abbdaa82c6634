import type {
  DialogOpenRequest,
  DialogSaveRequest,
  FileUploadRequest,
  FsListDirRequest,
} from '../../shared/ipc/contract'
import { UPLOAD_CHUNK_BYTES } from '../../shared/ipc/contract'
import { RequestError, int, obj, oneOf, pathArg, str } from '../engine/service/validate'

/*
 * Runtime checks of the shell channels' arguments, shared by Electron main and the browser-mode bridge.
 * The page is untrusted (a bug, or anything holding the bridge token): every parser either returns a
 * well-typed value or throws a RequestError('bad-request'), which both transports turn into a typed
 * `{ ok: false, detail: { code } }` with fail() — never a raw exception.
 */

function optionalObj(v: unknown, what: string): Record<string, unknown> {
  return v === undefined || v === null ? {} : obj(v, what)
}

function bad(what: string): never {
  throw new RequestError(`invalid request: ${what}`, 'bad-request')
}

export function parseDialogOpen(v: unknown): DialogOpenRequest {
  const o = optionalObj(v, 'dialog.openCapture request')
  return o.defaultPath === undefined ? {} : { defaultPath: pathArg(o.defaultPath, 'defaultPath') }
}

export function parseDialogSave(v: unknown): DialogSaveRequest {
  const o = obj(v, 'dialog.saveCapture request')
  const format = oneOf(o.format, 'format', ['pcap', 'pcapng'] as const)
  return o.defaultPath === undefined
    ? { format }
    : { format, defaultPath: pathArg(o.defaultPath, 'defaultPath') }
}

export function parseListDir(v: unknown): FsListDirRequest {
  const o = optionalObj(v, 'fs.listDir request')
  return o.path === undefined ? {} : { path: pathArg(o.path) }
}

export function parseNoteRecent(v: unknown): { path: string } {
  return { path: pathArg(obj(v, 'app.noteRecent request').path) }
}

/** A file name as the browser reports it: no directory part is trusted, only a short display name. */
function uploadName(v: unknown): string {
  const s = str(v, 'name', 1024)
  if (s.includes('\0')) bad('name contains a NUL character')
  return s
}

/** Largest upload we accept at all; the bridge also caps it by the free space of the temp directory. */
export const MAX_UPLOAD_BYTES = 64 * 1024 ** 3

export function parseUpload(v: unknown): FileUploadRequest {
  const o = obj(v, 'file.upload request')
  const op = oneOf(o.op, 'op', ['begin', 'chunk', 'end', 'abort'] as const)
  switch (op) {
    case 'begin':
      return { op, name: uploadName(o.name), size: int(o.size, 'size', 0, MAX_UPLOAD_BYTES) }
    case 'chunk': {
      const data = o.data
      if (!(data instanceof Uint8Array)) bad('data must be bytes (a Uint8Array)')
      if (data.byteLength === 0 || data.byteLength > UPLOAD_CHUNK_BYTES)
        bad(`data must be 1..${UPLOAD_CHUNK_BYTES} bytes`)
      return {
        op,
        uploadId: int(o.uploadId, 'uploadId', 1),
        offset: int(o.offset, 'offset', 0, MAX_UPLOAD_BYTES),
        data,
      }
    }
    case 'end':
    case 'abort':
      return { op, uploadId: int(o.uploadId, 'uploadId', 1) }
  }
}

/** app.version / app.launchFile take nothing: anything but undefined/null is a caller bug. */
export function parseNoArgs(v: unknown, channel: string): void {
  if (v !== undefined && v !== null) bad(`${channel} takes no argument`)
}
