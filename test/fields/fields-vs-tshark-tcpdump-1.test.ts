import { describe } from 'vitest'
import { fieldsVsTsharkShard } from './shard'

// Shard 1 of 3 of the tcpdump test corpus (every third file), to keep each file fast on a cold cache.
describe('fields vs tshark (tcpdump tests, shard 1/3)', () => {
  let n = 0
  const mine = new Set<string>()
  fieldsVsTsharkShard('captures/tcpdump-tests shard 1/3', (f) => {
    if (!f.includes('/captures/tcpdump-tests/')) return false
    if (n++ % 3 === 0) mine.add(f)
    return mine.has(f)
  })
})
