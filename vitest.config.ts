import { defineConfig } from 'vitest/config'

// Unit tests are colocated (src/**/*.test.ts); corpus/oracle tests live in test/.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
})
