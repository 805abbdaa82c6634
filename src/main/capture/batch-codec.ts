/**
 * The record format of one streamed batch (little-endian, 4-byte aligned):
 *   u32 tsSec, u32 tsNsec, u32 capLen, u32 origLen, capLen bytes, zero padding to 4.
 * One Uint8Array per batch crosses the process boundary instead of one message per packet.
 */
export const RECORD_HEADER = 16

export function recordSize(capLen: number): number {
  return RECORD_HEADER + ((capLen + 3) & ~3)
}

/** Appends records into a growing buffer; reused across batches (reset() keeps the memory). */
export class BatchBuilder {
  private buf: Uint8Array
  private view: DataView
  length = 0
  count = 0

  constructor(initial = 1 << 20) {
    this.buf = new Uint8Array(initial)
    this.view = new DataView(this.buf.buffer)
  }

  append(tsSec: number, tsNsec: number, src: Uint8Array, capLen: number, origLen: number): void {
    const need = recordSize(capLen)
    if (this.length + need > this.buf.length) this.grow(this.length + need)
    const v = this.view
    const o = this.length
    v.setUint32(o, tsSec, true)
    v.setUint32(o + 4, tsNsec, true)
    v.setUint32(o + 8, capLen, true)
    v.setUint32(o + 12, origLen, true)
    this.buf.set(src.subarray(0, capLen), o + RECORD_HEADER)
    for (let p = o + RECORD_HEADER + capLen; p < o + need; p++) this.buf[p] = 0
    this.length += need
    this.count++
  }

  /** A copy of the filled part (the copy is what gets sent; this builder is reused). */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.length)
    this.length = 0
    this.count = 0
    return out
  }

  private grow(min: number): void {
    let n = this.buf.length * 2
    while (n < min) n *= 2
    const b = new Uint8Array(n)
    b.set(this.buf.subarray(0, this.length))
    this.buf = b
    this.view = new DataView(b.buffer)
  }
}

/** Iterates the records of a batch without allocating per record: fills `out` and calls `fn`. */
export interface BatchRecord {
  tsSec: number
  tsNsec: number
  capLen: number
  origLen: number
  /** The batch buffer and the offset of this record's bytes in it. */
  buf: Uint8Array
  dataOffset: number
}

export function forEachRecord(bytes: Uint8Array, fn: (r: BatchRecord) => void | false): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const r: BatchRecord = { tsSec: 0, tsNsec: 0, capLen: 0, origLen: 0, buf: bytes, dataOffset: 0 }
  let o = 0
  let n = 0
  while (o + RECORD_HEADER <= bytes.length) {
    r.tsSec = v.getUint32(o, true)
    r.tsNsec = v.getUint32(o + 4, true)
    r.capLen = v.getUint32(o + 8, true)
    r.origLen = v.getUint32(o + 12, true)
    r.dataOffset = o + RECORD_HEADER
    if (r.dataOffset + r.capLen > bytes.length) break
    n++
    if (fn(r) === false) break
    o += recordSize(r.capLen)
  }
  return n
}
