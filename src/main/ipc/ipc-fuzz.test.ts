import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { IpcMainInvokeEvent } from 'electron'
import {
  IPC_ERROR_CODES,
  ENGINE_CHANNELS,
  IPC_REQUEST_CHANNELS,
  type IpcErrorCode,
  type IpcResult,
} from '../../shared/ipc/contract'
import { EngineService } from '../engine/service/engine-service'
import { foreignChannel, hostileRequest } from '../../../test/hardening/support/ipc-arbitraries'

/*
 * Main's IPC surface under a hostile page (issue 7): registerIpcHandlers with the real shell handlers
 * (handlers.ts, over a fake electron) and the real engine service as the forward, exactly as index.ts
 * wires them. Channels come from the contract's lists, so a channel added there is fuzzed here too.
 *
 * - only the contract's channels get a handler, all through ipcMain.handle (none through ipcMain.on);
 * - a call from another page, a sub-frame or a destroyed frame is refused before any handler runs;
 * - every channel, fed arbitrary arguments from our own page, answers a well-formed IpcResult that
 *   survives the trip back to the renderer (structured clone) — never a throw, never a hang.
 *
 * FUZZ_SEED / FUZZ_IPC_RUNS explore more; FUZZ_IPC_REPORT=<file> writes the figures for `npm run fuzz`.
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 0x5eed_0007
const RUNS = process.env.FUZZ_IPC_RUNS ? Number(process.env.FUZZ_IPC_RUNS) : 40
const HANG_MS = 10_000
/** Time budget per channel (the rest of the 30 s test timeout is for a hang to show). */
const BUDGET_MS = 8_000

// ---- a fake electron: records handlers; dialogs always cancel; nothing is shown or sent.
type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown
const handled = new Map<string, Listener>()
const onListeners: string[] = []
const shellCalls: string[] = []
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: Listener) => {
      if (handled.has(channel)) throw new Error(`second handler for ${channel}`)
      handled.set(channel, fn)
    },
    on: (channel: string) => void onListeners.push(channel),
    once: (channel: string) => void onListeners.push(channel),
  },
  app: { getVersion: () => '0.0.0-fuzz', isPackaged: false },
  dialog: {
    showOpenDialog: async () => (shellCalls.push('showOpenDialog'), { canceled: true, filePaths: [] }),
    showSaveDialog: async () => (shellCalls.push('showSaveDialog'), { canceled: true, filePath: '' }),
  },
}))

const { registerIpcHandlers } = await import('./register-handlers')
const { mainHandlers } = await import('./handlers')

const APP_URL = 'file:///opt/wirelite/out/renderer/index.html'
const CAPTURE = resolve(__dirname, '../../../test/fixtures/seed-000-http.pcap')
const ERROR_CODES: readonly IpcErrorCode[] = IPC_ERROR_CODES

let engine: EngineService
let tmp = ''
let openId = 0
const forwarded: string[] = []
const recent: string[] = []

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'wirelite-ipc-fuzz-'))
  writeFileSync(join(tmp, 'not-a-capture.pcap'), 'hello')
  engine = new EngineService()
  registerIpcHandlers(
    mainHandlers(() => null, { list: () => [...recent], add: (p) => void recent.push(p), clear: () => {} }),
    (channel, request) => {
      forwarded.push(channel)
      return engine.handle(channel, request)
    },
    () => APP_URL,
  )
  // fileId 1: an open, fully indexed capture, so field checks past "no such file" are reached too.
  await ensureOpen()
})

/** The fuzz of file.close closes the capture now and then: open it again so later channels get past "no such file". */
async function ensureOpen(): Promise<void> {
  if ((await invoke('file.rows', { fileId: openId, start: 0, count: 1 })).ok) return
  const r = await invoke('file.open', { path: CAPTURE })
  if (!r.ok) throw new Error(r.error)
  openId = (r.value as { fileId: number }).fileId
  await engine.whenLoaded(openId)
}

afterAll(async () => {
  await engine.dispose()
  rmSync(tmp, { recursive: true, force: true })
})

// ---- senders
interface FakeFrame {
  url: string
}
function eventFrom(kind: 'app' | 'subframe' | 'other-url' | 'destroyed', url = APP_URL): IpcMainInvokeEvent {
  const mainFrame: FakeFrame = { url: kind === 'other-url' ? url : APP_URL }
  const senderFrame = kind === 'destroyed' ? null : kind === 'subframe' ? { url } : mainFrame
  return { sender: { mainFrame }, senderFrame } as unknown as IpcMainInvokeEvent
}

