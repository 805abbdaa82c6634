import { requireShared } from '../support/corpus'
import { FILES, describeFilterShard } from './conformance'

// Shard 1 of the display-filter conformance test (see conformance.ts).
requireShared()

describeFilterShard(FILES.slice(0, 2))
