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
  out.reset()
  out.linkType = linkType
  const capEnd = data.length
  // A reader may report origLen < capLen for broken files: the bytes we have are real, trust them.
  const repEnd = origLen > capEnd ? origLen : capEnd
  switch (linkType) {
    case LinkType.EN10MB:
      decodeEthernet(data, 0, out, capEnd, repEnd, verifyChecksums)
      return
    case LinkType.NULL:
      decodeNullLoop(data, 0, out, capEnd, repEnd, verifyChecksums, false)
      return
    case LinkType.LOOP:
      decodeNullLoop(data, 0, out, capEnd, repEnd, verifyChecksums, true)
      return
    case LinkType.LINUX_SLL:
      decodeSll(data, 0, out, capEnd, repEnd, verifyChecksums)
      return
    case LinkType.LINUX_SLL2:
      decodeSll2(data, 0, out, capEnd, repEnd, verifyChecksums)
      return
    case LINKTYPE_PPP:
    case LINKTYPE_PPP_HDLC:
      decodePpp(data, 0, out, capEnd, repEnd, verifyChecksums)
      return
    case LINKTYPE_C_HDLC:
      decodeCiscoHdlc(data, 0, out, capEnd, repEnd, verifyChecksums)
      return
    case LinkType.IPV4:
      dispatchEtherType(EtherType.IPV4, data, 0, out, capEnd, repEnd, verifyChecksums)
      return
    case LinkType.IPV6:
      dispatchEtherType(EtherType.IPV6, data, 0, out, capEnd, repEnd, verifyChecksums)
      return
    case LinkType.RAW:
    case LinkType.RAW_ALIAS_12:
    case LinkType.RAW_ALIAS_14: {
      // No link header: the IP version nibble says which IP it is.
      const v = capEnd > 0 ? data[0]! >> 4 : 0
      if (v === 4) dispatchEtherType(EtherType.IPV4, data, 0, out, capEnd, repEnd, verifyChecksums)
      else if (v === 6) dispatchEtherType(EtherType.IPV6, data, 0, out, capEnd, repEnd, verifyChecksums)
      else if (capEnd === 0)
        addIssue(out, repEnd > 0 ? 'truncated' : 'malformed', 'ip', 0, 0, 'Raw IP frame is empty')
      else addIssue(out, 'malformed', 'ip', 0, 1, 'Raw IP frame with an IP version other than 4 or 6')
      return
    }
    default:
      out.proto = Proto.UNKNOWN
      addIssue(out, 'unsupported', 'link', 0, capEnd, 'Link type not decoded by wirelite')
  }
}
