import { readFileSync } from 'node:fs'
import type { CapModule } from './cap-binding'

/** One interface as the picker shows it. */
export interface CaptureInterface {
  name: string
  description?: string
  addresses: Array<{ addr: string; netmask?: string }>
  loopback: boolean
  /** IFF_UP (Linux sysfs); null where the platform does not tell us without opening the device. */
  up: boolean | null
  /**
   * LINKTYPE_* numbers the device is expected to deliver (Linux: from the ARPHRD type in sysfs, the same
   * mapping libpcap applies). Empty when unknown until the device is opened.
   */
  linkTypes: number[]
}

// ARPHRD_* → LINKTYPE_*, the common cases of libpcap's pcap-linux.c mapping.
const ARPHRD_TO_LINKTYPE: Record<number, number> = {
  1: 1, // ETHER
  772: 1, // LOOPBACK (Linux loopback has fake Ethernet headers)
  65534: 101, // NONE (tun) → RAW
  512: 113, // PPP → cooked
  801: 105, // IEEE80211
  803: 127, // IEEE80211_RADIOTAP
  776: 101, // SIT
  768: 101, // TUNNEL (ipip)
  769: 101, // TUNNEL6
  778: 101, // IPGRE
  519: 113, // RAWIP? (rmnet) → cooked
}

function sysfs(name: string, file: string): string | null {
  if (process.platform !== 'linux' || name.includes('/')) return null
  try {
    return readFileSync(`/sys/class/net/${name}/${file}`, 'utf8').trim()
  } catch {
    return null
  }
}

/** Linux interface flags (IFF_*), or null when the interface does not exist (or not Linux). */
export function interfaceFlags(name: string): number | null {
  const f = sysfs(name, 'flags')
  return f === null ? null : parseInt(f, 16)
}

export function listInterfaces(cap: CapModule): CaptureInterface[] {
  const out: CaptureInterface[] = []
  for (const d of cap.Cap.deviceList()) {
    const flags = interfaceFlags(d.name)
    const type = sysfs(d.name, 'type')
    const linkType = d.name === 'any' ? 113 : type !== null ? ARPHRD_TO_LINKTYPE[Number(type)] : undefined
    out.push({
      name: d.name,
      ...(d.description ? { description: d.description } : {}),
      addresses: d.addresses.map((a) => ({ addr: a.addr, ...(a.netmask ? { netmask: a.netmask } : {}) })),
      loopback: d.flags === 'PCAP_IF_LOOPBACK' || (flags !== null && (flags & 0x8) !== 0),
      up: d.name === 'any' ? true : flags === null ? null : (flags & 0x1) !== 0,
      linkTypes: linkType === undefined ? [] : [linkType],
    })
  }
  // Loopback first (a laptop's most useful test interface), then up before down, else libpcap's order.
  return out
    .map((i, k) => ({ i, k }))
    .sort(
      (a, b) =>
        Number(b.i.loopback) - Number(a.i.loopback) ||
        Number(b.i.up === true) - Number(a.i.up === true) ||
        a.k - b.k,
    )
    .map((x) => x.i)
}
