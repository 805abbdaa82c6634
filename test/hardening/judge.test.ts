import { describe, expect, it } from 'vitest'
import { judge, type CommandOutcome } from './support/pipeline'

// The harness must be able to fail: each shape of crash the hardening tests look for is recognised.
const o = (code: number, stderr: string): CommandOutcome => ({
  argv: ['read', 'x'],
  code,
  stderr,
  stdoutChars: 0,
  ms: 1,
})

describe('judge', () => {
  it('accepts success and one clean error line', () => {
    expect(judge(o(0, ''))).toBeNull()
    expect(judge(o(1, 'wirelite: x: the file is empty (0 bytes), there is nothing to read\n'))).toBeNull()
    expect(judge(o(0, 'wirelite: warning: a\nwirelite: warning: b\n'))).toBeNull()
  })
  it('flags internal errors, stacks, odd exit codes, escaped exceptions and noisy failures', () => {
    expect(judge(o(70, 'wirelite: internal error: boom\n'))).toMatch(/exit code 70/)
    expect(judge(o(1, 'wirelite: internal error: boom\n'))).toMatch(/internal error/)
    expect(judge(o(1, 'wirelite: boom\n    at f (/a/b.ts:1:2)\n'))).toMatch(/stack/)
    expect(judge(o(-1, 'ESCAPED: TypeError'))).toMatch(/exit code -1/)
    expect(judge(o(1, 'wirelite: a\nwirelite: b\n'))).toMatch(/2 stderr lines/)
    expect(judge(o(1, 'RangeError: offset out of bounds\n'))).toMatch(/not starting with/)
  })
})

describe('badMessage', () => {
  it('accepts one clean line and flags empty, multi-line and leaked placeholders', async () => {
    const { badMessage } = await import('./support/pipeline')
    expect(badMessage('pcap record 3 at offset 24 claims 4294967295 captured bytes')).toBeNull()
    expect(badMessage('')).toMatch(/empty/)
    expect(badMessage('a\nb')).toMatch(/multi-line/)
    expect(badMessage('record undefined at offset NaN')).toMatch(/placeholder/)
  })
})
