/**
 * Display filters: a Wireshark 4.0-compatible subset evaluated over the packet index (no re-decoding).
 *
 *   const c = compileFilter('tcp.port == 443 && !(ip.addr == 10.0.0.0/8)')   // never throws
 *   if (!c.ok) show(c.error.message, c.error.start, c.error.end)
 *   const r = await runFilter(c.value, filterDataOf(index, tcp), { readFrame, signal, onProgress })
 *   // r.value: Uint32Array of matching rows (frame number - 1), ascending
 *
 * Semantics follow tshark 4.0: `ip.addr` / `tcp.port` / `udp.port` / `ipv6.addr` are "src or dst";
 * `==` any value equal, `!=` (= `!==`) no value equal and the field present, `~=` some value not equal,
 * `===` all equal; a bare field tests presence (`tcp.flags.syn` is present on every TCP frame; use
 * `== 1` for the bit); `contains` is case-sensitive, `matches` case-insensitive unless `(?-i)`.
 * Evaluation: generated code (`new Function`) in the engine; a closure back end with the same results
 * where eval is not allowed (renderer CSP). `contains` / `matches` read only candidate frames' bytes.
 */
export type { CmpOp, Expr, FilterError, FilterResult, Span } from './ast'
export { parseFilter } from './parser'
export { compileFilter, runFilter, filterRows, BoundFilter } from './filter'
export type { CompiledFilter, Backend, FrameReader, RunFilterOptions } from './filter'
export type { FilterData, FilterTcpColumns } from './data'
/** Precompute a chunk's layer bits when it arrives, so the first filter over it does not pay for them. */
export { chunkLayers as warmChunk } from './data'
export { listFields, lookupField, Layer, ANALYSIS_FLAG_NAMES } from './fields'
export type { FieldDef, FieldType } from './fields'
export { codegenAvailable } from './kernel'
