import { describe, expect, it, vi } from 'vitest'
import { ENGINE_CHANNELS, IPC_REQUEST_CHANNELS, SHELL_CHANNELS } from '../../shared/ipc/contract'
import { registerIpcHandlers, type IpcMainLike, type LocalHandlers } from './register-handlers'
import { createShellHandlers } from './shell-handlers'

vi.mock('electron', () => ({ ipcMain: { handle: () => undefined } }))

/*
 * Sender validation and routing with a fake ipcMain: only our own page's main frame is answered; shell
 * channels run in main, engine channels are forwarded untouched; failures are typed results.
 */
const APP = 'file:///opt/wirelite/out/renderer/index.html'

function setup() {
  const registered = new Map<string, (event: unknown, request: unknown) => unknown>()
  const ipc: IpcMainLike = { handle: (ch, fn) => registered.set(ch, fn as never) }
  const engine = vi.fn(async (channel: string, request: unknown) => ({
    ok: true as const,
    value: { channel, request },
  }))
  const local: LocalHandlers = createShellHandlers({
    version: () => '1.0.0',
    dialog: {} as never,
    window: () => null,
    launchFile: () => null,
    noteRecent: () => undefined,
  })
  registerIpcHandlers(local, engine, () => APP, ipc)
  return { registered, engine }
}

function event(url: string | undefined, main = true) {
  const mainFrame = { url }
  const senderFrame = url === undefined ? null : main ? mainFrame : { url }
  return { senderFrame, sender: { mainFrame } }
}

describe('registerIpcHandlers', () => {
  it('registers every contract channel exactly once, shell ones locally and engine ones forwarded', async () => {
    const { registered, engine } = setup()
    expect([...registered.keys()].sort()).toEqual([...IPC_REQUEST_CHANNELS].sort())
    expect(SHELL_CHANNELS.some((c) => (ENGINE_CHANNELS as string[]).includes(c))).toBe(false)
    expect(await registered.get('app.version')!(event(APP), undefined)).toEqual({ ok: true, value: '1.0.0' })
    expect(engine).not.toHaveBeenCalled()
    const req = { path: '/x.pcap' }
    expect(await registered.get('file.open')!(event(APP), req)).toEqual({
      ok: true,
      value: { channel: 'file.open', request: req },
    })
  })

  it('refuses a sub-frame, another page, and a frame-less sender before running anything', async () => {
    const { registered, engine } = setup()
    for (const ev of [
      event(APP, false),
      event('https://evil.example/'),
      event(undefined),
      event('file:///tmp/x.html'),
    ]) {
      for (const ch of ['app.launchFile', 'dialog.openCapture', 'file.open'] as const) {
        const r = (await registered.get(ch)!(ev, {})) as {
          ok: boolean
          error: string
          detail: { reason: string }
        }
        expect(r.ok).toBe(false)
        expect(r.error).toMatch(/did not come from the wirelite window/)
        expect(r.detail.reason).toBe('untrusted-sender')
      }
    }
    expect(engine).not.toHaveBeenCalled()
  })

  it('turns a bad argument into a typed bad-request result', async () => {
    const { registered } = setup()
    expect(await registered.get('app.launchFile')!(event(APP), { x: 1 })).toMatchObject({
      ok: false,
      detail: { code: 'bad-request' },
    })
    expect(await registered.get('dialog.saveCapture')!(event(APP), { format: 'exe' })).toMatchObject({
      ok: false,
      detail: { code: 'bad-request' },
    })
  })
})
