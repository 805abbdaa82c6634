import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Throttle } from './throttle'

describe('Throttle', () => {
  let clock = 0
  beforeEach(() => {
    vi.useFakeTimers()
    clock = 1000
  })
  afterEach(() => vi.useRealTimers())
  const advance = (ms: number): void => {
    clock += ms
    vi.advanceTimersByTime(ms)
  }
  /** A 250 ms throttle on the test clock, and the clock times at which it ran. */
  const throttle = (): { t: Throttle; runs: number[] } => {
    const runs: number[] = []
    return {
      t: new Throttle(
        250,
        () => runs.push(clock),
        () => clock,
      ),
      runs,
    }
  }

  it('runs the first call at once and the calls of a busy period once, at its end', () => {
    const { t, runs } = throttle()
    t.call()
    expect(runs).toEqual([1000])
    advance(50)
    t.call()
    advance(50)
    t.call()
    expect(runs).toEqual([1000])
    advance(149)
    expect(runs).toEqual([1000])
    advance(1)
    expect(runs).toEqual([1000, 1250]) // the trailing run: the last state is not lost
    advance(1000)
    expect(runs).toEqual([1000, 1250])
  })

  it('a forced call runs at once and replaces the pending trailing run', () => {
    const { t, runs } = throttle()
    t.call()
    advance(10)
    t.call()
    t.call(true)
    expect(runs).toEqual([1000, 1010])
    advance(1000)
    expect(runs).toEqual([1000, 1010])
  })

  it('cancel drops the trailing run', () => {
    const { t, runs } = throttle()
    t.call()
    t.call()
    t.cancel()
    advance(1000)
    expect(runs).toEqual([1000])
  })
})
