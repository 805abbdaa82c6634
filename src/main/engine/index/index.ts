/**
 * The packet index.
 *
 *   const idx = await buildIndex(path, { onChunk, onProgress, signal, verifyChecksums })
 *   idx.count; idx.get('tcpSeq', row); idx.chunkOf(row) // CHUNK_ROWS-row column chunks
 *   idx.addresses.format(idx.get('srcAddr', row))      // interned IPv4/IPv6/MAC, 0 = none
 *   idx.synOptions.get(row)                             // {mss, wscale, sackPerm, tsVal, tsEcr}, SYN rows only
 *   idx.sackBlocks.get(row)                             // Uint32Array [left0, right0, …], SACK rows only
 *   idx.info (interfaces …), idx.summary (reader warnings / corrupt tail)
 *
 * Rows are 62 bytes (ROW_BYTES) plus the address table and columnar SYN/SACK side tables; the last chunk
 * is trimmed to its rows when indexing ends. idx.byteSize counts what is allocated (measured on
 * /tmp/bench.pcap, 1M rows: 63.08 B/row — 62 columns + 0.63 addresses + 0.45 SYN table).
 */
export { PacketIndex } from './packet-index'
export type { SynOptions } from './packet-index'
export { IndexBuilder } from './index-builder'
export { buildIndex, PROGRESS_ROWS } from './build-index'
export type { BuildIndexOptions } from './build-index'
