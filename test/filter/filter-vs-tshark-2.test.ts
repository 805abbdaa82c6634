import { beforeAll, describe, expect, it } from 'vitest'
import { requireShared } from '../support/corpus'
import { FILES, FILTERS, describeDiff, loadCase } from './conformance'
import type { FileCase } from './conformance'

// Shard 2 of the display-filter conformance test (see conformance.ts): every filter on each capture
// must select exactly the frames tshark -Y selects.
requireShared()

describe.each(FILES.slice(2, 4))('display filter vs tshark -Y on %s', (rel) => {
  let c: FileCase
  beforeAll(async () => {
    c = await loadCase(rel)
  }, 120_000)

  it('leaves only a few frames out of the comparison (tunnels, ICMP error quotes)', () => {
    // Recorded in the report; a jump here means the exclusion rule is hiding a real difference.
    expect(c.excluded.size, [...new Set(c.excluded.values())].join('; ')).toBeLessThanOrEqual(
      Math.max(30, c.index.count * 0.1),
    )
  })

  it.each(FILTERS)(
    '%s',
    async (filter) => {
      const r = await c.run(filter)
      expect(r.error).toBeUndefined()
      expect(r.wirelite, describeDiff(r.wirelite, r.tshark)).toEqual(r.tshark)
    },
    60_000,
  )
})
