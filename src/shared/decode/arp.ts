import type { DecodedFrame } from '../model/decoded-frame'
import { Proto } from '../model/decoded-frame'
import { u16 } from './bytes'
import { shortLayer } from './issue'

/** ARP: htype[0,2) ptype[2,4) hlen[4] plen[5] op[6,8) then sender hw/proto, target hw/proto addresses. */
export function decodeArp(d: Uint8Array, off: number, f: DecodedFrame, capEnd: number, repEnd: number): void {
  f.proto = Proto.ARP
  f.l3Offset = off
  if (capEnd - off < 8) {
    shortLayer(f, 'arp', off, 8, capEnd, repEnd, 'ARP header cut short')
    return
  }
  f.arpOp = u16(d, off + 6)
  const need = 8 + 2 * (d[off + 4]! + d[off + 5]!)
  if (capEnd - off < need) shortLayer(f, 'arp', off, need, capEnd, repEnd, 'ARP addresses cut short')
}
