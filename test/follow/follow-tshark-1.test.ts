import { describe, it } from 'vitest'
import { runFollowConformance } from './follow-conformance'

// Half of the corpus (the other half is in follow-tshark-2.test.ts, so two workers share the tshark time).
describe('follow tcp stream vs tshark -z follow,tcp,<raw|hex|ascii>', () => {
  it('is byte-identical for every stream of the corpus, shard 1/2', async () => {
    await runFollowConformance(0, 2)
  }, 900_000)
})
