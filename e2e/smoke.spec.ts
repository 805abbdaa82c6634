import { readFileSync } from 'node:fs'
import { expect, test } from './fixtures/app'

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }

test('the window shows the app name, version and the empty state', async ({ app }) => {
  await app.waitReady()
  await expect(app.page).toHaveTitle('wirelite')
  await expect(app.appName).toHaveText('wirelite')
  await expect(app.version).toHaveText(`v${pkg.version}`)
  await expect(app.emptyState).toContainText('No capture open')
  await expect(app.emptyState).toContainText('Drop a capture file')
  // The badge tells which shell is running: present only in browser mode.
  await expect(app.modeBadge).toHaveCount(app.runtime === 'browser' ? 1 : 0)
  await app.screenshot('empty-state')
})

test('the page runs under the strict CSP with no console errors', async ({ app }) => {
  const errors: string[] = []
  app.page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text())
  })
  app.page.on('pageerror', (err) => errors.push(err.message))
  await app.page.reload()
  await app.waitReady()
  // An inline script must be refused by the policy.
  const inlineRan = await app.page.evaluate(async () => {
    const s = document.createElement('script')
    s.textContent = 'window.__inlineRan = true'
    document.head.appendChild(s)
    await new Promise((r) => setTimeout(r, 50))
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true
  })
  expect(inlineRan).toBe(false)
  expect(errors.filter((e) => !/Content Security Policy/.test(e))).toEqual([])
})

test('a file dropped on the window is taken in by the page, not opened by the browser', async ({ app }) => {
  await app.waitReady()
  const before = app.page.url()
  const dataTransfer = await app.page.evaluateHandle(() => {
    const dt = new DataTransfer()
    dt.items.add(new File([new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1])], 'sample.pcap'))
    return dt
  })
  await app.emptyState.dispatchEvent('dragover', { dataTransfer })
  await app.emptyState.dispatchEvent('drop', { dataTransfer })
  // The page takes the file in and tries it, and the attempt ends in a message naming the file. (Wait for
  // that end state: the "uploading"/"opening" statuses on the way can come and go faster than an
  // assertion polls, which made an earlier version of this test flaky.)
  const dropError = app.page.getByTestId('drop-error')
  await expect(dropError).toContainText('sample.pcap')
  if (app.runtime === 'browser') {
    // Uploaded, then opened: four bytes are not a whole pcap header. Said once, with the file's own name
    // (not the server's temp copy), and not repeated in the status bar.
    await expect(dropError).toContainText('too short')
    await expect(dropError).not.toContainText('wirelite-uploads')
    await expect(app.page.getByTestId('status-error')).toHaveCount(0)
  }
  expect(app.page.url()).toBe(before)
  await expect(app.appName).toHaveText('wirelite')
})
