/** Public surface of the decoder. */
export { decodeFrame } from './decode-frame'
export { AddressTable, AddrFamily } from './address-table'
export { registerEtherType, registerIpProto } from './dispatch'
export type { LayerDecoder } from './dispatch'
