import type { CaptureFileInfo, FrameRecord } from '../../../shared/model/frame'

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
 * The captured length tcpdump would see for this frame, or -1 when libpcap would have stopped reading
 * by then. Call it from onFrame: `info.interfaces` then holds exactly the interfaces declared so far.
 * pcapng: libpcap uses the first interface's snapshot for all, and stops at the first interface
 * whose link type differs from the first one ("an interface has a type … different from the type of
 * the first interface").
 */
export function libpcapCapLen(info: CaptureFileInfo, rec: FrameRecord): number {
  const first = info.interfaces[0]
  const iface = info.format === 'pcap' ? first : info.interfaces[rec.interfaceId]
  if (!iface || !first) return rec.capLen
  if (info.format === 'pcapng') {
    for (const i of info.interfaces) if (i.linkType !== first.linkType) return -1
  }
  if (rec.capLen > libpcapMaxSnaplen(iface.linkType)) return -1
  const snapshot = libpcapSnapshot(first.linkType, first.snapLen)
  if (rec.capLen <= snapshot) return rec.capLen
  return info.format === 'pcap' ? snapshot : -1
}
