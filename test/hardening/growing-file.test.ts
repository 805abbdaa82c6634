import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FileProgressEvent, IpcEventName } from '../../src/shared/ipc/contract'
import { EngineService } from '../../src/main/engine/service/engine-service'
import { conversationFrames, encodeFrames, recordOffsets, type Container } from './support/hostile'

/*
 * Issue 7, "files that end mid-record (a capture still being written)", through the engine the app uses
 * (the CLI side is in hostile-files.test.ts): every complete packet is a row, the cut tail is reported to
 * the page (the final file.onProgress event's `warning`), and opening the file again after the writer appended shows the new packets.
 */
let dir = ''
let engine: EngineService
const progress: FileProgressEvent[] = []

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wirelite-growing-'))
  engine = new EngineService((event: IpcEventName, payload: unknown) => {
    if (event === 'file.onProgress') progress.push(payload as FileProgressEvent)
  })
})
afterAll(async () => {
  await engine.dispose()
  rmSync(dir, { recursive: true, force: true })
})

/** Opens `path`, waits for the index, returns the file id, the row count and the final progress event. */
async function openAndCount(
  path: string,
): Promise<{ fileId: number; rows: number; done: FileProgressEvent }> {
  const r = await engine.call('file.open', { path })
  if (!r.ok) throw new Error(r.error)
  const fileId = r.value.fileId
  await engine.whenLoaded(fileId)
  const rows = await engine.call('file.rows', { fileId, start: 0, count: 1 })
  if (!rows.ok) throw new Error(rows.error)
  const done = progress.filter((p) => p.fileId === fileId && p.done).at(-1)
  expect(done, 'a final progress event').toBeDefined()
  return { fileId, rows: rows.value.total, done: done! }
}

const containers: Container[] = ['pcap', 'pcapng']

describe.each(containers)('%s still being written', (container) => {
  const full = encodeFrames(container, conversationFrames())
  const offsets = recordOffsets(container, full)
  // pcap: offsets are packet records; pcapng: blocks, the first two are the SHB and IDBs (not packets).
  const packetOffsets = container === 'pcap' ? offsets : offsets.slice(3)
  const packets = packetOffsets.length

  it('every complete packet is a row, whatever byte the file ends at; the rest shows up on re-open', async () => {
    const last = packetOffsets[packets - 1]!
    const path = join(dir, `growing.${container}`)
    // Cut inside the last record: in its header, right after it, in the middle of the data, one byte short.
    for (const cut of [
      last + 1,
      last + 8,
      last + 17,
      Math.floor((last + full.length) / 2),
      full.length - 1,
    ]) {
      writeFileSync(path, full.subarray(0, cut))
      const { fileId, rows, done } = await openAndCount(path)
      expect(rows, `cut at ${cut} of ${full.length}`).toBe(packets - 1)
      // A capture being written is not an error: the rows stay browsable, the TCP analysis runs.
      expect(done.error, `cut at ${cut}`).toBeUndefined()
      expect((await engine.call('conv.list', { fileId })).ok).toBe(true)
      await engine.call('file.close', { fileId })

      // The writer finishes the record: opening the file again shows every packet.
      appendFileSync(path, full.subarray(cut))
      const again = await openAndCount(path)
      expect(again.rows).toBe(packets)
      await engine.call('file.close', { fileId: again.fileId })
    }
  })

  it('a record boundary is a clean end (nothing to report) and appended packets appear on re-open', async () => {
    const path = join(dir, `boundary.${container}`)
    const half = packetOffsets[Math.floor(packets / 2)]!
    writeFileSync(path, full.subarray(0, half))
    const first = await openAndCount(path)
    expect(first.rows).toBe(Math.floor(packets / 2))
    expect(first.done.error).toBeUndefined()
    appendFileSync(path, full.subarray(half))
    // The open file keeps what it indexed; a new open of the same path indexes the appended packets.
    const rowsOld = await engine.call('file.rows', { fileId: first.fileId, start: 0, count: 1 })
    expect(rowsOld.ok && rowsOld.value.total).toBe(Math.floor(packets / 2))
    const second = await openAndCount(path)
    expect(second.rows).toBe(packets)
    await engine.call('file.close', { fileId: first.fileId })
    await engine.call('file.close', { fileId: second.fileId })
  })

  it('the cut tail is reported to the page (final progress event), a clean end is not', async () => {
    const path = join(dir, `tail-report.${container}`)
    writeFileSync(path, full.subarray(0, full.length - 3))
    const { fileId, done } = await openAndCount(path)
    await engine.call('file.close', { fileId })
    expect(done.error).toBeUndefined()
    const last = packetOffsets[packets - 1]!
    expect(done.warning).toBe(
      `The capture ends in the middle of a packet (${full.length - 3 - last} bytes at offset ${last} were ` +
        `not read): it may still be being written, or it was cut short. The ${packets - 1} complete ` +
        `packets before it are shown; open the file again to see packets written since.`,
    )

    // Only the last event carries it; and the whole file has nothing to report.
    expect(progress.filter((p) => p.fileId === fileId && !p.done && p.warning)).toEqual([])
    writeFileSync(path, full)
    const whole = await openAndCount(path)
    await engine.call('file.close', { fileId: whole.fileId })
    expect(whole.done.warning).toBeUndefined()
  })
})
