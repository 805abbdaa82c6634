import type { DecodedFrame } from '../model/decoded-frame'
import { Proto } from '../model/decoded-frame'
import { LinkType } from '../model/link-type'
import { dispatchEtherType } from './dispatch'
import { decodeEthernet, EtherType } from './ethernet'
import { addIssue } from './issue'
import { decodeNullLoop } from './null-loop'
import { registerBuiltinLayers } from './registry'
import { decodeCiscoHdlc, decodePpp, LINKTYPE_C_HDLC, LINKTYPE_PPP, LINKTYPE_PPP_HDLC } from './ppp-hdlc'
import { decodeSll, decodeSll2 } from './sll'

registerBuiltinLayers()

/**
 * Decode one frame into the reused scratch `out` (reset first; no allocation). `data` holds the captured
 * bytes; `origLen` is the length on the wire. `verifyChecksums` = false skips the IPv4/TCP/UDP/ICMP
 * checksum sums (the *ChecksumOk fields stay -1) for callers that do not need them.
 */
export function decodeFrame(
  linkType: number,
  data: Uint8Array,
  origLen: number,
  out: DecodedFrame,
  verifyChecksums = true,
): void {
  decodeFrameAt(linkType, data, 0, data.length, origLen, out, verifyChecksums)
}

/**
 * decodeFrame for a frame that sits at `buf[off, off + capLen)` (e.g. a reader's chunk), without making
 * a view of it: the index builder calls this for every frame, and a subarray per frame was a measurable
 * share of indexing time (object + GC). Every offset written to `out` (addresses, payload, issues) is
 * then relative to `buf`, not to the frame: subtract `off` for frame offsets.
 */
export function decodeFrameAt(
  linkType: number,
  buf: Uint8Array,
  off: number,
  capLen: number,
  origLen: number,
  out: DecodedFrame,
  verifyChecksums = true,
): void {
  out.reset()
  out.linkType = linkType
  const data = buf
  const capEnd = off + capLen
  // A reader may report origLen < capLen for broken files: the bytes we have are real, trust them.
  const repEnd = off + (origLen > capLen ? origLen : capLen)
  switch (linkType) {
    case LinkType.EN10MB:
      decodeEthernet(data, off, out, capEnd, repEnd, verifyChecksums)
      return
    case LinkType.NULL:
      decodeNullLoop(data, off, out, capEnd, repEnd, verifyChecksums, false)
      return
    case LinkType.LOOP:
      decodeNullLoop(data, off, out, capEnd, repEnd, verifyChecksums, true)
      return
    case LinkType.LINUX_SLL:
      decodeSll(data, off, out, capEnd, repEnd, verifyChecksums)
      return
    case LinkType.LINUX_SLL2:
      decodeSll2(data, off, out, capEnd, repEnd, verifyChecksums)
      return
    case LINKTYPE_PPP:
    case LINKTYPE_PPP_HDLC:
      decodePpp(data, off, out, capEnd, repEnd, verifyChecksums)
      return
    case LINKTYPE_C_HDLC:
      decodeCiscoHdlc(data, off, out, capEnd, repEnd, verifyChecksums)
      return
    case LinkType.IPV4:
      dispatchEtherType(EtherType.IPV4, data, off, out, capEnd, repEnd, verifyChecksums)
      return
    case LinkType.IPV6:
      dispatchEtherType(EtherType.IPV6, data, off, out, capEnd, repEnd, verifyChecksums)
      return
    case LinkType.RAW:
    case LinkType.RAW_ALIAS_12:
    case LinkType.RAW_ALIAS_14: {
      // No link header: the IP version nibble says which IP it is.
      const v = capLen > 0 ? data[off]! >> 4 : 0
      if (v === 4) dispatchEtherType(EtherType.IPV4, data, off, out, capEnd, repEnd, verifyChecksums)
      else if (v === 6) dispatchEtherType(EtherType.IPV6, data, off, out, capEnd, repEnd, verifyChecksums)
      else if (capLen === 0)
        addIssue(out, repEnd > off ? 'truncated' : 'malformed', 'ip', off, 0, 'Raw IP frame is empty')
      else addIssue(out, 'malformed', 'ip', off, 1, 'Raw IP frame with an IP version other than 4 or 6')
      return
    }
    default:
      out.proto = Proto.UNKNOWN
      addIssue(out, 'unsupported', 'link', off, capLen, 'Link type not decoded by wirelite')
  }
}
