/**
 * Runs `fn` at most once per `periodMs`. A call inside the period is not dropped: it runs once when the
 * period ends (trailing edge), so the last state always goes out soon after the calls stop.
 */
export class Throttle {
  private last = -Infinity
  private trail: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly periodMs: number,
    private readonly fn: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Runs now if the period allows (or `force`), else once at the end of the period. */
  call(force = false): void {
    const t = this.now()
    if (!force && t - this.last < this.periodMs) {
      this.trail ??= setTimeout(
        () => {
          this.trail = null
          this.call()
        },
        this.periodMs - (t - this.last),
      )
      return
    }
    this.cancel()
    this.last = t
    this.fn()
  }

  /** Drops a pending trailing run. */
  cancel(): void {
    if (this.trail) clearTimeout(this.trail)
    this.trail = null
  }
}
