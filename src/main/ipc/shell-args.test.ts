import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { SHELL_CHANNELS, UPLOAD_CHUNK_BYTES, type IpcResult } from '../../shared/ipc/contract'
import { createBridgeShell } from '../bridge/bridge-shell'
import { UploadStore } from '../bridge/uploads'
import { RequestError, fail } from '../engine/service/validate'
import { createShellHandlers, launchFileFromArgv } from './shell-handlers'
import { parseDialogSave, parseListDir, parseUpload } from './shell-args'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

vi.mock('electron', () => ({}))

/*
 * The shell channels' argument checks, fuzzed: whatever the page sends, main's handlers and the bridge
 * answer with a value or a typed error ('bad-request' for a malformed argument) — never an exception.
 */
const dialog = {
  showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/caps/a.pcap'] })),
  showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: '/caps/out.pcapng' })),
}
const noted: string[] = []
const handlers = createShellHandlers({
  version: () => '1.2.3',
  dialog: dialog as never,
  window: () => null,
  launchFile: () => '/caps/start.pcap',
  noteRecent: (p) => noted.push(p),
})

async function callMain(channel: (typeof SHELL_CHANNELS)[number], req: unknown): Promise<IpcResult<unknown>> {
  try {
    return { ok: true, value: await (handlers[channel] as (r: unknown) => unknown)(req) }
  } catch (err) {
    return fail(err)
  }
}

const shell = createBridgeShell({
  version: '1.2.3',
  cwd: tmpdir(),
  uploads: new UploadStore(join(mkdtempSync(join(tmpdir(), 'wirelite-fuzz-')), 'up'), async () => 1e12),
})

const hostile = fc.oneof(
  fc.anything(),
  fc.record({ path: fc.anything(), defaultPath: fc.anything(), format: fc.anything() }, { requiredKeys: [] }),
  fc.record(
    {
      op: fc.constantFrom('begin', 'chunk', 'end', 'abort', 'x', 1),
      name: fc.oneof(fc.string(), fc.anything()),
      size: fc.oneof(fc.integer(), fc.double(), fc.anything()),
      uploadId: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.anything()),
      offset: fc.oneof(fc.integer({ min: -2, max: 10 }), fc.anything()),
      data: fc.oneof(fc.uint8Array({ maxLength: 16 }), fc.anything()),
    },
    { requiredKeys: [] },
  ),
)

describe('shell channel arguments (fuzz)', () => {
  it('main and the bridge never throw, and every failure is a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SHELL_CHANNELS), hostile, async (channel, req) => {
        for (const r of [await callMain(channel, req), await shell.handle(channel, req, 'fuzz')]) {
          if (r.ok) continue
          expect(typeof r.error).toBe('string')
          expect(r.detail?.code).toMatch(/^(bad-request|io)$/)
        }
      }),
      { numRuns: 400 },
    )
  })

  it('well-formed arguments pass; each kind of malformed one is named in the message', () => {
    expect(parseDialogSave({ format: 'pcap', defaultPath: '/x/y.pcap' })).toEqual({
      format: 'pcap',
      defaultPath: '/x/y.pcap',
    })
    expect(parseListDir(undefined)).toEqual({})
    const bad = (f: () => unknown, text: RegExp): void => {
      try {
        f()
        expect.unreachable()
      } catch (err) {
        expect(err).toBeInstanceOf(RequestError)
        expect((err as RequestError).code).toBe('bad-request')
        expect((err as Error).message).toMatch(text)
      }
    }
    bad(() => parseDialogSave({ format: 'txt' }), /format must be one of pcap, pcapng/)
    bad(() => parseListDir({ path: '' }), /path is empty/)
    bad(() => parseListDir({ path: 'a\0b' }), /NUL/)
    bad(() => parseListDir([]), /must be an object/)
    bad(() => parseUpload({ op: 'chunk', uploadId: 1, offset: 0, data: [1, 2] }), /Uint8Array/)
    bad(
      () =>
        parseUpload({ op: 'chunk', uploadId: 1, offset: 0, data: new Uint8Array(UPLOAD_CHUNK_BYTES + 1) }),
      /1\.\.524288 bytes/,
    )
    bad(() => parseUpload({ op: 'begin', name: 'a', size: -1 }), /size must be an integer/)
    bad(() => parseUpload({ op: 'end', uploadId: 0 }), /uploadId/)
  })
})

describe('main shell handlers', () => {
  it('open and save dialogs return the chosen path, or null when cancelled', async () => {
    expect(await callMain('dialog.openCapture', {})).toEqual({ ok: true, value: '/caps/a.pcap' })
    expect(dialog.showOpenDialog.mock.calls[0]).toMatchObject([
      {
        properties: ['openFile'],
        filters: [{ extensions: expect.arrayContaining(['pcap', 'pcapng', 'gz']) }, {}],
      },
    ])
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] })
    expect(await callMain('dialog.openCapture', undefined)).toEqual({ ok: true, value: null })
    expect(
      await callMain('dialog.saveCapture', { format: 'pcapng', defaultPath: '/caps/a-filtered.pcapng' }),
    ).toEqual({ ok: true, value: '/caps/out.pcapng' })
    expect(dialog.showSaveDialog.mock.calls[0]).toMatchObject([
      { defaultPath: '/caps/a-filtered.pcapng', filters: [{ extensions: ['pcapng'] }, {}] },
    ])
  })

  it('launch file, recent documents (absolute only), and the browser-only channels refused with a reason', async () => {
    expect(await callMain('app.launchFile', undefined)).toEqual({ ok: true, value: '/caps/start.pcap' })
    expect(await callMain('app.noteRecent', { path: '/caps/a.pcap' })).toEqual({ ok: true, value: null })
    expect(noted).toEqual(['/caps/a.pcap'])
    expect(await callMain('app.noteRecent', { path: 'rel.pcap' })).toMatchObject({
      ok: false,
      detail: { code: 'bad-request' },
    })
    const list = await callMain('fs.listDir', {})
    expect(list).toMatchObject({ ok: false, detail: { code: 'bad-request' } })
    if (!list.ok) expect(list.error).toMatch(/native Open dialog/)
  })

  it('finds the capture on the command line, skipping switches and the app directory', () => {
    expect(launchFileFromArgv(['/opt/wirelite', 'x.pcap'], true, '/home/u')).toBe('/home/u/x.pcap')
    expect(launchFileFromArgv(['/opt/wirelite', '--no-sandbox', '/d/y.pcapng'], true, '/')).toBe(
      '/d/y.pcapng',
    )
    expect(launchFileFromArgv(['electron', '.', '--no-sandbox'], false, '/w')).toBe(null)
    expect(launchFileFromArgv(['electron', '.', 'c.pcap'], false, '/w')).toBe('/w/c.pcap')
  })
})
