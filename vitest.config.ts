import { defineConfig } from 'vitest/config'

// Unit tests are colocated (src/**/*.test.ts); corpus/oracle tests live in test/.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // The corpus tests spend most of their time waiting on tshark/tcpdump child processes: two workers
    // keep both cores busy (vitest's default is cores - 1 = 1 on the 2-core CI machine).
    maxWorkers: 2,
  },
})
