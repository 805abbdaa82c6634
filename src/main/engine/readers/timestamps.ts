/**
 * Exact conversion of pcapng 64-bit timestamps (units of 10^-k or 2^-m seconds) into whole seconds +
 * nanoseconds, without BigInt on the common paths. A 64-bit count of nanoseconds exceeds 2^53, so a
 * plain `high * 2^32 + low` double would round; we divide in 16-bit digits instead, where every
 * intermediate stays below 2^53.
 *
 * Nanoseconds are truncated (not rounded), as Wireshark does (`(ts % units) * 1e9 / units`).
 */

/** How an interface's timestamps are converted; chosen once per IDB. */
export interface TsResolution {
  /** 0: 10^-k with k <= 9; 1: 2^-m with m <= 32; 2: anything else (BigInt slow path). */
  mode: 0 | 1 | 2
  /** Units per second (exact for modes 0/1; for mode 2 see `unitsBig`). */
  units: number
  unitsBig: bigint
  /** mode 0: nanoseconds per unit (10^(9-k)). */
  nsMul: number
  /** mode 1: m. */
  shift: number
  /** Decimal digits of precision for printing (6 for µs, 9 for ns, …), capped at 9. */
  digits: number
}

/** if_tsresol byte → resolution. Absent option = 6 (µs). */
export function tsResolution(tsresol: number): TsResolution {
  const pow2 = (tsresol & 0x80) !== 0
  const e = tsresol & 0x7f
  if (!pow2) {
    const digits = Math.min(e, 9)
    if (e <= 9)
      return { mode: 0, units: 10 ** e, unitsBig: 10n ** BigInt(e), nsMul: 10 ** (9 - e), shift: 0, digits }
    return { mode: 2, units: 10 ** e, unitsBig: 10n ** BigInt(e), nsMul: 0, shift: 0, digits }
  }
  // 2^-m: the precision in decimal digits is the largest d with 10^d <= 2^m (2^-20 → 6), as Wireshark.
  const digits = Math.min(9, Math.floor(e * Math.log10(2) + 1e-9))
  if (e <= 32) return { mode: 1, units: 2 ** e, unitsBig: 1n << BigInt(e), nsMul: 0, shift: e, digits }
  return { mode: 2, units: 2 ** e, unitsBig: 1n << BigInt(e), nsMul: 0, shift: e, digits }
}

/** Output slots (module-level scratch: conversion allocates nothing). */
export const tsOut = { sec: 0, nsec: 0 }

const TWO32 = 4294967296

/** Convert (high, low) 32-bit halves of an unsigned 64-bit timestamp; result in tsOut. */
export function convertTimestamp(high: number, low: number, r: TsResolution): void {
  if (r.mode === 0) {
    const D = r.units
    if (high < 0x200000) {
      // ts < 2^53: exact as a double; one division plus a correction step.
      const ts = high * TWO32 + low
      let s = Math.floor(ts / D)
      let rem = ts - s * D
      if (rem < 0) {
        s--
        rem += D
      } else if (rem >= D) {
        s++
        rem -= D
      }
      tsOut.sec = s
      tsOut.nsec = rem * r.nsMul
      return
    }
    // Long division in base 2^16: each step divides a value < D * 2^16 <= 2^46.
    let x = high >>> 16
    const q3 = Math.floor(x / D)
    let rem = x - q3 * D
    x = rem * 65536 + (high & 0xffff)
    const q2 = Math.floor(x / D)
    rem = x - q2 * D
    x = rem * 65536 + (low >>> 16)
    const q1 = Math.floor(x / D)
    rem = x - q1 * D
    x = rem * 65536 + (low & 0xffff)
    const q0 = Math.floor(x / D)
    rem = x - q0 * D
    tsOut.sec = ((q3 * 65536 + q2) * 65536 + q1) * 65536 + q0
    tsOut.nsec = rem * r.nsMul
    return
  }
  if (r.mode === 1) {
    const m = r.shift
    let frac: number
    if (m === 32) {
      tsOut.sec = high
      frac = low
    } else {
      const p = 2 ** m
      const lowHi = Math.floor(low / p)
      frac = low - lowHi * p
      tsOut.sec = high * 2 ** (32 - m) + lowHi
    }
    if (m <= 16) {
      tsOut.nsec = Math.floor((frac * 1e9) / 2 ** m)
    } else {
      // frac * 1e9 may exceed 2^53: split frac = fh*2^16 + fl.
      const fh = Math.floor(frac / 65536)
      const fl = frac - fh * 65536
      const A = fh * 1e9 // < 2^46
      const B = fl * 1e9 // < 2^46
      const p = 2 ** (m - 16)
      const Ah = Math.floor(A / p)
      const Af = A - Ah * p // < 2^(m-16)
      tsOut.nsec = Ah + Math.floor((Af * 65536 + B) / 2 ** m)
    }
    return
  }
  // Rare resolutions (finer than ns, or 2^-m with m > 32): exact BigInt arithmetic.
  const ts = (BigInt(high) << 32n) | BigInt(low)
  const u = r.unitsBig
  tsOut.sec = Number(ts / u)
  tsOut.nsec = Number(((ts % u) * 1_000_000_000n) / u)
}
