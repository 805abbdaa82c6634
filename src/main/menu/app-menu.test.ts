import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import type { MenuCommandEvent } from '../../shared/ipc/contract'
import { buildMenuTemplate } from './app-menu'
import { MAX_RECENT, createRecentFiles } from './recent-files'

/** Every item of a template, depth first, with its label path ("File/Open…"). */
function items(t: MenuItemConstructorOptions[], prefix = ''): Map<string, MenuItemConstructorOptions> {
  const out = new Map<string, MenuItemConstructorOptions>()
  for (const i of t) {
    const name = prefix + (i.label ?? i.role ?? i.type ?? '?').replace(/&/g, '')
    out.set(name, i)
    if (Array.isArray(i.submenu)) for (const [k, v] of items(i.submenu, name + '/')) out.set(k, v)
  }
  return out
}

function click(i: MenuItemConstructorOptions | undefined): void {
  ;(i!.click as () => void)()
}

describe('native menu', () => {
  it('each command item sends menu.onCommand; Open Recent lists the files and opens the one chosen', () => {
    const sent: MenuCommandEvent[] = []
    const clear = vi.fn()
    const m = items(
      buildMenuTemplate({
        send: (c) => sent.push(c),
        recent: ['/c/a.pcap', '/c/b.pcapng'],
        clearRecent: clear,
        platform: 'linux',
        dev: false,
      }),
    )
    click(m.get('File/Open…'))
    click(m.get('File/Close'))
    click(m.get('File/Save As…'))
    click(m.get('File/Export Specified Packets…'))
    click(m.get('View/Toggle Theme'))
    click(m.get('View/Language/简体中文'))
    click(m.get('Statistics/Conversations'))
    click(m.get('Capture/Start…'))
    click(m.get('File/Open Recent//c/b.pcapng'))
    click(m.get('File/Open Recent/Clear Recent'))
    expect(sent.map((c) => c.command)).toEqual([
      'open',
      'close',
      'save-as',
      'export-specified',
      'toggle-theme',
      'locale-zh-CN',
      'conversations',
      'capture',
      'open-path',
    ])
    expect(sent.at(-1)).toEqual({ command: 'open-path', path: '/c/b.pcapng' })
    expect(clear).toHaveBeenCalledOnce()
    expect(m.get('File/Open…')!.accelerator).toBe('CmdOrCtrl+O')
    expect(m.has('View/toggleDevTools')).toBe(false)
  })

  it('says when there are no recent files; development builds get reload and devtools', () => {
    const m = items(
      buildMenuTemplate({ send: () => {}, recent: [], clearRecent: () => {}, platform: 'darwin', dev: true }),
    )
    expect(m.get('File/Open Recent/No recent captures')!.enabled).toBe(false)
    expect(m.has('View/toggleDevTools')).toBe(true)
    expect(m.has('appMenu')).toBe(true)
  })
})

describe('recent files (main)', () => {
  it('newest first, no duplicates, capped, persisted, handed to the OS; bad JSON is an empty list', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wirelite-recent-')), 'recent.json')
    writeFileSync(file, '{not json')
    const os: string[] = []
    const changed = vi.fn()
    const r = createRecentFiles({
      file,
      addRecentDocument: (p) => os.push(p),
      clearRecentDocuments: () => {},
      changed,
    })
    expect(r.list()).toEqual([])
    for (let i = 0; i < MAX_RECENT + 3; i++) r.add(`/c/${i}.pcap`)
    r.add('/c/5.pcap')
    expect(r.list()[0]).toBe('/c/5.pcap')
    expect(r.list()).toHaveLength(MAX_RECENT)
    expect(new Set(r.list()).size).toBe(MAX_RECENT)
    expect(os.at(-1)).toBe('/c/5.pcap')
    expect(changed).toHaveBeenCalledTimes(MAX_RECENT + 4)
    const again = createRecentFiles({
      file,
      addRecentDocument: () => {},
      clearRecentDocuments: () => {},
      changed: () => {},
    })
    expect(again.list()).toEqual(r.list())
    again.clear()
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([])
  })
})
