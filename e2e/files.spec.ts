import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test } from './fixtures/app'
import { FilterBarPage } from './pages/filter-bar'
import { ExportDialogPage, OpenDialogPage, dropFile } from './pages/files'

/*
 * The files area in browser mode (`wirelite serve` started in the project root, as playwright.config
 * does): File ▸ Open through the in-page folder browser, drag and drop (upload), Export Specified
 * Packets after a filter and re-opening what was written, and the refusal to save over the open file.
 * Expected counts come from tshark / tcpdump on the same files, never from the UI itself.
 */
const FIXTURES = resolve('test/fixtures')
const PINGPONG = join(FIXTURES, 'seed-003-pingpong.pcap')
const TEARDOWN = join(FIXTURES, 'seed-002-teardown.pcap')
const RST = join(FIXTURES, 'rst-close.pcap')

function tsharkCount(file: string, filter?: string): number {
  const out = execFileSync('/usr/bin/tshark', ['-n', '-r', file, ...(filter ? ['-Y', filter] : [])], {
    encoding: 'utf8',
  })
  return out.split('\n').filter((l) => l.trim() !== '').length
}

const made: string[] = []
function outDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'wirelite-e2e-files-'))
  made.push(d)
  return d
}
test.afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true })
})

test.skip(
  ({ runtime }) => runtime !== 'browser',
  'the in-page browser, upload and typed paths are browser mode',
)

test('File ▸ Open: browse folders in the page to a fixture and open it', async ({ app }) => {
  await app.waitReady()
  const dialog = new OpenDialogPage(app.page)
  await app.menu('file', 'open')
  await expect(dialog.root).toBeVisible()
  // The server runs in the project root: the listing starts there, folders first.
  await expect(dialog.path).toHaveValue(resolve('.'))
  const names = await dialog.names()
  expect(names).toContain('test')
  expect(names.indexOf('test')).toBeLessThan(names.indexOf('package.json'))
  await dialog.enterFolder('test')
  await dialog.enterFolder('fixtures')
  await expect(dialog.crumbs.last()).toHaveText('fixtures')
  // Capture files are marked as such, and their sizes shown.
  await expect(dialog.entry('seed-003-pingpong.pcap')).toHaveClass(/capture/)
  await expect(dialog.entry('seed-003-pingpong.pcap')).toContainText('950 B')
  await app.screenshot('files-open-dialog')
  await dialog.entry('seed-003-pingpong.pcap').dblclick()
  await expect(dialog.root).toBeHidden()
  await app.waitLoaded()
  await expect(app.page.getByTestId('status-packets')).toContainText(String(tsharkCount(PINGPONG)))
  await expect(app.page.getByTestId('status-file')).toContainText('seed-003-pingpong.pcap')

  // Breadcrumbs go back up; the recent list now has the file.
  await app.menu('file', 'open')
  await expect(dialog.path).toHaveValue(FIXTURES)
  await expect(dialog.recent.first()).toHaveAttribute('data-path', PINGPONG)
  await dialog.crumbs.filter({ hasText: /^test$/ }).click()
  await expect(dialog.path).toHaveValue(resolve('test'))
})

test('Open: a path typed with Enter; a non-capture and a missing recent file say why, and the stale entry can go', async ({
  app,
}) => {
  await app.waitReady()
  const dialog = new OpenDialogPage(app.page)
  await app.menu('file', 'open')
  await dialog.typePath(resolve('package.json'))
  await expect(dialog.error).toBeVisible()
  await expect(dialog.error).toContainText('package.json')
  // The engine's own message (what happened + what to do), not a generic failure.
  const message = (await dialog.error.textContent()) ?? ''
  expect(message.length).toBeGreaterThan(40)
  await expect(dialog.root).toBeVisible()

  // A capture that existed when it was opened, then vanished: Open Recent reports it as stale.
  const dir = outDir()
  const gone = join(dir, 'gone.pcap')
  copyFileSync(PINGPONG, gone)
  await dialog.typePath(gone)
  await expect(dialog.root).toBeHidden()
  await app.waitLoaded()
  execFileSync('rm', [gone])
  // Chosen from the menu bar's File ▸ Open Recent: the Open dialog comes up to say why.
  await app.menu('file', 'recent-0')
  await expect(dialog.root).toBeVisible()
  await expect(dialog.error).toContainText('gone.pcap')
  await expect(dialog.error).toContainText(/moved or deleted/)
  await app.screenshot('files-open-error')
  await app.page.getByTestId('open-error-remove').click()
  await expect(dialog.root.locator(`[data-testid="open-recent-item"][data-path="${gone}"]`)).toHaveCount(0)
})

