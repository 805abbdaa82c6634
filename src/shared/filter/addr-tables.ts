import { AddrFamily } from '../decode/address-table'
import type { AddressTable } from '../decode/address-table'
import type { AddrNet, AddrTest } from './ir'

/**
 * An address comparison becomes a lookup table over interned address ids (id → 1 when the address
 * passes), so the per-row test is one array read whatever the operator, CIDR or set. Tables are
 * computed once per (test, address table) and extended when the table grows during a live capture.
 */
const cache = new WeakMap<AddrTest, WeakMap<AddressTable, Uint8Array>>()

export function addrTable(test: AddrTest, t: AddressTable): Uint8Array {
  let perTable = cache.get(test)
  if (!perTable) {
    perTable = new WeakMap()
    cache.set(test, perTable)
  }
  const need = t.size + 1
  const old = perTable.get(t)
  if (old && old.length >= need) return old
  const out = new Uint8Array(need)
  const from = old ? old.length : 1
  if (old) out.set(old)
  const fam = test.family === 4 ? AddrFamily.IPV4 : AddrFamily.IPV6
  for (let id = from; id < need; id++) {
    if (t.family(id) !== fam) continue
    let hit = false
    if (fam === AddrFamily.IPV4) {
      const v = t.ipv4Value(id)
      for (const n of test.nets) if (match4(n, v)) hit = true
    } else {
      const b = t.bytes(id)
      for (const n of test.nets) if (match6(n, b)) hit = true
    }
    out[id] = hit !== test.negate ? 1 : 0
  }
  perTable.set(t, out)
  return out
}

function cmpOp(d: number, op: string): boolean {
  switch (op) {
    case '==':
      return d === 0
    case '!=':
      return d !== 0
    case '<':
      return d < 0
    case '>':
      return d > 0
    case '<=':
      return d <= 0
    default:
      return d >= 0
  }
}

function match4(n: AddrNet, v: number): boolean {
  if (n.kind === 'range4') return v >= n.lo && v <= n.hi
  if (n.kind !== 'net4') return false
  if (n.op === '==' || n.op === '!=') return cmpOp((v & n.mask) >>> 0 === n.value ? 0 : 1, n.op)
  return cmpOp(v - n.value, n.op)
}

function compareBytes(a: Uint8Array, b: Uint8Array, bits: number): number {
  for (let i = 0; i < 16 && bits > 0; i++, bits -= 8) {
    const m = bits >= 8 ? 0xff : (0xff00 >> bits) & 0xff
    const d = (a[i]! & m) - (b[i]! & m)
    if (d !== 0) return d
  }
  return 0
}

function match6(n: AddrNet, b: Uint8Array): boolean {
  if (n.kind === 'range6') return compareBytes(b, n.lo, 128) >= 0 && compareBytes(b, n.hi, 128) <= 0
  if (n.kind !== 'net6') return false
  if (n.op === '==' || n.op === '!=') return cmpOp(compareBytes(b, n.bytes, n.prefix), n.op)
  return cmpOp(compareBytes(b, n.bytes, 128), n.op)
}
