import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TimestampFormatter } from './ts-format'

describe('TimestampFormatter (tcpdump -t variants)', () => {
  const oldTz = process.env.TZ
  beforeAll(() => {
    process.env.TZ = 'UTC'
  })
  afterAll(() => {
    process.env.TZ = oldTz
  })
  const t0 = 1398195861 // 2014-04-22 19:44:21 UTC

  it('default: local time of day with µs, ns truncated (not rounded)', () => {
    const f = new TimestampFormatter(0)
    expect(f.format(t0, 493_255_999)).toBe('19:44:21.493255 ')
  })
  it('-t prints nothing, -tt epoch seconds', () => {
    expect(new TimestampFormatter(1).format(t0, 5_000)).toBe('')
    expect(new TimestampFormatter(2).format(t0, 5_000)).toBe('1398195861.000005 ')
  })
  it('-ttt: delta to the previous packet, leading space, "-" when going backwards', () => {
    const f = new TimestampFormatter(3)
    expect(f.format(t0, 493_255_000)).toBe(' 00:00:00.000000 ')
    expect(f.format(t0, 493_272_000)).toBe(' 00:00:00.000017 ')
    expect(f.format(t0 + 1, 0)).toBe(' 00:00:00.506728 ')
    expect(f.format(t0, 0)).toBe('-00:00:01.000000 ')
  })
  it('-ttttt: delta to the first packet; whole days drop out like tcpdump (gmtime)', () => {
    const f = new TimestampFormatter(5)
    f.format(t0, 0)
    expect(f.format(t0 + 28, 0)).toBe(' 00:00:28.000000 ')
    expect(f.format(t0 + 2 * 86400 + 3661, 7_000)).toBe(' 01:01:01.000007 ')
  })
  it('-tttt: date and time', () => {
    expect(new TimestampFormatter(4).format(t0, 493_283_000)).toBe('2014-04-22 19:44:21.493283 ')
  })
})
