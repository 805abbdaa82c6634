import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main'
import { formatSize, formatRelTime, printfFixed } from '../../src/main/engine/tcp'
import { CAPTURES_DIR, requireShared } from '../support/corpus'
import { runOracle } from '../support/oracle'

function sink(): { stream: Writable; text: () => string } {
  const parts: string[] = []
  return {
    stream: new Writable({
      write(chunk, _enc, cb) {
        parts.push(String(chunk))
        cb()
      },
    }),
    text: () => parts.join(''),
  }
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const o = sink()
  const e = sink()
  const code = await main(args, { stdout: o.stream, stderr: e.stream })
  return { code, out: o.text(), err: e.text() }
}

describe('wirelite conv', () => {
  const file = `${CAPTURES_DIR}/real/arkime/wireshark-smb-on-windows10.pcap`

  it('prints the tshark -z conv,tcp table', async () => {
    requireShared()
    const r = await run(['conv', file])
    expect(r.code).toBe(0)
    expect(r.out).toBe(runOracle('tshark', ['-n', '-r', file, '-q', '-z', 'conv,tcp'], file).stdout)
  })

  it('--json gives per-stream facts', async () => {
    requireShared()
    const r = await run(['conv', '--json', `${CAPTURES_DIR}/real/gopacket/test_ethernet.pcap`])
    expect(r.code).toBe(0)
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- checking a JSON document's shape
    const convs = JSON.parse(r.out) as Array<Record<string, any>>
    expect(convs).toHaveLength(1)
    const c = convs[0]!
    expect(c.stream).toBe(0)
    expect(c.clientAssumed).toBe(false)
    expect(c.startedBeforeCapture).toBe(false)
    expect(c.server.port).toBe(80)
    expect(c.packets.clientToServer + c.packets.serverToClient).toBe(10)
    expect(c.frames).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(c.endReason).toBe('fin-both')
    expect(c.options.client.synSeen).toBe(true)
    expect(c.negotiated.windowScaling).toBe(true)
    expect(c.initialRtt).toBeCloseTo(0.001011, 6)
    expect(typeof c.isn.client).toBe('number')
  })

  it('reports usage errors and unreadable files on stderr', async () => {
    expect((await run(['conv'])).code).toBe(2)
    expect((await run(['conv', '--bogus', 'x'])).code).toBe(2)
    const r = await run(['conv', '/nonexistent/file.pcap'])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^wirelite: /)
  })
})

describe('conv table number formats', () => {
  it('formats sizes like format_size()', () => {
    expect(formatSize(0)).toBe('0 bytes')
    expect(formatSize(9999)).toBe('9999 bytes')
    expect(formatSize(10000)).toBe('10 kB')
    expect(formatSize(123456789)).toBe('123 MB')
  })
  it('rounds like printf on exact ties', () => {
    expect(printfFixed(0.03125, 4)).toBe('0.0312')
    expect(printfFixed(0.03135, 4)).toBe((0.03135).toFixed(4))
    expect(printfFixed(1.5, 0)).toBe('2')
    expect(printfFixed(2.5, 0)).toBe('2')
    expect(printfFixed(36.63805, 4)).toBe((36.63805).toFixed(4))
  })
  it('prints relative times from seconds and nanoseconds', () => {
    expect(formatRelTime(10, 5, 9, 999_999_999)).toBe('0.000000006')
    expect(formatRelTime(9, 999_999_999, 10, 5)).toBe('-0.000000006')
    expect(formatRelTime(1472003999, 400000000, 0, 39565793)).toBe('1472003999.360434207')
  })
})
