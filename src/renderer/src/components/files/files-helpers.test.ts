import { describe, expect, it, vi } from 'vitest'
import type { IpcResult } from '../../../../shared/ipc/contract'
import {
  baseName,
  breadcrumbs,
  checkRange,
  defaultExportPath,
  dirName,
  formatBytes,
  isAbsolutePath,
  joinPath,
  withFormatExtension,
} from './file-paths'
import { runMenuCommand, type MenuTargets } from './menu-command-map'
import { uploadFile, type FileLike } from './upload-file'

describe('file paths', () => {
  it('breadcrumbs for POSIX and Windows paths', () => {
    expect(breadcrumbs('/work/main/test')).toEqual([
      { name: '/', path: '/' },
      { name: 'work', path: '/work' },
      { name: 'main', path: '/work/main' },
      { name: 'test', path: '/work/main/test' },
    ])
    expect(breadcrumbs('/')).toEqual([{ name: '/', path: '/' }])
    expect(breadcrumbs('C:\\caps\\x')).toEqual([
      { name: 'C:\\', path: 'C:\\' },
      { name: 'caps', path: 'C:\\caps' },
      { name: 'x', path: 'C:\\caps\\x' },
    ])
  })

  it('join, base and dir names, absolute paths', () => {
    expect(joinPath('/', 'a.pcap')).toBe('/a.pcap')
    expect(joinPath('/d', 'a.pcap')).toBe('/d/a.pcap')
    expect(joinPath('C:\\d', 'a.pcap')).toBe('C:\\d\\a.pcap')
    expect(baseName('/d/e/a.pcap')).toBe('a.pcap')
    expect(dirName('/d/e/a.pcap')).toBe('/d/e')
    expect(dirName('/a.pcap')).toBe('/')
    expect(isAbsolutePath('/x')).toBe(true)
    expect(isAbsolutePath('D:\\x')).toBe(true)
    expect(isAbsolutePath('x/y')).toBe(false)
  })

  it('default export path next to the open file, format swaps the extension', () => {
    expect(defaultExportPath('/d/name.pcap', 'pcapng')).toBe('/d/name-filtered.pcapng')
    expect(defaultExportPath('/d/name.pcapng.gz', 'pcap', 'range')).toBe('/d/name-range.pcap')
    expect(defaultExportPath('/d/noext', 'pcap')).toBe('/d/noext-filtered.pcap')
    expect(withFormatExtension('/d/x.pcapng', 'pcap')).toBe('/d/x.pcap')
    expect(withFormatExtension('/d/x.bin', 'pcap')).toBe('/d/x.bin')
  })

  it('sizes and frame ranges', () => {
    expect(formatBytes(950)).toBe('950 B')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MiB')
    expect(formatBytes(null)).toBe('')
    expect(checkRange('2', '5', 11)).toEqual({ ok: true, from: 2, to: 5 })
    expect(checkRange(' 3 ', '3', 11)).toEqual({ ok: true, from: 3, to: 3 })
    expect(checkRange('', '5', 11)).toEqual({ ok: false, error: 'notNumber' })
    expect(checkRange('1.5', '5', 11)).toEqual({ ok: false, error: 'notNumber' })
    expect(checkRange('0', '5', 11)).toEqual({ ok: false, error: 'outOfRange' })
    expect(checkRange('1', '12', 11)).toEqual({ ok: false, error: 'outOfRange' })
    expect(checkRange('6', '5', 11)).toEqual({ ok: false, error: 'reversed' })
  })
})

