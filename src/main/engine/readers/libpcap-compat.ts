import type { CaptureFileInfo, FrameRecord } from '../../../shared/model/frame'
import type { ReadSummary } from './capture-types'

/**
 * wirelite's readers report records as Wireshark does (every captured byte, even past the header's
 * snaplen). libpcap — hence tcpdump — differs in two ways that matter to anyone reproducing tcpdump:
 *
 *  - pcap: a record longer than the file's snapshot length (but not absurd) is cut to the snapshot;
 *    tcpdump then sees caplen = snapshot.
 *  - pcapng: a record longer than the snapshot length is an error that stops reading ("invalid packet
 *    capture length N, bigger than snaplen of S").
 *
 * The snapshot is the header's snaplen, or the link type's maximum when that is 0 or larger.
 */

/** libpcap's max_snaplen_for_dlt (LINKTYPE values). */
export function libpcapMaxSnaplen(linkType: number): number {
  switch (linkType) {
    case 231: // DBUS
      return 128 * 1024 * 1024
    case 279: // EBHSCR
      return 8 * 1024 * 1024
    case 249: // USBPCAP
      return 1024 * 1024
    default:
      return 262144
  }
}

/** The snapshot length libpcap works with for an interface. */
export function libpcapSnapshot(linkType: number, snapLen: number): number {
  const max = libpcapMaxSnaplen(linkType)
  return snapLen === 0 || snapLen > max ? max : snapLen
}

/**
 * libpcap reads a pcapng file only while every interface has the first one's link type and (adjusted)
 * snapshot length; at the first IDB that differs it stops. Returns its message, or null.
 */
function pcapngInterfaceConflict(info: CaptureFileInfo): string | null {
  const first = info.interfaces[0]
  if (!first) return null
  const snapshot = libpcapSnapshot(first.linkType, first.snapLen)
  for (const i of info.interfaces) {
    if (i.linkType !== first.linkType)
      return `an interface has a type ${i.linkType} different from the type of the first interface`
    if (libpcapSnapshot(first.linkType, i.snapLen) !== snapshot) {
      return `an interface has a snapshot length ${i.snapLen} different from the snapshot length of the first interface`
    }
  }
  return null
}

/**
 * The captured length tcpdump would see for this frame, or -1 when libpcap would have stopped reading
 * by then. Call it from onFrame: `info.interfaces` then holds exactly the interfaces declared so far.
 * pcapng: libpcap uses the first interface's snapshot for all, and stops at the first interface
 * whose link type or snapshot length differs from the first one's.
 */
export function libpcapCapLen(info: CaptureFileInfo, rec: FrameRecord): number {
  const first = info.interfaces[0]
  const iface = info.format === 'pcap' ? first : info.interfaces[rec.interfaceId]
  if (!iface || !first) return rec.capLen
  if (info.format === 'pcapng' && pcapngInterfaceConflict(info) !== null) return -1
  if (rec.capLen > libpcapMaxSnaplen(iface.linkType)) return -1
  const snapshot = libpcapSnapshot(first.linkType, first.snapLen)
  if (rec.capLen <= snapshot) return rec.capLen
  return info.format === 'pcap' ? snapshot : -1
}

/**
 * Why libpcap would stop at this frame (when libpcapCapLen returned -1), worded as libpcap does
 * (tcpdump prints it as "tcpdump: pcap_loop: <message>"), or null when it would not stop.
 */
export function libpcapStopMessage(info: CaptureFileInfo, rec: FrameRecord): string | null {
  const first = info.interfaces[0]
  if (!first) return null
  if (info.format === 'pcapng') {
    const conflict = pcapngInterfaceConflict(info)
    if (conflict !== null) return conflict
  }
  const iface = info.format === 'pcap' ? first : (info.interfaces[rec.interfaceId] ?? first)
  const snapshot = libpcapSnapshot(first.linkType, first.snapLen)
  const max = libpcapMaxSnaplen(iface.linkType)
  if (rec.capLen > max || (info.format === 'pcapng' && rec.capLen > snapshot)) {
    return rec.capLen > snapshot
      ? `invalid packet capture length ${rec.capLen}, bigger than snaplen of ${snapshot}`
      : `invalid packet capture length ${rec.capLen}, bigger than maximum of ${max}`
  }
  return null
}

/**
 * libpcap's wording for how reading ended, when wirelite's summary has an equivalent: a file cut short
 * ("truncated dump file; tried to read 16 header bytes, only got 7") or a pcap record with an absurd
 * captured length. Null when reading ended normally or libpcap words the problem differently.
 */
export function libpcapEndMessage(summary: ReadSummary): string | null {
  const t = summary.incompleteTail
  if (t) {
    if (summary.info.format === 'pcapng')
      return `truncated pcapng dump file; tried to read ${t.need} bytes, only got ${t.have}`
    return `truncated dump file; tried to read ${t.need} ${t.part === 'header' ? 'header' : 'captured'} bytes, only got ${t.have}`
  }
  const e = summary.error
  if (e && summary.info.format === 'pcap' && e.claimedCapLen !== undefined) {
    const first = summary.info.interfaces[0]!
    const snapshot = libpcapSnapshot(first.linkType, first.snapLen)
    return e.claimedCapLen > snapshot
      ? `invalid packet capture length ${e.claimedCapLen}, bigger than snaplen of ${snapshot}`
      : `invalid packet capture length ${e.claimedCapLen}, bigger than maximum of ${libpcapMaxSnaplen(first.linkType)}`
  }
  return null
}
