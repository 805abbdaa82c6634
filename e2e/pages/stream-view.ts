import { expect, type Locator, type Page } from '@playwright/test'

/** Page object for the follow-stream state view (ladder, state lanes, explanation, quiz, payload). */
export class StreamView {
  readonly root: Locator
  readonly title: Locator
  readonly scroller: Locator
  readonly arrows: Locator
  readonly explanation: Locator
  readonly explanationText: Locator
  readonly position: Locator
  readonly payload: Locator

  constructor(readonly page: Page) {
    this.root = page.getByTestId('stream-view')
    this.title = page.getByTestId('stream-title')
    this.scroller = page.getByTestId('ladder-scroll')
    this.arrows = page.getByTestId('ladder-arrow')
    this.explanation = page.getByTestId('stream-explanation')
    this.explanationText = page.getByTestId('explain-text')
    this.position = page.getByTestId('step-position')
    this.payload = page.getByTestId('payload-panel')
  }

  /**
   * Loads the app with a capture and a stream in the URL (`?file=…&stream=N`, the view's own deep link)
   * and waits for the ladder's first arrow.
   */
  async openByLink(absPath: string, stream: number): Promise<void> {
    const url = new URL(this.page.url())
    url.searchParams.set('file', absPath)
    url.searchParams.set('stream', String(stream))
    await this.page.goto(url.toString())
    await this.waitOpen()
  }

  async waitOpen(timeout = 60_000): Promise<void> {
    await expect(this.root).toBeVisible({ timeout })
    await expect(this.arrows.first()).toBeVisible({ timeout })
  }

  arrow(index: number): Locator {
    return this.page.locator(`[data-testid="ladder-arrow"][data-index="${index}"]`)
  }

  /** Lane texts of the drawn arrows, in stream order: [client, server] per arrow index. */
  async laneStates(): Promise<Array<{ index: number; client: string; server: string }>> {
    return this.page.evaluate(() => {
      const text = (side: string, i: string): string =>
        document.querySelector(`[data-testid="lane-${side}"][data-index="${i}"]`)?.textContent?.trim() ?? ''
      return [...document.querySelectorAll('[data-testid="ladder-arrow"]')]
        .map((a) => (a as SVGElement).dataset.index!)
        .map((i) => ({ index: Number(i), client: text('client', i), server: text('server', i) }))
        .sort((a, b) => a.index - b.index)
    })
  }

  async initialStates(): Promise<{ client: string; server: string }> {
    return {
      client: ((await this.page.getByTestId('lane-client-initial').textContent()) ?? '').trim(),
      server: ((await this.page.getByTestId('lane-server-initial').textContent()) ?? '').trim(),
    }
  }

  selectedArrow(): Locator {
    return this.page.locator('[data-testid="ladder-arrow"].is-selected')
  }

  async selectedIndex(): Promise<number> {
    return Number(await this.selectedArrow().getAttribute('data-index'))
  }

  /** Number of arrows drawn right now (the virtualized window). */
  async drawnCount(): Promise<number> {
    return this.arrows.count()
  }

  async press(key: 'ArrowRight' | 'ArrowLeft' | 'Home' | 'End' | 'Escape'): Promise<void> {
    await this.page.keyboard.press(key)
  }

  stepMode(): Locator {
    return this.page.getByTestId('step-mode')
  }

  quizMode(): Locator {
    return this.page.getByTestId('quiz-mode')
  }

  /** Milliseconds from the stream number being set to the first page drawn (measured by the view). */
  async openMs(): Promise<number> {
    const v = await this.scroller.getAttribute('data-open-ms')
    return Number(v)
  }

  /** Engine time of the last open's first stream.ladder request, ms. */
  async engineMs(): Promise<number> {
    return Number(await this.scroller.getAttribute('data-engine-ms'))
  }

  /** The stream.ladder round trip (first page + overview) of the last open, ms. */
  async fetchMs(): Promise<number> {
    return Number(await this.scroller.getAttribute('data-fetch-ms'))
  }
}
