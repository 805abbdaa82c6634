/**
 * Capture writers. In-memory encoders (exact; every field can be set or made to lie, for tests):
 * encodePcap / encodePcapng (also exported as writePcap / writePcapng, the names in notes/apis.md).
 * Streaming file writers for Save As and live-capture spooling: PcapFileWriter, PcapngFileWriter
 * (optionally atomic: temp file + fsync + rename, never over the source capture), atomicWriteFile.
 */
export * from './pcap-encode'
export * from './pcapng-encode'
export * from './capture-file-writer'
export { concatBytes } from './byte-writer'
export { encodePcap as writePcap } from './pcap-encode'
export { encodePcapng as writePcapng } from './pcapng-encode'