test('drag and drop: the window lights up, the file is uploaded and opened', async ({ app }) => {
  await app.waitReady()
  const bytes = new Uint8Array(readFileSync(RST))
  await dropFile(app.page, 'rst-close.pcap', bytes, { drop: false })
  await expect(app.page.getByTestId('drop-highlight')).toBeVisible()
  await app.screenshot('files-drop-highlight')
  await dropFile(app.page, 'rst-close.pcap', bytes)
  await expect(app.page.getByTestId('drop-highlight')).toBeHidden()
  await app.waitLoaded()
  await expect(app.page.getByTestId('status-file')).toContainText('rst-close.pcap')
  await expect(app.page.getByTestId('status-packets')).toContainText(String(tsharkCount(RST)))
  // The server's temporary copy is not remembered as a recent file.
  const recent = await app.page.evaluate(() => localStorage.getItem('wirelite.recentFiles'))
  expect(recent ?? '[]').not.toContain('rst-close.pcap')
  // Something that is not a capture is uploaded too, and the engine says what is wrong with it.
  await dropFile(app.page, 'notes.pcap', new TextEncoder().encode('just some text, not a capture file\n'))
  await expect(app.page.getByTestId('drop-error')).toContainText('notes.pcap')
})

test('Export Specified Packets: the displayed packets of a filter, verified, then re-opened', async ({
  app,
}) => {
  await app.waitReady()
  await app.openCapture(TEARDOWN)
  const filter = 'tcp.flags.fin==1'
  const expected = tsharkCount(TEARDOWN, filter)
  expect(expected).toBeGreaterThan(0)
  const bar = new FilterBarPage(app.page)
  await bar.applyFilter(filter)
  await expect.poll(async () => (await bar.counts()).displayed).toBe(expected)

  const dlg = new ExportDialogPage(app.page)
  await app.menu('file', 'export-specified')
  await expect(dlg.root).toBeVisible()
  await expect(dlg.which('displayed')).toBeChecked()
  // The default target sits next to the open file and says what it holds.
  await expect(dlg.path).toHaveValue(join(FIXTURES, 'seed-002-teardown-filtered.pcapng'))
  const target = join(outDir(), 'fin.pcapng')
  await dlg.path.fill(target)
  await dlg.save.click()
  await expect(dlg.written).toContainText(`${expected} packets`)
  await expect(dlg.verified).toContainText(`${expected} packets`)
  await app.screenshot('files-export-done')
  expect(existsSync(target)).toBe(true)
  expect(tsharkCount(target)).toBe(expected)
  await app.page.getByTestId('export-cancel').click()

  await app.openCapture(target)
  await expect(app.page.getByTestId('status-packets')).toContainText(String(expected))
})

test('Export: a range is validated, pcap format, and the open file itself is refused with the reason', async ({
  app,
}) => {
  await app.waitReady()
  const dir = outDir()
  const open = join(dir, 'open.pcap')
  copyFileSync(TEARDOWN, open)
  await app.openCapture(open)
  const dlg = new ExportDialogPage(app.page)
  await app.menu('file', 'export-specified')
  await dlg.which('range').check()
  await dlg.from.fill('9')
  await dlg.to.fill('3')
  await expect(dlg.blocker).toContainText('From must not be after To')
  await expect(dlg.save).toBeDisabled()
  await dlg.to.fill('999')
  await expect(dlg.blocker).toContainText('Frame numbers go from 1 to 24')
  await dlg.from.fill('3')
  await dlg.to.fill('9')
  await dlg.format.selectOption('pcap')
  const target = join(dir, 'range.pcap')
  await dlg.path.fill(target)
  await dlg.save.click()
  await expect(dlg.written).toContainText('7 packets')
  expect(tsharkCount(target)).toBe(7)
  expect(readFileSync(target).readUInt32LE(0)).toBe(0xa1b2c3d4)

  // The selected packet only: one packet, and the count says so in the singular.
  await app.page.getByTestId('export-cancel').click()
  await app.rowOfFrame(5).click()
  await app.menu('file', 'export-specified')
  await dlg.which('selected').check()
  const one = join(dir, 'one.pcapng')
  await dlg.path.fill(one)
  await dlg.save.click()
  await expect(dlg.written).toContainText('Wrote 1 packet (')
  await expect(dlg.verified).toHaveText('Verified by reading back 1 packet.')
  expect(tsharkCount(one)).toBe(1)

  const before = readFileSync(open)
  await dlg.path.fill(open)
  await dlg.save.click()
  await expect(dlg.error).toContainText('refusing to save over')
  await expect(dlg.error).toContainText('choose another file name')
  await app.screenshot('files-export-same-file')
  expect(readFileSync(open).equals(before)).toBe(true)
})

test('the dialogs speak Chinese when the language is 简体中文, and Escape closes them', async ({ app }) => {
  await app.waitReady()
  await app.page.evaluate(() => localStorage.setItem('wirelite.locale', 'zh-CN'))
  await app.openCapture(PINGPONG)
  await app.menu('file', 'open')
  const dialog = new OpenDialogPage(app.page)
  await expect(dialog.root.locator('h2')).toHaveText('打开抓包文件')
  await expect(dialog.submit).toHaveText('打开')
  await app.screenshot('files-open-dialog-zh')
  await dialog.path.press('Escape')
  await expect(dialog.root).toBeHidden()
  const dlg = new ExportDialogPage(app.page)
  await app.menu('file', 'export-specified')
  await expect(dlg.root.locator('h2')).toHaveText('导出特定分组')
  await expect(dlg.which('displayed').locator('..')).toContainText(`已显示（${tsharkCount(PINGPONG)}）`)
  await dlg.path.press('Escape')
  await expect(dlg.root).toBeHidden()
})
