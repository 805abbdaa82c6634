import type { DecodedFrame } from '../model/decoded-frame'
import { MAX_ISSUES } from '../model/decoded-frame'
import type { DecodeIssueCode, LayerName } from '../model/issues'
import { IssueBit } from '../model/issues'

/**
 * Record one decode issue in the scratch frame. The mask always gets the bit; the detailed entry is
 * kept only while there is room (MAX_ISSUES), so a hostile packet cannot make the list grow.
 * `message` must be a constant string (no formatting on the hot path).
 */
export function addIssue(
  f: DecodedFrame,
  code: DecodeIssueCode,
  layer: LayerName,
  offset: number,
  length: number,
  message: string,
): void {
  f.issueMask |= IssueBit[code]
  const i = f.issueCount
  if (i >= MAX_ISSUES) return
  f.issueCodes[i] = code
  f.issueLayers[i] = layer
  f.issueOffsets[i] = offset
  f.issueLengths[i] = length
  f.issueMessages[i] = message
  f.issueCount = i + 1
}

/**
 * A layer needs `need` bytes at `off` but fewer are available. Wireshark's two lengths decide the code:
 * if the reported length (what the enclosing header / the wire says) also lacks them, the header lies
 * ("malformed"); otherwise the capture was cut short ("truncated").
 */
export function shortLayer(
  f: DecodedFrame,
  layer: LayerName,
  off: number,
  need: number,
  capEnd: number,
  repEnd: number,
  message: string,
): void {
  if (off + need > repEnd) addIssue(f, 'malformed', layer, off, Math.max(0, repEnd - off), message)
  else addIssue(f, 'truncated', layer, off, Math.max(0, capEnd - off), message)
}
