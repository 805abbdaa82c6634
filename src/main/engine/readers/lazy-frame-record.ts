import type { FrameRecord } from '../../../shared/model/frame'

const EMPTY = new Uint8Array(0)

/**
 * A FrameRecord whose `data` view is created only when someone reads it (once per frame). Readers fill
 * `buf`/`dataOffset`; a hot loop that reads those directly never allocates per packet, while code that
 * uses `rec.data` keeps working unchanged. Use with `new CaptureParser({ lazyData: true })`.
 */
export class LazyFrameRecord implements FrameRecord {
  number = 0
  interfaceId = 0
  linkType = 0
  tsSec = 0
  tsNsec = 0
  capLen = 0
  origLen = 0
  fileOffset = 0
  buf: Uint8Array = EMPTY
  dataOffset = 0
  epbFlags = -1
  comments: string[] | null = null
  private view: Uint8Array = EMPTY
  /** Frame number + buffer the cached view belongs to. */
  private viewNumber = -1
  private viewBuf: Uint8Array = EMPTY

  get data(): Uint8Array {
    if (this.viewNumber !== this.number || this.viewBuf !== this.buf) {
      this.view = this.buf.subarray(this.dataOffset, this.dataOffset + this.capLen)
      this.viewNumber = this.number
      this.viewBuf = this.buf
    }
    return this.view
  }

  set data(v: Uint8Array) {
    this.view = v
    this.viewNumber = this.number
    this.viewBuf = this.buf
  }
}
