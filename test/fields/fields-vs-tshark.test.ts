import { describe } from 'vitest'
import { fieldsVsTsharkShard } from './shard'

// The real-world captures; the tcpdump test corpus is split over fields-vs-tshark-tcpdump-*.test.ts.
describe('fields vs tshark (real captures)', () => {
  fieldsVsTsharkShard('captures/real', (f) => f.includes('/captures/real/'))
})
