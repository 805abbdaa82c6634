import { describe, expect, it } from 'vitest'
import { DecodedFrame } from '../model/decoded-frame'
import { LinkType } from '../model/link-type'
import { decodeFrame, decodeFrameAt } from './decode-frame'
import { concat, ether, fixL4Checksum4, fixL4Checksum6, hex, ipv4, ipv6, tcp, udp } from './test-packets'

// decodeFrameAt decodes a frame in place inside a bigger buffer (the index builder's path). It must give
// exactly what decodeFrame gives on a copy of the frame, with every offset moved by the frame's position.

const OFFSET_FIELDS = [
  'linkOffset',
  'macSrcOffset',
  'macDstOffset',
  'l3Offset',
  'ipSrcOffset',
  'ipDstOffset',
  'ipOptionsOffset',
  'l4Offset',
  'tcpOptionsOffset',
  'payloadOffset',
] as const

function snapshot(f: DecodedFrame, shift: number): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(f)) {
    if (ArrayBuffer.isView(v)) out[k] = Array.from(v as Uint8Array)
    else if (Array.isArray(v)) out[k] = v.slice(0, f.issueCount)
    else out[k] = v
  }
  for (const k of OFFSET_FIELDS) {
    const v = out[k] as number
    if (v >= 0) out[k] = v - shift
  }
  out.issueOffsets = (out.issueOffsets as number[]).slice(0, f.issueCount).map((o) => o - shift)
  out.issueLengths = (out.issueLengths as number[]).slice(0, f.issueCount)
  return out
}

const SYN_OPTS = hex('020405b4 0402 080a 00000064 00000000 01 030307')
const SACK_OPTS = hex('0101 050a 00000010 00000020 0101 080a 00000001 00000002')
const HBH = hex('06 00 01 04 00000000')

const FRAMES: Array<[string, number, Uint8Array]> = [
  [
    'eth/ipv4/tcp SYN',
    LinkType.EN10MB,
    ether(0x0800, fixL4Checksum4(ipv4(tcp(undefined, { options: SYN_OPTS })))),
  ],
  [
    'eth/vlan/ipv4/tcp data+SACK',
    LinkType.EN10MB,
    ether(
      0x0800,
      fixL4Checksum4(
        ipv4(tcp(hex('68656c6c6f'), { options: SACK_OPTS, flags: 0x18 }), { options: hex('01010100') }),
      ),
      [{ id: 10 }, { id: 20, tpid: 0x88a8 }],
    ),
  ],
  ['raw/ipv6/hbh/tcp', LinkType.RAW, fixL4Checksum6(ipv6(tcp(hex('0102030405')), 0, HBH))],
  ['ipv4 link/udp', LinkType.IPV4, ipv4(udp(hex('010203')), { proto: 17 })],
  ['ipv4 later fragment', LinkType.IPV4, ipv4(new Uint8Array(16), { fragOffset: 1480, flags: 0 })],
  ['ipv4/icmp', LinkType.IPV4, ipv4(hex('0800f7ff 0000 0000'), { proto: 1 })],
  ['ipv6/icmpv6', LinkType.IPV6, ipv6(hex('8000 0000 0001 0002'), 58)],
  [
    'eth/arp',
    LinkType.EN10MB,
    ether(0x0806, hex('0001 0800 06 04 0001 001122334455 0a000001 000000000000 0a000002')),
  ],
  ['null/ipv4/tcp', LinkType.NULL, concat(hex('02000000'), ipv4(tcp()))],
  ['loop/ipv6/tcp', LinkType.LOOP, concat(hex('0000001e'), ipv6(tcp()))],
  [
    'sll/ipv4/tcp',
    LinkType.LINUX_SLL,
    concat(hex('0000 0001 0006 001122334455 0000 0800'), ipv4(tcp(hex('aa'), { flags: 0x11 }))),
  ],
  [
    'sll2/ipv6/udp',
    LinkType.LINUX_SLL2,
    concat(hex('86dd 0000 00000002 0001 00 06 001122334455 0000'), ipv6(udp(hex('0102')), 17)),
  ],
  ['raw, bad version', LinkType.RAW, hex('50 00 00 14')],
  ['unsupported link type', 147, hex('01020304')],
]

describe('decodeFrameAt = decodeFrame on a copy, offsets shifted', () => {
  const a = new DecodedFrame()
  const b = new DecodedFrame()
  for (const [name, link, frame] of FRAMES) {
    it(name, () => {
      // Every cut of the frame (truncated captures), reported at its full length; and the whole frame
      // reported shorter than captured (broken files). Garbage around the frame must not be read.
      const cases: Array<[number, number]> = []
      for (let cut = 0; cut <= frame.length; cut++) cases.push([cut, frame.length])
      cases.push([frame.length, Math.max(0, frame.length - 3)])
      for (const shift of [0, 1, 37]) {
        const buf = new Uint8Array(shift + frame.length + 64).fill(0xa5)
        buf.set(frame, shift)
        for (const [cut, orig] of cases) {
          for (const verify of [false, true]) {
            decodeFrame(link, frame.slice(0, cut), orig, a, verify)
            buf.fill(0xa5, shift + cut)
            decodeFrameAt(link, buf, shift, cut, orig, b, verify)
            buf.set(frame.subarray(cut), shift + cut)
            expect(snapshot(b, shift), `${name} cut ${cut}/${orig} at +${shift}`).toEqual(snapshot(a, 0))
          }
        }
      }
    })
  }
})
