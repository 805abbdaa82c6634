/** Display filters (Wireshark-compatible subset) evaluated over the packet index. */
export type { CmpOp, Expr, FilterError, FilterResult, Span } from './ast'
export { parseFilter } from './parser'
export { compileFilter, runFilter, filterRows, BoundFilter } from './filter'
export type { CompiledFilter, Backend, FrameReader, RunFilterOptions } from './filter'
export type { FilterData, FilterTcpColumns } from './data'
export { listFields, lookupField, Layer, ANALYSIS_FLAG_NAMES } from './fields'
export type { FieldDef, FieldType } from './fields'
export { codegenAvailable } from './kernel'
