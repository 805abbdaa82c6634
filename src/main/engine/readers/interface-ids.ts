import type { CaptureFileInfo } from '../../../shared/model/frame'

/**
 * FrameRecord.interfaceId is a global index into info.interfaces (across pcapng sections). Wireshark's
 * frame.interface_id is the index within the frame's own section (as written in the file): this
 * converts one to the other.
 */
export function sectionLocalInterfaceId(info: CaptureFileInfo, globalId: number): number {
  const iface = info.interfaces[globalId]
  if (!iface) return globalId
  let first = globalId
  while (first > 0 && info.interfaces[first - 1]!.section === iface.section) first--
  return globalId - first
}
