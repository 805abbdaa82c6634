/**
 * Child process for test/hardening/atomic-save.test.ts: open a capture in the engine and export it, then
 * print the IpcResult as one JSON line. Run in a child so the test can give it a file-size limit (a disk
 * that fills up mid-write) or another user (a directory it may not write to).
 *
 *   node --import tsx save-child.ts '{"source": "...", "target": "...", "format": "pcap"}'
 */
import { EngineService } from '../../../src/main/engine/service/engine-service'

const { source, target, format } = JSON.parse(process.argv[2] ?? '{}') as {
  source: string
  target: string
  format: 'pcap' | 'pcapng'
}
const engine = new EngineService()
const opened = await engine.call('file.open', { path: source })
if (!opened.ok) {
  process.stdout.write(JSON.stringify(opened) + '\n')
} else {
  await engine.whenLoaded(opened.value.fileId)
  const r = await engine.call('export.save', {
    fileId: opened.value.fileId,
    path: target,
    format,
    which: 'all',
  })
  process.stdout.write(JSON.stringify(r) + '\n')
}
await engine.dispose()
