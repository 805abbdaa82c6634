import { readFileSync } from 'node:fs'
import { allocSegments, type TcpSegments } from '../../src/main/engine/tcp/state'

/**
 * Just enough pcap reading for the kernel tests: a file tcpdump is still writing (-U), Ethernet or
 * Linux cooked link types, IPv4 + TCP. A partial last record is ignored (it is being written).
 * The kernel test reads its own captures with this instead of the full engine so a reader bug cannot
 * hide a state-machine disagreement (the engine path is covered by test/tcp-state).
 */
export function readTcpSegments(path: string, clientPort: number, serverPort: number): TcpSegments {
  let buf: Buffer
  try {
    buf = readFileSync(path)
  } catch {
    return allocSegments(0)
  }
  if (buf.length < 24) return allocSegments(0)
  const magic = buf.readUInt32LE(0)
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d
  const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1
  const u32 = (o: number): number => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o))
  const linkType = u32(20) & 0xffff
  const rows: number[][] = []
  let off = 24
  let frame = 0
  while (off + 16 <= buf.length) {
    const sec = u32(off)
    const sub = u32(off + 4)
    const capLen = u32(off + 8)
    if (off + 16 + capLen > buf.length) break
    const p = off + 16
    off += 16 + capLen
    frame++
    let l3: number
    let etherType: number
    if (linkType === 1) {
      l3 = p + 14
      etherType = buf.readUInt16BE(p + 12)
    } else if (linkType === 113) {
      l3 = p + 16
      etherType = buf.readUInt16BE(p + 14)
    } else if (linkType === 276) {
      l3 = p + 20
      etherType = buf.readUInt16BE(p)
    } else continue
    if (etherType !== 0x0800 || l3 + 20 > p + capLen) continue
    const ihl = (buf[l3]! & 0x0f) * 4
    if (buf[l3 + 9] !== 6) continue
    const totalLen = buf.readUInt16BE(l3 + 2)
    const t = l3 + ihl
    if (t + 20 > p + capLen) continue
    const sport = buf.readUInt16BE(t)
    const dport = buf.readUInt16BE(t + 2)
    const fromClient = sport === clientPort && dport === serverPort
    if (!fromClient && !(sport === serverPort && dport === clientPort)) continue
    const doff = (buf[t + 12]! >> 4) * 4
    const flags = buf.readUInt16BE(t + 12) & 0x1ff
    rows.push([
      fromClient ? 0 : 1,
      flags,
      buf.readUInt32BE(t + 4),
      buf.readUInt32BE(t + 8),
      Math.max(0, totalLen - ihl - doff),
      frame,
      sec + sub / (nano ? 1e9 : 1e6),
    ])
  }
  const s = allocSegments(rows.length)
  rows.forEach((r, i) => {
    s.dir[i] = r[0]!
    s.flags[i] = r[1]!
    s.seq[i] = r[2]!
    s.ack[i] = r[3]!
    s.len[i] = r[4]!
    s.frame[i] = r[5]!
    s.time[i] = r[6]!
  })
  return s
}