/** ipcRenderer.invoke as Electron does it: the argument and the answer are structured clones. */
async function invoke(
  channel: string,
  request: unknown,
  event = eventFrom('app'),
): Promise<IpcResult<unknown>> {
  const fn = handled.get(channel)
  if (!fn) throw new Error(`No handler registered for '${channel}'`)
  const arg = structuredClone(request)
  let timer: NodeJS.Timeout | undefined
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${channel} did not answer in ${HANG_MS} ms`)), HANG_MS)
  })
  try {
    const r = await Promise.race([Promise.resolve(fn(event, arg)), hang])
    return structuredClone(r) as IpcResult<unknown>
  } finally {
    clearTimeout(timer)
  }
}

/** Why `r` is not a well-formed IpcResult, or null when it is (messages built only on failure: cheap). */
function malformed(r: unknown): string | null {
  if (typeof r !== 'object' || r === null) return `not an object: ${String(r)}`
  const o = r as Record<string, unknown>
  if (typeof o.ok !== 'boolean') return 'no boolean ok'
  if (o.ok) return 'value' in o ? null : 'ok without value'
  if (typeof o.error !== 'string' || o.error.length === 0) return 'failure without a message'
  const detail = o.detail as { code?: string } | undefined
  if (detail !== undefined && !ERROR_CODES.includes(detail.code as IpcErrorCode))
    return `unknown error code ${String(detail.code)}`
  // Internal errors are bugs in the handler's checks, not answers.
  if (detail?.code === 'internal') return `internal error: ${o.error}`
  return null
}

describe('IPC registration', () => {
  it("handles exactly the contract's channels, all with invoke semantics (no ipcMain.on)", () => {
    expect([...handled.keys()].sort()).toEqual([...IPC_REQUEST_CHANNELS].sort())
    expect(onListeners).toEqual([])
  })

  it('channels outside the contract have no handler (Electron rejects the invoke)', () => {
    fc.assert(
      fc.property(foreignChannel(IPC_REQUEST_CHANNELS), (channel) => {
        expect(handled.has(channel)).toBe(false)
      }),
      { seed: SEED, numRuns: 200 },
    )
  })
})

const kinds = [
  ['a sub-frame of our page', eventFrom('subframe')],
  ['a sub-frame on another site', eventFrom('subframe', 'https://evil.example/')],
  ['our window navigated to another site', eventFrom('other-url', 'https://evil.example/')],
  ['another local file', eventFrom('other-url', 'file:///tmp/evil.html')],
  ['our page with another path', eventFrom('other-url', 'file:///opt/wirelite/out/renderer/evil.html')],
  ['a data: page', eventFrom('other-url', 'data:text/html,<script>1</script>')],
  ['a destroyed frame', eventFrom('destroyed')],
] as const

describe('senders other than our page', () => {
  it('(control) the same calls from our page are answered', async () => {
    expect(await invoke('app.version', undefined)).toEqual({ ok: true, value: '0.0.0-fuzz' })
    expect(await invoke('dialog.openCapture', undefined)).toEqual({ ok: true, value: null })
    expect(shellCalls).toContain('showOpenDialog')
    const rows = await invoke('file.rows', { fileId: 1, start: 0, count: 1 })
    expect(rows.ok).toBe(true)
  })

  it.each(kinds)('%s: every channel refuses before any handler runs', async (_name, event) => {
    const before = { forwarded: forwarded.length, shell: shellCalls.length, recent: recent.length }
    for (const channel of IPC_REQUEST_CHANNELS) {
      for (const request of [
        undefined,
        { fileId: 1 },
        { path: CAPTURE },
        { path: '/tmp/x', format: 'pcap' },
      ]) {
        const r = await invoke(channel, request, event)
        report.untrustedCalls++
        expect(r, channel).toMatchObject({
          ok: false,
          detail: { code: 'bad-request', reason: 'untrusted-sender' },
        })
      }
    }
    expect(forwarded.length).toBe(before.forwarded)
    expect(shellCalls.length).toBe(before.shell)
    expect(recent.length).toBe(before.recent)
  })
})

describe('arbitrary arguments from our page', () => {
  // Paths the fuzz may pick: inside the temp dir (export/save targets), the open capture itself
  // (same-file), relative, special files, a directory, a non-capture.
  const paths = () => [
    join(tmp, 'out.pcap'),
    join(tmp, 'no/such/dir/out.pcapng'),
    tmp,
    join(tmp, 'not-a-capture.pcap'),
    CAPTURE,
    'relative.pcap',
    '/dev/null',
    '/proc/self/status',
  ]

  it.each(IPC_REQUEST_CHANNELS.map((c) => [c]))('%s: always a well-formed IpcResult', async (channel) => {
    await ensureOpen()
    let calls = 0
    await fc.assert(
      fc.asyncProperty(hostileRequest(paths()), async (request) => {
        const r = await invoke(channel, request)
        calls++
        const why = malformed(r)
        if (why) throw new Error(`${channel} ${safeJson(request)}: ${why}`)
        const outcome = r.ok ? 'ok' : (r.detail?.code ?? 'no code')
        report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1
      }),
      // A channel whose every call does real work (listing interfaces spawns the capture helper) gets
      // a time budget instead of a run count: it stops early, and the report says how many ran.
      {
        seed: SEED + IPC_REQUEST_CHANNELS.indexOf(channel),
        numRuns: RUNS,
        interruptAfterTimeLimit: BUDGET_MS,
        markInterruptAsFailure: false,
      },
    )
    report.calls[channel] = calls
  })

  it('engine channels reach the engine, shell channels stay in main', () => {
    const engineSet = new Set<string>(ENGINE_CHANNELS)
    expect(forwarded.every((c) => engineSet.has(c))).toBe(true)
    for (const c of ENGINE_CHANNELS) expect(forwarded, c).toContain(c)
  })
})

const report = {
  calls: {} as Record<string, number>,
  outcomes: {} as Record<string, number>,
  untrustedCalls: 0,
}
afterAll(() => {
  const file = process.env.FUZZ_IPC_REPORT
  if (file)
    writeFileSync(
      file,
      JSON.stringify({
        seed: SEED,
        runsPerChannel: RUNS,
        budgetMsPerChannel: BUDGET_MS,
        channels: Object.keys(report.calls).length,
        calls: Object.values(report.calls).reduce((a, b) => a + b, 0),
        callsByChannel: report.calls,
        outcomes: report.outcomes,
        untrustedSenders: kinds.length,
        untrustedCalls: report.untrustedCalls,
      }),
    )
})

function safeJson(v: unknown): string {
  try {
    return (JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)) ?? String(v)).slice(
      0,
      300,
    )
  } catch {
    return '(unprintable)'
  }
}
