// Section "gui": the UI in browser mode (`wirelite serve` + the system Chromium driven by Playwright) on the
// bench capture: open → first rows painted and → fully indexed, frame times while scrolling the packet
// list from the top to the bottom, and a display filter over all rows (engine time and UI round trip).
//
// Times come from performance marks the renderer sets (stores/capture.ts, packet-list/PacketList.vue):
// wl-open-start (the store starts the open), wl-first-rows (first rows on screen, just after the paint),
// wl-indexed (the engine reported the file done). The open is measured twice: "cold" is the page loaded
// with &file= (page start, WebSocket connect, engine worker warm-up included), "warm" is File ▸ Open Recent
// on the same file in the running page — what a user sees opening a capture in an open window.
// The page.evaluate callbacks below run in the browser.
/* global document, requestAnimationFrame, MutationObserver */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { skipped, stealMeter, summarize, withinFrameGoal } from '../report.mjs'

const FILTER = 'tcp.flags.syn==1 && tcp.flags.ack==0'
const SCROLL_FRAMES = 600
const GOALS = { firstRowsMs: 150, frameP95Ms: 16.7, filterMs: 100 }

export const guiSection = {
  name: 'gui',
  title: 'GUI in browser mode (Chromium): open, scroll, filter',
  async run(ctx) {
    const { root, file, packets, node, cli } = ctx
    const chromiumPath = process.env.WIRELITE_CHROMIUM || '/usr/bin/chromium'
    const skip = (why) => skipped('wirelite serve + Chromium', why)
    if (!existsSync(join(root, 'out', 'renderer', 'index.html')))
      return skip('renderer not built (npx electron-vite build)')
    if (!existsSync(chromiumPath)) return skip(`${chromiumPath} not installed`)
    const { chromium } = await import('@playwright/test')

    const server = spawn(node, [cli, 'serve'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let browser = null
    try {
      const url = await firstLine(server)
      browser = await chromium.launch({
        executablePath: chromiumPath,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
      })
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      const marks = () =>
        page.evaluate(() =>
          Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])),
        )
      const waitIndexed = () =>
        page.waitForFunction(() => performance.getEntriesByName('wl-indexed').length > 0, null, {
          timeout: 600_000,
          polling: 50,
        })
      const waitFirstRows = () =>
        page.waitForFunction(() => performance.getEntriesByName('wl-first-rows').length > 0, null, {
          timeout: 600_000,
          polling: 20,
        })

      // 1. cold: the page opens the file given in its URL (as `wirelite serve FILE` does)
      await page.goto(`${url}&file=${encodeURIComponent(file)}`)
      await waitIndexed()
      await waitFirstRows()
      const cold = await marks()

      // 2. warm: File ▸ Open Recent ▸ the same file, in the running page
      await page.getByTestId('menu-file').click()
      await page.getByTestId('menuitem-recent-0').click()
      await waitIndexed()
      await waitFirstRows()
      const warm = await marks()
      const span = (m, name) => (m[name] !== undefined ? m[name] - m['wl-open-start'] : null)
      const open = {
        coldFirstRowsMs: span(cold, 'wl-first-rows'),
        coldIndexedMs: span(cold, 'wl-indexed'),
        firstRowsMs: span(warm, 'wl-first-rows'),
        indexedMs: span(warm, 'wl-indexed'),
      }
      const displayed = await page.getByTestId('status-packets').textContent()

      // 3. scroll the list from the top to the bottom in SCROLL_FRAMES frames (scrollbar-style jumps)
      await page.getByTestId('packet-scroller').focus()
      // Main-thread work of the page during the scroll (Chromium's own counters): tells the page's cost
      // apart from waiting for a CPU on a busy machine.
      const cdp = await page.context().newCDPSession(page)
      await cdp.send('Performance.enable')
      const metric = async () =>
        Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]))
      const m0 = await metric()
      const stolen = stealMeter()
      const scroll = await page.evaluate(async (frames) => {
        const el = document.querySelector('[data-testid="packet-scroller"]')
        const filled = () => {
          const rows = document.querySelectorAll('[data-testid="packet-row"]')
          let n = 0
          for (const r of rows) if (r.dataset.frame) n++
          return rows.length ? n / rows.length : 0
        }
        const max = el.scrollHeight - el.clientHeight
        const deltas = []
        let filledSum = 0
        el.scrollTop = 0
        // Frame times from requestAnimationFrame's own timestamps (each frame's start, on the display's
        // beat), not performance.now() after the await: that adds the promise's scheduling jitter, which
        // alone puts an idle page's p95 at ~18 ms here.
        const frame = () => new Promise((r) => requestAnimationFrame(r))
        await frame()
        let prev = await frame()
        for (let i = 1; i <= frames; i++) {
          el.scrollTop = (max * i) / frames
          const now = await frame()
          deltas.push(now - prev)
          prev = now
          filledSum += filled()
        }
        // then wait for the last screen to fill in
        const t0 = performance.now()
        while (filled() < 1 && performance.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 10))
        const lastFrame = document.querySelector('[data-testid="packet-row"]:last-child')?.dataset.frame
        return { deltas, filledAvg: filledSum / frames, settleMs: performance.now() - t0, lastFrame }
      }, SCROLL_FRAMES)
      const m1 = await metric()
      const scrollStealPct = stolen()
      const busy = {
        taskMsPerFrame: ((m1.TaskDuration - m0.TaskDuration) * 1000) / SCROLL_FRAMES,
        scriptMsPerFrame: ((m1.ScriptDuration - m0.ScriptDuration) * 1000) / SCROLL_FRAMES,
        layoutStyleMsPerFrame:
          ((m1.LayoutDuration - m0.LayoutDuration + m1.RecalcStyleDuration - m0.RecalcStyleDuration) * 1000) /
          SCROLL_FRAMES,
      }
      // The same loop over an empty page in the same browser: the floor this browser and machine reach.
      const blank = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      await blank.setContent(
        '<div id="s" style="height:100vh;overflow:auto"><div style="height:10000000px"></div></div>',
      )
      const floorDeltas = await blank.evaluate(async (frames) => {
        const el = document.getElementById('s')
        const frame = () => new Promise((r) => requestAnimationFrame(r))
        const max = el.scrollHeight - el.clientHeight
        const out = []
        await frame()
        let prev = await frame()
        for (let i = 1; i <= frames; i++) {
          el.scrollTop = (max * i) / frames
          const now = await frame()
          out.push(now - prev)
          prev = now
        }
        return out
      }, SCROLL_FRAMES)
      await blank.close()
      const floor = summarize(floorDeltas)
      const frames = summarize(scroll.deltas)

      // 4. display filter over every row: engine time (status bar) and click → rows repainted; the first
      // filter of the session (compiling and JIT warm-up included), then again after another filter
      const applyFilter = async (text) => {
        await page.getByTestId('filter-input').fill(text)
        const r = await page.evaluate(applyAndWait)
        const engineText = (await page.getByTestId('status-filter-time').textContent()) ?? ''
        return { ...r, engineMs: Number((/([\d.]+)\s*ms/.exec(engineText) ?? [])[1]) }
      }
      const applyAndWait = async () => {
        const status = document.querySelector('[data-testid="status-displayed"]')
        const before = status.textContent
        const firstRow = () => document.querySelector('[data-testid="packet-row"]')
        const frameBefore = firstRow()?.dataset.frame
        const t0 = performance.now()
        document.querySelector('[data-testid="filter-apply"]').click()
        await new Promise((res) => {
          const mo = new MutationObserver(() => {
            if (status.textContent !== before) {
              mo.disconnect()
              res()
            }
          })
          mo.observe(status, { characterData: true, childList: true, subtree: true })
        })
        const counted = performance.now() - t0
        // the first row of the new view drawn with its texts, then the paint
        const deadline = performance.now() + 10_000
        while (performance.now() < deadline) {
          const f = firstRow()?.dataset.frame
          if (f && f !== frameBefore) break
          await new Promise((r) => requestAnimationFrame(r))
        }
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))
        return { countedMs: counted, paintedMs: performance.now() - t0, displayed: status.textContent }
      }
      const first = await applyFilter(FILTER)
      await applyFilter('tcp.port == 80')
      const filt = await applyFilter(FILTER)
      const engineMs = filt.engineMs
      const peakRssKB = vmHwm(server.pid)

      const fmt = (x) => (x === null || !Number.isFinite(x) ? 'n/a' : `${x.toFixed(1)} ms`)
      const ratio = (x, goal) =>
        x === null || !Number.isFinite(x) ? '' : ` = ${(x / goal).toFixed(2)}× goal`
      const indexedS = open.indexedMs !== null ? open.indexedMs / 1000 : null
      return {
        rows: [
          {
            tool: 'wirelite serve + Chromium: open → indexed (warm)',
            wallS: indexedS,
            cpuS: null,
            pps: indexedS ? packets / indexedS : null,
            peakRssKB,
            code: indexedS === null ? null : 0,
            note: indexedS === null ? 'did not finish' : '',
          },
        ],
        facts: [
          [
            'open → first rows painted (warm, File ▸ Open Recent)',
            fmt(open.firstRowsMs) + ratio(open.firstRowsMs, GOALS.firstRowsMs),
            `goal ≤ ${GOALS.firstRowsMs} ms`,
            open.firstRowsMs !== null && open.firstRowsMs <= GOALS.firstRowsMs,
          ],
          ['open → fully indexed (warm)', fmt(open.indexedMs), '', null],
          [
            'cold open (page load with &file=): first rows / indexed',
            `${fmt(open.coldFirstRowsMs)} / ${fmt(open.coldIndexedMs)}`,
            '',
            null,
          ],
          [
            `scroll top → bottom, ${frames.n} frames: frame time p50 / p95 / max`,
            `${fmt(frames.p50)} / ${fmt(frames.p95)} / ${fmt(frames.max)}` +
              (scrollStealPct === null ? '' : ` (VM steal ${scrollStealPct.toFixed(1)} %)`) +
              ratio(frames.p95, GOALS.frameP95Ms),
            `goal p95 ≤ ${GOALS.frameP95Ms} ms`,
            withinFrameGoal(frames.p95, GOALS.frameP95Ms),
          ],
          [
            'an empty page scrolled the same way (this browser and machine): p50 / p95 / max',
            `${fmt(floor.p50)} / ${fmt(floor.p95)} / ${fmt(floor.max)}`,
            '',
            null,
          ],
          [
            'page main thread per scroll frame: all tasks / script / style + layout',
            `${fmt(busy.taskMsPerFrame)} / ${fmt(busy.scriptMsPerFrame)} / ${fmt(busy.layoutStyleMsPerFrame)}`,
            '',
            null,
          ],
          [
            'rows with texts while scrolling (avg per frame) / last screen filled after',
            `${(scroll.filledAvg * 100).toFixed(0)}% / ${fmt(scroll.settleMs)} (last row: frame ${scroll.lastFrame})`,
            '',
            null,
          ],
          [
            `filter ${FILTER}, first of the session: engine / click → rows painted`,
            `${fmt(first.engineMs)} / ${fmt(first.paintedMs)}`,
            '',
            null,
          ],
          [
            `filter ${FILTER} (again): engine`,
            fmt(engineMs) + ratio(engineMs, GOALS.filterMs),
            `goal ≤ ${GOALS.filterMs} ms`,
            Number.isFinite(engineMs) && engineMs <= GOALS.filterMs,
          ],
          [
            'filter (again): UI round trip (click → count shown / → rows painted)',
            `${fmt(filt.countedMs)} / ${fmt(filt.paintedMs)}` + ratio(filt.paintedMs, GOALS.filterMs),
            `goal ≤ ${GOALS.filterMs} ms`,
            filt.paintedMs <= GOALS.filterMs,
          ],
          ['displayed after the filter', `${filt.displayed} (of ${displayed})`, '', null],
        ],
        json: {
          open,
          frames,
          floor,
          scrollStealPct,
          scroll: { ...scroll, deltas: undefined },
          filter: { first, again: filt },
          peakRssKB,
        },
      }
    } finally {
      await browser?.close()
      server.kill('SIGTERM')
    }
  },
}

/** Resolves with the first stdout line of the server (its URL). */
function firstLine(child) {
  return new Promise((resolve, reject) => {
    let buf = ''
    let err = ''
    const timer = setTimeout(() => reject(new Error(`wirelite serve printed no URL: ${err.trim()}`)), 30_000)
    child.stderr.on('data', (d) => (err += d))
    child.stdout.on('data', (d) => {
      buf += d
      const i = buf.indexOf('\n')
      if (i >= 0) {
        clearTimeout(timer)
        resolve(buf.slice(0, i).trim())
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`wirelite serve exited (${code}): ${err.trim()}`))
    })
  })
}

/** Peak resident memory of a process (kB) from /proc, or null where there is no /proc. */
function vmHwm(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) : null
  } catch {
    return null
  }
}
