import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWriteStream, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { CaptureOpenError, readCaptureFile, readFrameBytes, describeOpenError } from './read-capture-file'
import { encodePcap, type PcapFrameInput } from '../writers/pcap-encode'
import { encodePcapng } from '../writers/pcapng-encode'
import { payload } from './test-helpers'

let dir: string
const frames: PcapFrameInput[] = []
for (let i = 0; i < 3000; i++)
  frames.push({ tsSec: 1_600_000_000 + i, tsNsec: i * 1000, data: payload(40 + (i % 700), i) })
const pcap = encodePcap({ linkType: 1 }, frames)

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wirelite-readers-'))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

function file(name: string, bytes: Uint8Array | string): string {
  const p = join(dir, name)
  writeFileSync(p, bytes)
  return p
}

async function collect(path: string, opts = {}) {
  const got: Array<{ n: number; cap: number; off: number; first: number; sec: number }> = []
  const s = await readCaptureFile(
    path,
    (r) => {
      got.push({ n: r.number, cap: r.capLen, off: r.fileOffset, first: r.data[0] ?? -1, sec: r.tsSec })
    },
    opts,
  )
  return { got, s }
}

describe('readCaptureFile', () => {
  it('streams a plain pcap across chunk boundaries (small chunks) with correct offsets', async () => {
    const p = file('a.pcap', pcap)
    const { got, s } = await collect(p, { chunkSize: 4093 })
    expect(s.frames).toBe(3000)
    expect(s.bytes).toBe(pcap.length)
    expect(s.error).toBeNull()
    expect(s.warnings).toEqual([])
    expect(s.info.gzip).toBe(false)
    expect(got.map((g) => g.cap)).toEqual(frames.map((f) => f.data.length))
    for (const g of got) expect(g.first).toBe(pcap[g.off] ?? -1)
  })

  it('reads gzip-compressed captures (detected by magic, not by name) and reports offsets in the decompressed stream', async () => {
    const p = file('b.cap', gzipSync(pcap))
    const { got, s } = await collect(p)
    expect(s.info.gzip).toBe(true)
    expect(s.frames).toBe(3000)
    const plain = await collect(file('b-plain.pcap', pcap))
    expect(got).toEqual(plain.got)
  })

  it('reads gzip-compressed pcapng', async () => {
    const ng = encodePcapng({
      sections: [
        { interfaces: [{ linkType: 1, tsresol: 9 }], packets: [{ tsSec: 5, tsNsec: 7, data: payload(9) }] },
      ],
    })
    const { got, s } = await collect(file('c.pcapng.gz', gzipSync(ng)))
    expect(s.info.format).toBe('pcapng')
    expect(got).toHaveLength(1)
  })

  it('stops early when onFrame returns false', async () => {
    let n = 0
    const s = await readCaptureFile(file('d.pcap', pcap), () => ++n < 10)
    expect(s.frames).toBe(10)
    expect(s.stoppedEarly).toBe(true)
    const gz = await readCaptureFile(file('d.pcap.gz', gzipSync(pcap)), (r) => r.number < 5)
    expect(gz.frames).toBe(5)
    expect(gz.stoppedEarly).toBe(true)
  })

  it('rejects with an AbortError when the AbortSignal fires', async () => {
    const ac = new AbortController()
    let n = 0
    const p = readCaptureFile(
      file('e.pcap', pcap),
      () => {
        if (++n === 100) ac.abort()
      },
      { signal: ac.signal, chunkSize: 8192 },
    )
    await expect(p).rejects.toMatchObject({ name: 'AbortError' })
    expect(n).toBeLessThan(3000)
  })

  it('delivers every complete frame of a cut-short file, then a warning (plain and gzip)', async () => {
    const cut = pcap.subarray(0, pcap.length - 10)
    for (const [name, bytes] of [
      ['f.pcap', cut],
      ['f.pcap.gz', gzipSync(cut)],
    ] as const) {
      const s = await readCaptureFile(file(name, bytes), () => {})
      expect(s.frames).toBe(2999)
      expect(s.incompleteTail?.part).toBe('data')
      expect(s.warnings.join('\n')).toMatch(/ends in the middle of a packet/)
    }
  })

  it('keeps frames of a truncated .gz stream and says the gzip data ends early', async () => {
    const gz = gzipSync(pcap)
    const s = await readCaptureFile(file('g.pcap.gz', gz.subarray(0, gz.length - 2000)), () => {})
    expect(s.frames).toBeGreaterThan(0)
    expect(s.frames).toBeLessThan(3000)
    expect(s.warnings.join('\n')).toMatch(/gzip-compressed data ends early/)
  })

  it('returns a summary with the error for a file that goes corrupt part-way', async () => {
    const bad = new Uint8Array(pcap.subarray(0, 24 + 16 + 40 + 16 + 41))
    new DataView(bad.buffer).setUint32(24 + 16 + 40 + 8, 0x10000000, true) // 2nd record caplen
    const s = await readCaptureFile(file('h.pcap', bad), () => {})
    expect(s.frames).toBe(1)
    expect(s.error?.code).toBe('corrupt')
  })
})

