import { decodeArp } from './arp'
import { registerEtherType, registerIpProto } from './dispatch'
import { EtherType } from './ethernet'
import { decodeIcmp, decodeIcmpv6 } from './icmp'
import { decodeIpv4 } from './ipv4'
import { decodeIpv6 } from './ipv6'
import { decodeTcp } from './tcp'
import { decodeUdp } from './udp'
import {
  decodeMpls,
  decodePppoeSession,
  ETHERTYPE_MPLS_MULTICAST,
  ETHERTYPE_MPLS_UNICAST,
  ETHERTYPE_PPPOE_SESSION,
} from './pppoe-mpls'

/**
 * The explicit registration calls (Wireshark's proto_reg_handoff_*): which layer decodes which
 * ethertype / IP protocol number. Adding a layer = one file + one line here.
 */
let done = false
export function registerBuiltinLayers(): void {
  if (done) return
  done = true
  registerEtherType(EtherType.IPV4, decodeIpv4)
  registerEtherType(EtherType.IPV6, decodeIpv6)
  registerEtherType(EtherType.ARP, decodeArp)
  registerEtherType(ETHERTYPE_PPPOE_SESSION, decodePppoeSession)
  registerEtherType(ETHERTYPE_MPLS_UNICAST, decodeMpls)
  registerEtherType(ETHERTYPE_MPLS_MULTICAST, decodeMpls)
  registerIpProto(6, decodeTcp)
  registerIpProto(17, decodeUdp)
  registerIpProto(1, decodeIcmp)
  registerIpProto(58, decodeIcmpv6)
}
