import { describe } from 'vitest'
import { fieldsVsTsharkShard } from './shard'

// Shard 3 of 6 of the tcpdump test corpus (every sixth file): one tshark start per file dominates,
// so the corpus is spread over files that each stay short on a cold oracle cache and run in parallel.
describe('fields vs tshark (tcpdump tests, shard 3/6)', () => {
  fieldsVsTsharkShard(
    'captures/tcpdump-tests shard 3/6',
    (f, i) => f.includes('/captures/tcpdump-tests/') && i % 6 === 2,
  )
})
