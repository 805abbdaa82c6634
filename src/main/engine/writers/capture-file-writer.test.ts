import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { PcapFileWriter, PcapngFileWriter, SameFileError, atomicWriteFile } from './capture-file-writer'
import { readCaptureFile } from '../readers/read-capture-file'
import { encodePcap } from './pcap-encode'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wirelite-writers-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const pkt = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * seed) & 0xff)

async function frames(path: string) {
  const out: string[] = []
  const s = await readCaptureFile(path, (r) => {
    out.push(
      `${r.interfaceId} ${r.linkType} ${r.tsSec}.${String(r.tsNsec).padStart(9, '0')} ${r.capLen}/${r.origLen} ${r.comments?.join('|') ?? ''}`,
    )
  })
  return { out, s }
}

describe('PcapngFileWriter', () => {
  it('streams packets on several interfaces, in batches, into a file the reader and tshark read back', async () => {
    const path = join(dir, 'spool.pcapng')
    const w = await PcapngFileWriter.open(
      path,
      { interfaces: [{ linkType: 1, snapLen: 262144, tsresol: 9, name: 'eth0' }], userAppl: 'wirelite test' },
      { batchBytes: 500 },
    )
    const lo = await w.addInterface({ linkType: 276, name: 'lo' })
    for (let i = 0; i < 50; i++) {
      await w.writePacket({
        interfaceId: i % 2 === 0 ? 0 : lo,
        tsSec: 1_700_000_000 + i,
        tsNsec: 123_456_789,
        data: pkt(60, i),
        comment: i === 3 ? 'hello' : undefined,
      })
    }
    await w.close()
    const { out, s } = await frames(path)
    expect(s.error).toBeNull()
    expect(out).toHaveLength(50)
    expect(out[0]).toBe('0 1 1700000000.123456789 60/60 ')
    expect(out[1]).toBe('1 276 1700000001.123456000 60/60 ') // lo: µs resolution (no if_tsresol)
    expect(out[3]).toBe('1 276 1700000003.123456000 60/60 hello')
    const t = spawnSync(
      'tshark',
      ['-r', path, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.comment'],
      { encoding: 'utf8' },
    )
    if (t.error) throw new Error('tshark is required for this test (apt-get install tshark)')
    const lines = t.stdout.trim().split('\n')
    expect(lines).toHaveLength(50)
    expect(lines[0]).toBe('1700000000.123456789\t')
    expect(lines[3]).toBe('1700000003.123456000\thello')
  })

  it('refuses undeclared interfaces', async () => {
    const w = await PcapngFileWriter.open(join(dir, 'x.pcapng'), { interfaces: [{ linkType: 1 }] })
    expect(() => w.writePacket({ interfaceId: 1, data: pkt(1, 1) })).toThrow(/interface 1 was not declared/)
    await w.close()
  })
})

describe('PcapFileWriter + atomic save', () => {
  it('writes atomically: nothing at the target until close, no temp file left after', async () => {
    const path = join(dir, 'saved.pcap')
    const w = await PcapFileWriter.open(path, { linkType: 1, nano: true }, { atomic: true })
    await w.writePacket({ tsSec: 1, tsNsec: 2, data: pkt(10, 3) })
    await w.flush()
    expect(readdirSync(dir)).not.toContain('saved.pcap')
    await w.close()
    expect(readdirSync(dir).filter((n) => n.includes('saved'))).toEqual(['saved.pcap'])
    const { out } = await frames(path)
    expect(out).toEqual(['0 1 1.000000002 10/10 '])
  })

  it('abort leaves an existing target untouched and removes the temp file', async () => {
    const path = join(dir, 'keep.pcap')
    writeFileSync(path, 'old')
    const w = await PcapFileWriter.open(path, { linkType: 1 }, { atomic: true })
    await w.writePacket({ tsSec: 1, data: pkt(10, 3) })
    await w.abort()
    expect(readFileSync(path, 'utf8')).toBe('old')
    expect(readdirSync(dir).filter((n) => n.includes('keep'))).toEqual(['keep.pcap'])
  })

  it('refuses to save over the source capture, also through a symlink', async () => {
    const src = join(dir, 'source.pcap')
    writeFileSync(src, encodePcap({ linkType: 1 }, [{ tsSec: 1, data: pkt(5, 1) }]))
    symlinkSync(src, join(dir, 'alias.pcap'))
    await expect(atomicWriteFile(src, new Uint8Array(4), { sourcePath: src })).rejects.toBeInstanceOf(
      SameFileError,
    )
    await expect(
      atomicWriteFile(join(dir, 'alias.pcap'), new Uint8Array(4), { sourcePath: src }),
    ).rejects.toThrow(/refusing to save over .*source.pcap: it is the capture being read/)
    expect((await frames(src)).out).toHaveLength(1)
    await atomicWriteFile(join(dir, 'copy.pcap'), readFileSync(src), { sourcePath: src })
    expect((await frames(join(dir, 'copy.pcap'))).out).toHaveLength(1)
  })

  it('verify runs on the complete temp file before the rename; when it fails the old target stays byte-identical', async () => {
    const path = join(dir, 'verified.pcap')
    const old = encodePcap({ linkType: 1 }, [{ tsSec: 7, data: pkt(33, 5) }])
    writeFileSync(path, old)
    const seen: Array<{ path: string; frames: number }> = []
    const w = await PcapFileWriter.open(
      path,
      { linkType: 1, nano: true },
      {
        atomic: true,
        verify: async (written) => {
          seen.push({ path: written, frames: (await frames(written)).out.length })
          throw new Error('read back 1 of 2 packets')
        },
      },
    )
    await w.writePacket({ tsSec: 1, data: pkt(10, 3) })
    await w.writePacket({ tsSec: 2, data: pkt(11, 3) })
    await expect(w.close()).rejects.toThrow('read back 1 of 2 packets')
    // It saw the whole new file (fsynced, closed), under the temp name, not the target.
    expect(seen).toHaveLength(1)
    expect(seen[0]!.path).not.toBe(path)
    expect(seen[0]!.frames).toBe(2)
    expect(Buffer.compare(readFileSync(path), Buffer.from(old))).toBe(0)
    expect(readdirSync(dir).filter((n) => n.includes('verified'))).toEqual(['verified.pcap'])

    // A passing check: the new file replaces the old one.
    await atomicWriteFile(path, encodePcap({ linkType: 1 }, [{ tsSec: 1, data: pkt(5, 1) }]), {
      verify: async (written) => {
        if ((await frames(written)).out.length !== 1) throw new Error('bad')
      },
    })
    expect((await frames(path)).out).toEqual(['0 1 1.000000000 5/5 '])
  })
})
