import { expect, type Locator, type Page } from '@playwright/test'

/** Page object for the files area: the Open dialog, drag and drop, and the Export dialog. */
export class OpenDialogPage {
  readonly root: Locator
  readonly path: Locator
  readonly crumbs: Locator
  readonly entries: Locator
  readonly error: Locator
  readonly submit: Locator
  readonly recent: Locator

  constructor(readonly page: Page) {
    this.root = page.getByTestId('open-dialog')
    this.path = page.getByTestId('open-path')
    this.crumbs = page.getByTestId('open-crumb')
    this.entries = page.getByTestId('open-entry')
    this.error = page.getByTestId('open-error')
    this.submit = page.getByTestId('open-submit')
    this.recent = page.getByTestId('open-recent-item')
  }

  entry(name: string): Locator {
    return this.root.locator(`[data-testid="open-entry"][data-name="${name}"]`)
  }

  /** Names listed in the current folder, in display order. */
  async names(): Promise<string[]> {
    return this.entries.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.name ?? ''))
  }

  /** Enters a folder by clicking it and waits until the path box shows it. */
  async enterFolder(name: string): Promise<void> {
    const before = await this.path.inputValue()
    await this.entry(name).click()
    await expect(this.path).not.toHaveValue(before)
    await expect(this.path).toHaveValue(new RegExp(`/${name}$`))
  }

  /** Types a path into the path box and presses Enter. */
  async typePath(path: string): Promise<void> {
    await this.path.fill(path)
    await this.path.press('Enter')
  }
}

export class ExportDialogPage {
  readonly root: Locator
  readonly path: Locator
  readonly format: Locator
  readonly save: Locator
  readonly written: Locator
  readonly verified: Locator
  readonly error: Locator
  readonly blocker: Locator
  readonly from: Locator
  readonly to: Locator

  constructor(readonly page: Page) {
    this.root = page.getByTestId('export-dialog')
    this.path = page.getByTestId('export-path')
    this.format = page.getByTestId('export-format')
    this.save = page.getByTestId('export-save')
    this.written = page.getByTestId('export-written')
    this.verified = page.getByTestId('export-verified')
    this.error = page.getByTestId('export-error')
    this.blocker = page.getByTestId('export-blocker')
    this.from = page.getByTestId('export-range-from')
    this.to = page.getByTestId('export-range-to')
  }

  which(kind: 'all' | 'displayed' | 'selected' | 'range'): Locator {
    return this.page.getByTestId(`export-which-${kind}`)
  }
}

/**
 * Drops a file onto the page the way a user's drag does: dragenter, then drop, with a DataTransfer made
 * in the page from `bytes` (Playwright cannot drag a real OS file into headless Chromium).
 */
export async function dropFile(
  page: Page,
  name: string,
  bytes: Uint8Array,
  opts: { drop?: boolean } = {},
): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, data }) => {
      const dt = new DataTransfer()
      dt.items.add(new File([new Uint8Array(data)], name, { type: 'application/vnd.tcpdump.pcap' }))
      return dt
    },
    { name, data: Array.from(bytes) },
  )
  await page.locator('body').dispatchEvent('dragenter', { dataTransfer })
  if (opts.drop === false) return
  await page.locator('body').dispatchEvent('drop', { dataTransfer })
}
