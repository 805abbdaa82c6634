import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs'
import { encodeIdb, encodeShb } from '../engine/writers/pcapng-encode'
import { forEachRecord } from './batch-codec'

const EPB_TYPE = 6
const TWO32 = 4294967296

/**
 * The capture helper's pcapng spool: SHB + one IDB (ns timestamps), then one Enhanced Packet Block per
 * packet. Each batch goes straight to the OS with writeSync, so a crash or kill of either process loses
 * at most the batches not yet written (≤ flush period); the parent reads the file with the ordinary reader
 * (a partial last block is reported as a truncated tail). The helper creates the file on its main thread
 * (so a bad path fails the start) and writes batches from a worker thread (spool-writer.ts).
 */
export class PcapngSpool {
  private buf = new Uint8Array(0)
  private view = new DataView(this.buf.buffer)

  /** Takes over an open spool whose first `bytesWritten` bytes (the headers) are written. */
  constructor(
    readonly fd: number,
    public bytesWritten = 0,
  ) {}

  /** Creates (truncates) the file at `path`, mode 0600, and writes the section and interface headers. */
  static create(
    path: string,
    iface: { linkType: number; snapLen: number; name: string; filter: string },
  ): PcapngSpool {
    const fd = openSync(path, 'w', 0o600)
    const spool = new PcapngSpool(fd)
    try {
      const shb = encodeShb({
        userAppl: 'wirelite capture helper',
        os: `${process.platform} ${process.arch}`,
      })
      const idb = encodeIdb(
        {
          linkType: iface.linkType,
          snapLen: iface.snapLen,
          tsresol: 9,
          name: iface.name,
          ...(iface.filter ? { filter: iface.filter } : {}),
        },
        true,
      )
      spool.write(shb, shb.length)
      spool.write(idb, idb.length)
    } catch (err) {
      closeSync(fd)
      throw err
    }
    return spool
  }

  /** Encodes the records of one batch (batch-codec format) as EPBs and writes them in one call. */
  writeBatch(batch: Uint8Array): void {
    let o = 0
    forEachRecord(batch, (r) => {
      const padded = (r.capLen + 3) & ~3
      const total = 32 + padded
      if (o + total > this.buf.length) {
        if (o > 0) this.write(this.buf, o)
        o = 0
        if (total > this.buf.length) this.grow(total)
      }
      const v = this.view
      // 64-bit ns timestamp = sec * 1e9 + nsec, split into 32-bit halves with exact double arithmetic.
      const sHi = Math.floor(r.tsSec / 65536)
      const sLo = r.tsSec % 65536
      const a = sHi * 1e9 // < 2^46
      const b = sLo * 1e9 + r.tsNsec // < 2^47
      let low = (a % 65536) * 65536 + (b % TWO32)
      const carry = Math.floor(low / TWO32)
      low -= carry * TWO32
      const high = Math.floor(a / 65536) + Math.floor(b / TWO32) + carry
      v.setUint32(o, EPB_TYPE, true)
      v.setUint32(o + 4, total, true)
      v.setUint32(o + 8, 0, true) // interface 0
      v.setUint32(o + 12, high, true)
      v.setUint32(o + 16, low, true)
      v.setUint32(o + 20, r.capLen, true)
      v.setUint32(o + 24, r.origLen, true)
      this.buf.set(r.buf.subarray(r.dataOffset, r.dataOffset + r.capLen), o + 28)
      for (let p = o + 28 + r.capLen; p < o + 28 + padded; p++) this.buf[p] = 0
      v.setUint32(o + 28 + padded, total, true)
      o += total
    })
    if (o > 0) this.write(this.buf, o)
  }

  /** Asks the OS to put what was written on disk (best effort: a pipe or odd filesystem may refuse). */
  sync(): void {
    try {
      fsyncSync(this.fd)
    } catch {
      /* best effort */
    }
  }

  close(): void {
    this.sync()
    closeSync(this.fd)
  }

  private write(bytes: Uint8Array, len: number): void {
    let off = 0
    while (off < len) off += writeSync(this.fd, bytes, off, len - off)
    this.bytesWritten += len
  }

  private grow(min: number): void {
    let n = Math.max(this.buf.length, 1 << 20)
    while (n < min) n *= 2
    this.buf = new Uint8Array(n)
    this.view = new DataView(this.buf.buffer)
  }
}
