/**
 * The packet index.
 *
 *   const idx = await buildIndex(path, { onChunk, onProgress, signal, verifyChecksums })
 *   idx.count; idx.get('tcpSeq', row); idx.chunkOf(row) // CHUNK_ROWS-row column chunks
 *   idx.addresses.format(idx.get('srcAddr', row))      // interned IPv4/IPv6/MAC, 0 = none
 *   idx.synOptions.get(row)                             // {mss, wscale, sackPerm, tsVal, tsEcr}, SYN rows only
 *   idx.info (interfaces …), idx.summary (reader warnings / corrupt tail)
 *
 * Rows are 62 bytes (ROW_BYTES) plus ~0.6 B/row of address table and ~120 B per SYN row (measured on
 * /tmp/bench.pcap: 65.5 B/row in all).
 */
export { PacketIndex } from './packet-index'
export type { SynOptions } from './packet-index'
export { IndexBuilder } from './index-builder'
export { buildIndex, PROGRESS_ROWS } from './build-index'
export type { BuildIndexOptions } from './build-index'
