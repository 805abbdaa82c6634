import { AddrFamily } from '../decode/address-table'
import type { AddressTable } from '../decode/address-table'
import { Proto } from '../model/decoded-frame'
import type { IndexChunk } from '../model/index-columns'
import { Layer } from './fields'

/**
 * What a filter runs over: the packet index (PacketIndex satisfies this structurally) and, for tcp.stream
 * / relative seq / analysis flags, the TCP analysis arrays (TcpAnalysis satisfies FilterTcpColumns).
 */
export interface FilterData {
  chunks: IndexChunk[]
  count: number
  addresses: AddressTable
  /** Link type per interface id (for the `eth` layer); from PacketIndex.info.interfaces. */
  info?: { interfaces: ReadonlyArray<{ linkType: number }> }
  tcp?: FilterTcpColumns | null
}

export interface FilterTcpColumns {
  /** Rows covered (may lag behind the index while live). */
  count: number
  stream: Int32Array
  relSeq: Uint32Array
  relAck: Uint32Array
  nxtSeq: Uint32Array
  windowSize: Uint32Array
  windowScaleFactor: Int32Array
  analysisFlags: Uint32Array
  ackRtt: Float64Array
  bytesInFlight: Int32Array
}

const LINKTYPE_ETHERNET = 1

/** Address id → family, cached per AddressTable and extended as the table grows (live capture). */
const familyCache = new WeakMap<AddressTable, Uint8Array>()

export function addressFamilies(t: AddressTable): Uint8Array {
  const need = t.size + 1
  const old = familyCache.get(t)
  if (old && old.length >= need) return old
  const fam = new Uint8Array(need)
  const from = old ? old.length : 1
  if (old) fam.set(old)
  for (let id = from; id < need; id++) fam[id] = t.family(id)
  familyCache.set(t, fam)
  return fam
}

/**
 * Per-row Layer bits of a chunk, computed once and cached; rows appended later (live capture) are
 * filled in on the next call.
 */
const layerCache = new WeakMap<IndexChunk, { bits: Uint16Array; done: number }>()

export function chunkLayers(c: IndexChunk, data: FilterData): Uint16Array {
  let e = layerCache.get(c)
  if (!e) {
    e = { bits: new Uint16Array(c.proto.length), done: 0 }
    layerCache.set(c, e)
  }
  if (e.done >= c.count) return e.bits
  const fam = addressFamilies(data.addresses)
  const ifaces = data.info?.interfaces ?? []
  const ethOf = new Uint16Array(Math.max(ifaces.length, 1))
  for (let k = 0; k < ifaces.length; k++) ethOf[k] = ifaces[k]!.linkType === LINKTYPE_ETHERNET ? Layer.ETH : 0
  if (ifaces.length === 0) ethOf[0] = Layer.ETH
  const bits = e.bits
  const proto = c.proto
  const src = c.srcAddr
  const iface = c.interfaceId
  for (let i = e.done; i < c.count; i++) {
    let b: number = Layer.FRAME | (ethOf[iface[i]!] ?? 0)
    const ipl = fam[src[i]!] === AddrFamily.IPV6 ? Layer.IPV6 : Layer.IP
    switch (proto[i]) {
      case Proto.TCP:
        b |= Layer.TCP | ipl
        break
      case Proto.UDP:
        b |= Layer.UDP | ipl
        break
      case Proto.ICMP:
        b |= Layer.ICMP | Layer.IP
        break
      case Proto.ICMPV6:
        b |= Layer.ICMPV6 | Layer.IPV6
        break
      case Proto.IPV4:
        b |= Layer.IP
        break
      case Proto.IPV6:
        b |= Layer.IPV6
        break
      case Proto.ARP:
        b |= Layer.ARP
        break
    }
    bits[i] = b
  }
  e.done = c.count
  return bits
}
