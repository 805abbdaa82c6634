/** A growable byte buffer with endian-aware integer writes (pure; used by the pcap/pcapng encoders). */
export class ByteWriter {
  private buf = new Uint8Array(256)
  private dv = new DataView(this.buf.buffer)
  length = 0

  constructor(readonly le: boolean) {}

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return
    let cap = this.buf.length * 2
    while (cap < this.length + n) cap *= 2
    const b = new Uint8Array(cap)
    b.set(this.buf.subarray(0, this.length))
    this.buf = b
    this.dv = new DataView(b.buffer)
  }

  u8(v: number): this {
    this.ensure(1)
    this.buf[this.length++] = v & 0xff
    return this
  }

  u16(v: number): this {
    this.ensure(2)
    this.dv.setUint16(this.length, v & 0xffff, this.le)
    this.length += 2
    return this
  }

  u32(v: number): this {
    this.ensure(4)
    this.dv.setUint32(this.length, v >>> 0, this.le)
    this.length += 4
    return this
  }

  /** Unsigned 64-bit from a bigint (two's complement for negatives). */
  u64(v: bigint): this {
    const x = BigInt.asUintN(64, v)
    const hi = Number(x >> 32n)
    const lo = Number(x & 0xffffffffn)
    return this.le ? this.u32(lo).u32(hi) : this.u32(hi).u32(lo)
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length)
    this.buf.set(b, this.length)
    this.length += b.length
    return this
  }

  /** Zero bytes up to a multiple of 4. */
  pad4(): this {
    while (this.length % 4 !== 0) this.u8(0)
    return this
  }

  /** Overwrite a u32 at `at` (used to patch block lengths). */
  setU32(at: number, v: number): void {
    this.dv.setUint32(at, v >>> 0, this.le)
  }

  toBytes(): Uint8Array {
    return this.buf.slice(0, this.length)
  }
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  let n = 0
  for (const p of parts) n += p.length
  const out = new Uint8Array(n)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}
