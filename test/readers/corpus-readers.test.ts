import { describe } from 'vitest'
import { defineCorpusShard } from './corpus-compare'

// One sixth of the shared corpus (see corpus-compare.ts for why the corpus is sharded).
describe('readCaptureFile vs tshark (corpus)', () => {
  defineCorpusShard(0, 6)
})