describe('readCaptureFile: pipes', () => {
  async function throughFifo(name: string, bytes: Uint8Array) {
    const fifo = join(dir, name)
    execFileSync('mkfifo', [fifo])
    const writing = (async () => {
      const ws = createWriteStream(fifo)
      ws.end(Buffer.from(bytes))
      await once(ws, 'close')
    })()
    try {
      return await collect(fifo)
    } finally {
      await writing
    }
  }

  it('streams a FIFO (as `-` / stdin would be), plain and gzip', async () => {
    const plain = await collect(file('p.pcap', pcap))
    const viaFifo = await throughFifo('f1', pcap)
    expect(viaFifo.got).toEqual(plain.got)
    const gz = await throughFifo('f2', gzipSync(pcap))
    expect(gz.s.info.gzip).toBe(true)
    expect(gz.got).toEqual(plain.got)
  })

  it('says a pipe cannot be re-read for one frame', async () => {
    const fifo = join(dir, 'f3')
    execFileSync('mkfifo', [fifo])
    const ws = createWriteStream(fifo)
    ws.on('error', () => {})
    await expect(readFrameBytes(fifo, 0, 4)).rejects.toThrow(/not a regular file/)
    ws.destroy()
  })
})

describe('readCaptureFile: files that cannot be read', () => {
  async function openErr(path: string): Promise<CaptureOpenError> {
    try {
      await readCaptureFile(path, () => {})
    } catch (err) {
      expect(err).toBeInstanceOf(CaptureOpenError)
      expect((err as Error).message).not.toMatch(/\n/)
      return err as CaptureOpenError
    }
    throw new Error('expected CaptureOpenError')
  }

  it('missing file', async () => {
    const e = await openErr(join(dir, 'nope.pcap'))
    expect(e.code).toBe('missing')
    expect(e.message).toMatch(/no such file/)
  })

  it('directory', async () => {
    const d = join(dir, 'sub')
    mkdirSync(d)
    const e = await openErr(d)
    expect(e.code).toBe('directory')
    expect(e.message).toMatch(/is a directory/)
  })

  it('empty file', async () => {
    const e = await openErr(file('empty.pcap', new Uint8Array(0)))
    expect(e.code).toBe('empty')
    expect(e.message).toMatch(/empty \(0 bytes\)/)
  })

  it('text file', async () => {
    const e = await openErr(file('notes.pcap', 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'))
    expect(e.code).toBe('not-capture')
    expect(e.message).toMatch(
      /not a pcap or pcapng capture file: it looks like text \("GET \/ HTTP\/1.1\\r\\n/,
    )
  })

  it('unknown binary magic and other capture formats', async () => {
    expect(
      (await openErr(file('bin.pcap', new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0])))).message,
    ).toMatch(/unknown magic 0xdeadbeef/)
    expect(
      (await openErr(file('x.snoop', new TextEncoder().encode('snoop\0\0\0\0\0\0\x02')))).message,
    ).toMatch(/Sun snoop/)
  })

  it('gzip of something that is not a capture', async () => {
    const e = await openErr(file('t.gz', gzipSync(new TextEncoder().encode('hello, world'))))
    expect(e.code).toBe('not-capture')
    expect(e.message).toMatch(/gzip-compressed, but the decompressed data is not a pcap/)
  })

  it('a pcapng file whose first section header is unsupported', async () => {
    const { encodeShb } = await import('../writers/pcapng-encode')
    const e = await openErr(file('v2.pcapng', encodeShb({ version: { major: 2, minor: 0 } })))
    expect(e.code).toBe('unsupported')
    expect(e.message).toMatch(/version 2.0, which is not supported/)
  })

  it('a file shorter than a pcap header', async () => {
    const e = await openErr(file('short.pcap', pcap.subarray(0, 10)))
    expect(e.message).toMatch(
      /too short to be a capture file \(the 24-byte file header is incomplete: 10 bytes\)/,
    )
  })

  it('maps permission errors to a one-line message with advice', () => {
    // Tests run as root in CI containers, where chmod cannot deny reading: check the mapping itself.
    const e = describeOpenError(
      Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }),
      '/x/y.pcap',
    )
    expect(e.code).toBe('permission')
    expect(e.message).toBe(
      '/x/y.pcap: permission denied (make the file readable by this user, e.g. chmod a+r, or copy it somewhere you can read)',
    )
  })
})

describe('readFrameBytes', () => {
  it('returns one frame by offset from plain and gzip files', async () => {
    const plain = file('r.pcap', pcap)
    const gz = file('r.pcap.gz', gzipSync(pcap))
    const offsets: Array<[number, number]> = []
    await readCaptureFile(plain, (r) => {
      if (r.number === 1 || r.number === 1500 || r.number === 3000) offsets.push([r.fileOffset, r.capLen])
    })
    for (const [i, [off, len]] of offsets.entries()) {
      const want = Array.from(frames[[0, 1499, 2999][i]!]!.data)
      expect(Array.from(await readFrameBytes(plain, off, len))).toEqual(want)
      expect(Array.from(await readFrameBytes(gz, off, len))).toEqual(want)
    }
  })

  it('says so when the file is shorter than the frame', async () => {
    await expect(readFrameBytes(file('s.pcap', pcap.subarray(0, 100)), 90, 50)).rejects.toThrow(
      /shorter than expected/,
    )
  })
})
