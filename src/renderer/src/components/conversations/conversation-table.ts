import type { ConversationRow } from '../../../../shared/ipc/contract'

/** Columns of the conversations table, in display order; each sorts by one value of the row. */
export const CONVERSATION_COLUMNS = [
  'stream',
  'client',
  'server',
  'packetsClientToServer',
  'packetsServerToClient',
  'bytesClientToServer',
  'bytesServerToClient',
  'relStart',
  'duration',
  'endReason',
] as const
export type ConversationColumn = (typeof CONVERSATION_COLUMNS)[number]

/** Numeric columns sort biggest-first on the first click, like Wireshark's statistics tables. */
export const NUMERIC_COLUMNS: ReadonlySet<ConversationColumn> = new Set([
  'packetsClientToServer',
  'packetsServerToClient',
  'bytesClientToServer',
  'bytesServerToClient',
  'duration',
])

export function endpointText(address: string, port: number): string {
  // IPv6 addresses are bracketed so the port stays readable: [2001:db8::1]:443.
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`
}

/** Numbers of the dotted-quad / hex groups, so 10.0.0.9 sorts before 10.0.0.10. */
function addressKey(address: string, port: number): Array<number | string> {
  const parts = address.includes(':')
    ? address.split(':').map((p) => (p === '' ? 0 : parseInt(p, 16)))
    : address.split('.').map((p) => Number(p))
  return [address.includes(':') ? 1 : 0, ...parts.map((n) => (Number.isFinite(n) ? n : 0)), port]
}

function compareKeys(a: Array<number | string>, b: Array<number | string>): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? -1
    const y = b[i] ?? -1
    if (x < y) return -1
    if (x > y) return 1
  }
  return 0
}

function compare(a: ConversationRow, b: ConversationRow, column: ConversationColumn): number {
  switch (column) {
    case 'client':
      return compareKeys(addressKey(a.clientAddress, a.clientPort), addressKey(b.clientAddress, b.clientPort))
    case 'server':
      return compareKeys(addressKey(a.serverAddress, a.serverPort), addressKey(b.serverAddress, b.serverPort))
    case 'endReason':
      return a.endReason < b.endReason ? -1 : a.endReason > b.endReason ? 1 : 0
    default:
      return a[column] - b[column]
  }
}

/** A sorted copy; ties keep tcp.stream order so the order is stable and predictable. */
export function sortConversations(
  rows: readonly ConversationRow[],
  column: ConversationColumn,
  descending: boolean,
): ConversationRow[] {
  return [...rows].sort((a, b) => {
    const c = compare(a, b, column)
    return c !== 0 ? (descending ? -c : c) : a.stream - b.stream
  })
}

/** Seconds with 6 decimals (µs, what captures carry) for start; 4 for duration like tshark -z conv. */
export function formatSeconds(s: number, digits: number): string {
  return Number.isFinite(s) ? s.toFixed(digits) : '—'
}

/** The display filter that shows one conversation. */
export function streamFilter(stream: number): string {
  return `tcp.stream == ${stream}`
}
