import { describe } from 'vitest'
import { corpusShard } from './support/corpus-shard'

// Two shards so vitest runs them on both cores (~50 s each on an idle machine).
describe('corpus through the whole CLI', () => corpusShard(0, 2))
