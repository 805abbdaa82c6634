import type { SortColumn } from '../../../shared/ipc/contract'
import { CHUNK_ROWS } from '../../../shared/model/index-columns'
import type { PacketIndex } from '../index'
import { PROTO_NAMES } from './row-text'
import { AddrFamily } from '../../../shared/decode/address-table'

/**
 * Sort rows by a column, stably (ties keep frame order, like Wireshark). Keys are packed with the row
 * into one float64 (key · 2^24 + row) so the sort is the engine's native numeric sort — no comparator
 * call per pair; time keys (too wide to pack) use a comparator over the two timestamp columns.
 */
const ROW_BITS = 2 ** 24

export function sortRows(
  index: PacketIndex,
  rows: Uint32Array,
  column: SortColumn,
  descending: boolean,
): Uint32Array {
  const n = rows.length
  let out: Uint32Array
  if (column === 'time') {
    out = rows.slice()
    const sec = (r: number): number => index.chunks[Math.floor(r / CHUNK_ROWS)]!.tsSec[r % CHUNK_ROWS]!
    const ns = (r: number): number => index.chunks[Math.floor(r / CHUNK_ROWS)]!.tsNsec[r % CHUNK_ROWS]!
    out.sort((a, b) => sec(a) - sec(b) || ns(a) - ns(b) || a - b)
  } else if (column === 'no' || index.count >= ROW_BITS) {
    out = rows.slice().sort()
  } else {
    const key = keyOf(index, column)
    const packed = new Float64Array(n)
    for (let i = 0; i < n; i++) packed[i] = key(rows[i]!) * ROW_BITS + rows[i]!
    packed.sort()
    out = new Uint32Array(n)
    for (let i = 0; i < n; i++) out[i] = packed[i]! % ROW_BITS
  }
  if (descending) {
    // Descending by key, ties still in frame order: reverse runs of equal keys back.
    out.reverse()
    if (column !== 'no') {
      const key = column === 'time' ? null : keyOf(index, column)
      const same = (a: number, b: number): boolean =>
        key
          ? key(a) === key(b)
          : index.get('tsSec', a) === index.get('tsSec', b) &&
            index.get('tsNsec', a) === index.get('tsNsec', b)
      let s = 0
      for (let i = 1; i <= n; i++) {
        if (i === n || !same(out[i]!, out[s]!)) {
          out.subarray(s, i).reverse()
          s = i
        }
      }
    }
  }
  return out
}

function keyOf(index: PacketIndex, column: Exclude<SortColumn, 'time'>): (row: number) => number {
  const col =
    (name: 'origLen' | 'srcAddr' | 'dstAddr' | 'proto') =>
    (r: number): number =>
      index.chunks[Math.floor(r / CHUNK_ROWS)]![name][r % CHUNK_ROWS]!
  switch (column) {
    case 'length':
      return col('origLen')
    case 'protocol': {
      const names = Object.entries(PROTO_NAMES).sort((a, b) => a[1].localeCompare(b[1]))
      const rank = new Map(names.map(([k], i) => [Number(k), i]))
      const p = col('proto')
      return (r) => rank.get(p(r)) ?? names.length
    }
    case 'source':
    case 'destination': {
      const ids = col(column === 'source' ? 'srcAddr' : 'dstAddr')
      const rank = addressRanks(index)
      return (r) => rank[ids(r)] ?? 0
    }
    default:
      return (r) => r
  }
}

/** Rank of every interned address: by family (IPv4, IPv6, MAC), then IPv4 numerically, others by text. */
function addressRanks(index: PacketIndex): Uint32Array {
  const t = index.addresses
  const n = t.size
  const keys: string[] = ['']
  for (let id = 1; id <= n; id++) {
    const s = t.format(id)
    const fam = t.family(id)
    keys.push(
      fam === AddrFamily.IPV4
        ? '1' +
            s
              .split('.')
              .map((x) => x.padStart(3, '0'))
              .join('.')
        : `${fam}${s}`,
    )
  }
  const ids = Array.from({ length: n }, (_, i) => i + 1)
  ids.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b))
  const rank = new Uint32Array(n + 1)
  ids.forEach((id, i) => (rank[id] = i + 1))
  return rank
}
