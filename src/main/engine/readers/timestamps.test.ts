import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { convertTimestamp, tsOut, tsResolution } from './timestamps'

/** Reference: exact BigInt arithmetic, truncating to nanoseconds. */
function reference(ts: bigint, tsresol: number): { sec: number; nsec: number } {
  const units = tsresol & 0x80 ? 1n << BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol)
  return { sec: Number(ts / units), nsec: Number(((ts % units) * 1_000_000_000n) / units) }
}

function convert(ts: bigint, tsresol: number): { sec: number; nsec: number } {
  convertTimestamp(Number(ts >> 32n), Number(ts & 0xffffffffn), tsResolution(tsresol))
  return { sec: tsOut.sec, nsec: tsOut.nsec }
}

const RESOLUTIONS = [
  0,
  1,
  3,
  6,
  7,
  9,
  10,
  12,
  0x80,
  0x80 | 10,
  0x80 | 16,
  0x80 | 17,
  0x80 | 20,
  0x80 | 30,
  0x80 | 32,
  0x80 | 40,
]

describe('pcapng timestamp conversion', () => {
  it('matches exact BigInt arithmetic for random 64-bit values and every resolution kind', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
          fc.bigInt({ min: 0n, max: 2n ** 53n }),
          fc.bigInt({ min: 0n, max: 2n ** 62n }),
        ),
        fc.constantFrom(...RESOLUTIONS),
        (ts, r) => {
          const want = reference(ts, r)
          const got = convert(ts, r)
          // Seconds beyond 2^53 cannot be represented exactly as numbers anyway: compare as doubles.
          expect(got.nsec).toBe(want.nsec)
          expect(got.sec).toBe(want.sec)
        },
      ),
      { numRuns: 4000 },
    )
  })

  it('is exact at the edges (units-1, exact multiples, around 2^53)', () => {
    for (const r of RESOLUTIONS) {
      const units = r & 0x80 ? 1n << BigInt(r & 0x7f) : 10n ** BigInt(r)
      for (const k of [0n, 1n, 1_700_000_000n, 2n ** 33n]) {
        for (const d of [-1n, 0n, 1n]) {
          const ts = k * units + d
          if (ts < 0n || ts >= 2n ** 64n) continue
          expect(convert(ts, r)).toEqual(reference(ts, r))
        }
      }
      for (const ts of [2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 64n - 1n])
        expect(convert(ts, r)).toEqual(reference(ts, r))
    }
  })

  it('reports decimal precision digits like Wireshark', () => {
    expect(tsResolution(6).digits).toBe(6)
    expect(tsResolution(9).digits).toBe(9)
    expect(tsResolution(3).digits).toBe(3)
    expect(tsResolution(12).digits).toBe(9)
    expect(tsResolution(0x80 | 20).digits).toBe(6) // 2^20 = 1048576 ≥ 10^6
    expect(tsResolution(0x80 | 10).digits).toBe(3)
    expect(tsResolution(0x80 | 30).digits).toBe(9)
  })
})