describe('uploadFile', () => {
  function fakeFile(bytes: Uint8Array, name = 'drop.pcap'): FileLike {
    return {
      name,
      size: bytes.byteLength,
      slice: (s, e) => ({ arrayBuffer: async () => bytes.slice(s, e).buffer }),
    }
  }

  it('begin, ordered chunks of at most the chunk size, end → path; progress reported', async () => {
    const calls: Array<{ op: string; offset?: number; len?: number }> = []
    let received = 0
    const invoke = vi.fn(async (_ch: string, req: { op: string; offset?: number; data?: Uint8Array }) => {
      calls.push({ op: req.op, offset: req.offset, len: req.data?.byteLength })
      if (req.data) received += req.data.byteLength
      const value = { uploadId: 3, received, path: req.op === 'end' ? '/tmp/up/3-drop.pcap' : null }
      return { ok: true, value } as IpcResult<unknown>
    })
    const progress: number[] = []
    const h = uploadFile({ invoke } as never, fakeFile(new Uint8Array(10)), (sent) => progress.push(sent), 4)
    expect(await h.done).toEqual({ ok: true, path: '/tmp/up/3-drop.pcap' })
    expect(calls).toEqual([
      { op: 'begin', offset: undefined, len: undefined },
      { op: 'chunk', offset: 0, len: 4 },
      { op: 'chunk', offset: 4, len: 4 },
      { op: 'chunk', offset: 8, len: 2 },
      { op: 'end', offset: undefined, len: undefined },
    ])
    expect(progress).toEqual([0, 4, 8, 10])
  })

  it("passes the server's refusal through, and cancelling aborts the upload", async () => {
    const refuse = vi.fn(
      async () => ({ ok: false, error: 'does not fit in the free space' }) as IpcResult<unknown>,
    )
    expect(await uploadFile({ invoke: refuse } as never, fakeFile(new Uint8Array(4)), () => {}).done).toEqual(
      {
        ok: false,
        error: 'does not fit in the free space',
      },
    )
    const ops: string[] = []
    const invoke = vi.fn(async (_ch: string, req: { op: string }) => {
      ops.push(req.op)
      return { ok: true, value: { uploadId: 1, received: 0, path: null } } as IpcResult<unknown>
    })
    const h = uploadFile({ invoke } as never, fakeFile(new Uint8Array(12)), () => h.cancel(), 4)
    expect(await h.done).toMatchObject({ ok: false, cancelled: true })
    expect(ops).toEqual(['begin', 'abort'])
  })
})

describe('native menu commands', () => {
  function targets(): MenuTargets & { opened: string[]; closed: number; locale: string[]; themes: number } {
    const t = {
      opened: [] as string[],
      closed: 0,
      locale: [] as string[],
      themes: 0,
      capture: { close: async () => void t.closed++ },
      ui: {
        openDialogOpen: false,
        exportDialogOpen: false,
        exportMode: 'specified' as 'saveAs' | 'specified',
        conversationsOpen: false,
        captureDialogOpen: false,
        toggleTheme: () => void t.themes++,
        setLocale: (l: string) => void t.locale.push(l),
      },
      open: async (p: string) => void t.opened.push(p),
    }
    return t
  }

  it('map to the same store and ui actions as the in-page menu', () => {
    const t = targets()
    runMenuCommand({ command: 'open' }, t)
    expect(t.ui.openDialogOpen).toBe(true)
    runMenuCommand({ command: 'save-as' }, t)
    expect(t.ui.exportDialogOpen).toBe(true)
    expect(t.ui.exportMode).toBe('saveAs')
    runMenuCommand({ command: 'export-specified' }, t)
    expect(t.ui.exportMode).toBe('specified')
    runMenuCommand({ command: 'open-path', path: '/c/a.pcap' }, t)
    runMenuCommand({ command: 'open-path' }, t)
    expect(t.opened).toEqual(['/c/a.pcap'])
    runMenuCommand({ command: 'close' }, t)
    runMenuCommand({ command: 'conversations' }, t)
    runMenuCommand({ command: 'capture' }, t)
    runMenuCommand({ command: 'toggle-theme' }, t)
    runMenuCommand({ command: 'locale-zh-CN' }, t)
    runMenuCommand({ command: 'locale-en' }, t)
    expect(t.closed).toBe(1)
    expect(t.ui.conversationsOpen && t.ui.captureDialogOpen).toBe(true)
    expect(t.themes).toBe(1)
    expect(t.locale).toEqual(['zh-CN', 'en'])
  })
})
