import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test, expect } from './fixtures/app'
import { StreamView } from './pages/stream-view'
import { writeBigStreamPcap } from '../test/stream-view/big-stream'

/*
 * The follow-stream state view in browser mode (port 41745 for this area: build first, then
 * `WIRELITE_E2E_PORT=41745 npx playwright test e2e/stream-view.spec.ts --project browser`).
 * Expected states come from `wirelite states --json` on the same file, run here.
 */

const FIXTURE = resolve('test/fixtures/seed-003-pingpong.pcap')
const CLI = resolve('out/cli/wirelite.mjs')
const HAS_INSPECTOR = existsSync(resolve('src/renderer/src/components/tcp-inspector/TcpInspector.vue'))

interface StatesRow {
  frame: number
  client: string
  server: string
}

function cliStates(path: string): StatesRow[] {
  const out = execFileSync('node', [CLI, 'states', path, '--stream', '0', '--json'], { encoding: 'utf8' })
  return JSON.parse(out) as StatesRow[]
}

async function shot(view: StreamView, name: string): Promise<void> {
  mkdirSync('e2e/screenshots', { recursive: true })
  await view.page.screenshot({ path: join('e2e', 'screenshots', `${name}.png`) })
}

test.describe('follow-stream state view', () => {
  test.skip(
    ({ runtime }) => runtime !== 'browser',
    'the deep link (?file=&stream=) is the browser-mode entry',
  )

  test('seed-003 ping/pong: 11 arrows, state lanes as the state machine says, phases', async ({ app }) => {
    await app.waitReady()
    const view = new StreamView(app.page)
    await view.openByLink(FIXTURE, 0)
    await expect(view.title).toContainText('0')
    await expect(view.arrows).toHaveCount(11)
    const expected = cliStates(FIXTURE)
    expect(expected).toHaveLength(11)
    const lanes = await view.laneStates()
    expect(lanes.map((l) => l.client)).toEqual(expected.map((e) => e.client))
    expect(lanes.map((l) => l.server)).toEqual(expected.map((e) => e.server))
    // The seed's story, at the right arrows.
    expect(lanes.map((l) => l.client)).toEqual([
      'SYN_SENT',
      'ESTABLISHED',
      'ESTABLISHED',
      'ESTABLISHED',
      'ESTABLISHED',
      'ESTABLISHED',
      'ESTABLISHED',
      'FIN_WAIT_1',
      'FIN_WAIT_2',
      'TIME_WAIT',
      'TIME_WAIT',
    ])
    expect(lanes[1]!.server).toBe('SYN_RECEIVED')
    expect(lanes[2]!.server).toBe('ESTABLISHED')
    expect(lanes.slice(7).map((l) => l.server)).toEqual(['CLOSE_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSED'])
    expect(await view.initialStates()).toEqual({ client: 'CLOSED', server: 'LISTEN' })
    await expect(app.page.getByTestId('phase-label')).toHaveText([
      'three-way handshake',
      'data transfer',
      'teardown (four-way wave)',
    ])
    await expect(app.page.getByTestId('stream-closed-by')).toHaveText('the client closed first')
    // Flags as tcpdump prints them, in order.
    const flags = await view.arrows.evaluateAll((els) => els.map((e) => (e as SVGElement).dataset.flags))
    expect(flags).toEqual(['[S]', '[S.]', '[.]', '[P.]', '[.]', '[P.]', '[.]', '[F.]', '[.]', '[F.]', '[.]'])
    await shot(view, 'stream-view-en')

    // Spacing by time: the 2-second wait before the server's FIN (frame 10) opens a visibly larger gap.
    const shaftY = (i: number): Promise<number> =>
      view
        .arrow(i)
        .locator('line.shaft')
        .evaluate((l) => Number(l.getAttribute('y1')))
    const uniformGap = (await shaftY(9)) - (await shaftY(8))
    await app.page.getByTestId('spacing-time').click()
    await expect.poll(async () => (await shaftY(9)) - (await shaftY(8))).toBeGreaterThan(uniformGap * 3)
    expect((await shaftY(5)) - (await shaftY(4))).toBeLessThan(uniformGap)
  })

  test('retransmissions and dup ACKs are marked (Wireshark retrans sample)', async ({ app }) => {
    const path = resolve('../shared/captures/real/arkime/wireshark-retrans.pcap')
    expect(existsSync(path), `${path} (the shared corpus)`).toBe(true)
    await app.waitReady()
    const view = new StreamView(app.page)
    await view.openByLink(path, 0)
    // Frames 2 and 3 are SYN retransmissions, 7 a dup ACK (as tshark labels them).
    await expect(app.page.locator('[data-testid="ladder-arrow"][data-frame="2"]')).toHaveClass(/retrans/)
    await expect(
      app.page.locator('[data-testid="ladder-arrow"][data-frame="2"] [data-testid="analysis-badge"]'),
    ).toHaveText('retransmission')
    await expect(
      app.page.locator('[data-testid="ladder-arrow"][data-frame="7"] [data-testid="analysis-badge"]'),
    ).toHaveText('dup ACK')
    await expect(app.page.locator('[data-testid="ladder-arrow"][data-frame="1"]')).toHaveClass(/c-tcp-syn/)
    await shot(view, 'stream-view-retrans')
  })

  test('a capture that starts mid-connection draws assumed states', async ({ app }) => {
    const dir = mkdtempSync(join(tmpdir(), 'wirelite-e2e-mid-'))
    const path = join(dir, 'mid.pcap')
    writeBigStreamPcap(path, 20, { midStream: true })
    await app.waitReady()
    const view = new StreamView(app.page)
    await view.openByLink(path, 0)
    const first = app.page.locator('[data-testid="lane-client"][data-index="0"]')
    await expect(first).toHaveText('ESTABLISHED')
    await expect(first).toHaveClass(/assumed/)
    // The FINs pin the states down: the last packets are no longer assumed.
    const last = app.page.locator('[data-testid="lane-server"][data-index="16"]')
    await view.press('End')
    await expect(last).toHaveText('CLOSED')
    await expect(last).not.toHaveClass(/assumed/)
  })

  test('keyboard step-through, the SYN/ACK explanation, its acked segment, the packet list follows', async ({
    app,
  }) => {
    await app.waitReady()
    const view = new StreamView(app.page)
    await view.openByLink(FIXTURE, 0)
    await view.scroller.focus()
    await view.press('ArrowRight')
    await expect(view.selectedArrow()).toHaveAttribute('data-index', '0')
    await view.press('ArrowRight')
    await expect(view.selectedArrow()).toHaveAttribute('data-index', '1')
    await expect(view.explanationText).toContainText('ack 2099912038 = client ISN 2099912037 + 1')
    await expect(view.explanationText).toContainText('seq 2547375254 is the server ISN')
    await view.press('ArrowLeft')
    await expect(view.selectedArrow()).toHaveAttribute('data-index', '0')
    await view.press('End')
    await expect(view.selectedArrow()).toHaveAttribute('data-index', '10')
    await expect(view.position).toHaveText('packet 11 of 11')

    // Click the SYN/ACK: explanation, the line to the SYN it acknowledges, state reasons.
    await view.arrow(1).click()
    await expect(view.selectedArrow()).toHaveAttribute('data-frame', '2')
    await expect(view.explanationText).toContainText('ack 2099912038 = client ISN 2099912037 + 1')
    await expect(app.page.getByTestId('ack-link')).toHaveAttribute('data-frame', '1')
    await expect(app.page.getByTestId('explain-acks')).toContainText('frame 1')
    await expect(app.page.getByTestId('explain-reasons')).toContainText(
      'received SYN/ACK acknowledging its SYN',
    )
    await shot(view, 'stream-view-synack-en')

    // Step mode: only the revealed arrows are drawn; → reveals the next one.
    await view.stepMode().check()
    await expect(view.arrows).toHaveCount(1)
    await view.scroller.focus()
    await view.press('ArrowRight')
    await view.press('ArrowRight')
    await expect(view.arrows).toHaveCount(3)
    await expect(view.page.locator('[data-testid="lane-server"][data-index="2"]')).toHaveText('ESTABLISHED')
    await view.press('ArrowLeft')
    await expect(view.arrows).toHaveCount(2)

    // The packet list (and the TCP inspector, where it exists) follow the selection.
    await view.arrow(1).click()
    await view.press('Escape')
    await expect(view.root).toBeHidden()
    await expect(app.page.locator('[data-testid="packet-row"][aria-selected="true"]')).toHaveAttribute(
      'data-frame',
      '2',
    )
    if (HAS_INSPECTOR) {
      await app.page.getByTestId('tab-tcp').click()
      await expect(app.page.getByTestId('tcp-inspector')).toContainText('2547375254')
    }
  })

  test('entry points: Ctrl+Shift+F on a packet of the list, and the filter tcp.stream == 0', async ({
    app,
  }) => {
    await app.waitReady()
    await app.openCapture(FIXTURE)
    const view = new StreamView(app.page)
    await app.rowOfFrame(5).click()
    await expect(app.selectedRow()).toHaveAttribute('data-frame', '5')
    await app.page.keyboard.press('Control+Shift+F')
    await view.waitOpen()
    await expect(view.arrows).toHaveCount(11)
    // Opened from a packet: the ladder starts with that packet selected.
    await expect(view.selectedArrow()).toHaveAttribute('data-frame', '5')
    await view.press('Escape')
    await expect(view.root).toBeHidden()
    await app.page.getByTestId('filter-input').fill('tcp.stream == 0')
    await app.page.getByTestId('filter-input').press('Enter')
    await view.waitOpen()
    await expect(view.title).toHaveText('TCP stream 0')
  })

  test('hide-next quiz grades a prediction and reveals the packet', async ({ app }) => {
    await app.waitReady()
    const view = new StreamView(app.page)
    await view.openByLink(FIXTURE, 0)
    await view.quizMode().check()
    await expect(view.arrows).toHaveCount(1)
    await view.scroller.focus()
    await view.press('ArrowRight')
    const quiz = app.page.getByTestId('quiz')
    await expect(quiz).toBeVisible()
    await expect(view.arrows).toHaveCount(1) // still hidden while the student thinks
    // Relative numbers: the SYN/ACK is seq 0 ack 1; the server moves to SYN_RECEIVED — predict one wrong.
    await app.page.getByTestId('quiz-seq').fill('0')
    await app.page.getByTestId('quiz-ack').fill('2')
    await app.page.getByTestId('quiz-client').selectOption('ESTABLISHED')
    await app.page.getByTestId('quiz-check').click()
    await expect(view.arrows).toHaveCount(2)
    await expect(app.page.getByTestId('quiz-verdict-seq')).toHaveClass(/right/)
    await expect(app.page.getByTestId('quiz-verdict-ack')).toHaveClass(/wrong/)
    await expect(app.page.getByTestId('quiz-verdict-ack')).toContainText('1')
    await expect(app.page.getByTestId('quiz-score')).toHaveText('2 of 3 right')
  })

  test('payload chunks select their packets; the text export is the seed-style table', async ({ app }) => {
    await app.waitReady()
    const view = new StreamView(app.page)
    await view.openByLink(FIXTURE, 0)
    const chunks = app.page.getByTestId('payload-chunk')
    await expect(chunks).toHaveCount(2)
    await expect(chunks.nth(0)).toContainText('ping')
    await expect(chunks.nth(1)).toContainText('pong')
    await chunks.nth(1).click()
    await expect(view.selectedArrow()).toHaveAttribute('data-frame', '6')
    await expect(app.page.locator('[data-testid="ladder-arrow"].in-chunk')).toHaveCount(1)
    await expect(app.page.locator('[data-testid="ladder-arrow"].in-chunk')).toHaveAttribute('data-frame', '6')
    await app.page.getByTestId('payload-mode-hex').click()
    await expect(chunks.nth(0)).toContainText('70 69 6e 67')
    await app.page.getByTestId('seq-absolute').click()
    const download = app.page.waitForEvent('download')
    await app.page.getByTestId('export-text').click()
    const file = await download
    expect(file.suggestedFilename()).toBe('tcp-stream-0.txt')
    const table = app.page.getByTestId('stream-table-text')
    await expect(table).toContainText('Client')
    await expect(table).toContainText('seq = 2099912037')
    await expect(table).toContainText('seq = 2547375254 ack = 2099912038')
    // SVG and PNG downloads.
    const svg = app.page.waitForEvent('download')
    await app.page.getByTestId('export-svg').click()
    const svgFile = await svg
    expect(svgFile.suggestedFilename()).toBe('tcp-stream-0.svg')
    // A standalone drawing: every packet's label, the lanes, styles written inline (no app CSS needed).
    const svgText = readFileSync((await svgFile.path())!, 'utf8')
    expect(svgText).toContain('<svg')
    expect(svgText).toContain('[S.] seq 2547375254 ack 2099912038')
    expect(svgText).toContain('TIME_WAIT')
    expect(svgText).toMatch(/style="[^"]*fill:/)
    expect(svgText).not.toContain('var(--wl-')
    const png = app.page.waitForEvent('download')
    await app.page.getByTestId('export-png').click()
    const pngFile = await png
    expect(pngFile.suggestedFilename()).toBe('tcp-stream-0.png')
    const pngBytes = readFileSync((await pngFile.path())!)
    expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(pngBytes.length).toBeGreaterThan(5000)
  })

  test('Chinese: lanes keep RFC names, phases and the explanation are in Chinese', async ({ app }) => {
    await app.waitReady()
    const view = new StreamView(app.page)
    await view.openByLink(FIXTURE, 0)
    await app.page.getByTestId('stream-locale').click()
    await expect(view.title).toHaveText('TCP 流 0')
    await expect(app.page.getByTestId('phase-label')).toHaveText(['三次握手', '数据传输', '四次挥手'])
    await expect(app.page.getByTestId('stream-closed-by')).toHaveText('客户端先关闭')
    await view.arrow(1).click()
    await expect(view.explanationText).toContainText('ack 2099912038 = 客户端 ISN 2099912037 + 1')
    await expect(app.page.getByTestId('explain-reasons')).toContainText('收到确认自己 SYN 的 SYN/ACK')
    await shot(view, 'stream-view-zh')
    await app.page.getByTestId('stream-locale').click()
    await expect(view.title).toHaveText('TCP stream 0')
  })

  test('a 100k-packet stream opens and steps (times printed, not asserted)', async ({ app }) => {
    test.setTimeout(180_000)
    const dir = mkdtempSync(join(tmpdir(), 'wirelite-e2e-stream-'))
    const path = join(dir, 'stream-100k.pcap')
    writeBigStreamPcap(path, 100_000)
    await app.waitReady()
    const view = new StreamView(app.page)
    await view.openByLink(path, 0)
    await expect(app.page.getByTestId('stream-packets')).toHaveText('100000 packets')
    const firstOpen = await view.openMs()
    const firstFetch = await view.fetchMs()
    const firstEngine = await view.engineMs()
    // Re-open from the keyboard with a packet selected: time from the key to the first arrow drawn.
    await view.arrow(3).click()
    // The packet list follows the ladder's selection once stepping pauses.
    await expect(app.page.locator('[data-testid="packet-row"][aria-selected="true"]')).toHaveAttribute(
      'data-frame',
      '4',
    )
    await view.press('Escape')
    await expect(view.root).toBeHidden()
    const reopen = await app.page.evaluate(async () => {
      const t0 = performance.now()
      window.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'F', ctrlKey: true, shiftKey: true, bubbles: true }),
      )
      while (!document.querySelector('[data-testid="ladder-arrow"]'))
        await new Promise((r) => setTimeout(r, 1))
      return performance.now() - t0
    })
    // Only the visible arrows are drawn.
    expect(await view.drawnCount()).toBeLessThan(200)
    // Steps: from the key event to the selection having moved in the DOM (latency as a script sees it),
    // and the view's own measure: script + DOM patch, and until the next frame was painted.
    const steps = await app.page.evaluate(async () => {
      const latency: number[] = []
      const patch: number[] = []
      const frame: number[] = []
      const scroller = document.querySelector('[data-testid="ladder-scroll"]') as HTMLElement
      const sel = (): string | undefined =>
        (document.querySelector('[data-testid="ladder-arrow"].is-selected') as SVGElement | null)?.dataset
          .index
      for (let k = 0; k < 200; k++) {
        const before = sel()
        const count = scroller.dataset.stepCount
        const t0 = performance.now()
        window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }))
        while (sel() === before) {
          if (performance.now() - t0 > 5000) throw new Error(`step ${k} did not move the selection`)
          await new Promise((r) => setTimeout(r, 0))
        }
        latency.push(performance.now() - t0)
        while (scroller.dataset.stepCount === count) {
          if (performance.now() - t0 > 5000) throw new Error(`step ${k} was not measured`)
          await new Promise((r) => setTimeout(r, 0))
        }
        patch.push(Number(scroller.dataset.stepPatchMs))
        frame.push(Number(scroller.dataset.stepFrameMs))
      }
      return { latency, patch, frame }
    })
    // Baseline on this machine: an idle frame (rAF then a task), nothing changed.
    const idle = await app.page.evaluate(async () => {
      const out: number[] = []
      for (let k = 0; k < 50; k++) {
        const t0 = performance.now()
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))
        out.push(performance.now() - t0)
      }
      return out
    })
    // Jump to the end (a page deep in the stream is fetched), then step there.
    const jump = await app.page.evaluate(async () => {
      const t0 = performance.now()
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }))
      const want = '99999'
      while (
        (document.querySelector('[data-testid="ladder-arrow"].is-selected') as SVGElement | null)?.dataset
          .index !== want
      ) {
        if (performance.now() - t0 > 20_000) throw new Error('End did not reach the last packet')
        await new Promise((r) => setTimeout(r, 1))
      }
      return performance.now() - t0
    })
    await expect(view.page.locator('[data-testid="lane-client"][data-index="99999"]')).toHaveText('TIME_WAIT')
    await expect(view.page.locator('[data-testid="lane-server"][data-index="99999"]')).toHaveText('CLOSED')
    const stats = (xs: number[]): string => {
      const v = [...xs].sort((a, b) => a - b)
      const mean = v.reduce((a, b) => a + b, 0) / v.length
      return `mean ${mean.toFixed(2)} / p95 ${v[Math.floor(v.length * 0.95)]!.toFixed(2)} / max ${v[v.length - 1]!.toFixed(2)} ms`
    }
    console.log(
      `[stream-view perf] 100k-packet stream: first open ${firstOpen.toFixed(1)} ms (view-measured: ` +
        `stream.ladder round trip ${firstFetch.toFixed(1)} ms of which engine ${firstEngine.toFixed(1)} ms, then draw); ` +
        `re-open by Ctrl+Shift+F ${reopen.toFixed(1)} ms; 200 steps: script+patch ${stats(steps.patch)}, ` +
        `to next painted frame ${stats(steps.frame)} (idle frame, no step: ${stats(idle)}), key-to-DOM latency ${stats(steps.latency)}; ` +
        `jump to the last packet ${jump.toFixed(1)} ms`,
    )
    await shot(view, 'stream-view-100k')
  })
})
