/**
 * Page script for ws-client-browser.test.ts, bundled for Chromium: drives window.api over the bridge's
 * WebSocket exactly as the renderer would and reports the results in document.title.
 */
import { bridgeInitialFile, createWsApi } from '../../../src/shared/ipc/ws-client'

const api = createWsApi()
void (async () => {
  const out: Record<string, unknown> = { version: await api.app.version() }
  let rows = 0
  let buffers = true
  api.on('file.onRows', (b) => {
    rows += b.count
    buffers &&= b.columns.tsSec instanceof ArrayBuffer && b.columns.origLen.byteLength === b.count * 4
  })
  const done = new Promise<void>((res) => api.on('file.onProgress', (p) => p.done && res()))
  const o = await api.invoke('file.open', { path: bridgeInitialFile(location.href) ?? '' })
  if (!o.ok) {
    document.title = 'ERR ' + o.error
    return
  }
  await done
  const r = await api.invoke('file.rows', { fileId: o.value.fileId, start: 0, count: 2 })
  const d = await api.invoke('frame.details', { fileId: o.value.fileId, frame: 1 })
  const bad = await api.invoke('filter.apply', { fileId: o.value.fileId, text: 'tcp.port ==' })
  Object.assign(out, {
    rows,
    buffers,
    info: r.ok ? r.value.rows[1]!.info : r.error,
    bytes: d.ok && d.value.bytes instanceof Uint8Array ? d.value.bytes.length : -1,
    badFilter: bad.ok ? null : bad.detail,
  })
  document.title = 'DONE ' + JSON.stringify(out)
})()
