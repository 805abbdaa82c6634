import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { WireMessage } from '../../../shared/ipc/wire'
import { hostEngine, type HostPort } from './host'

const FIXTURE = join(__dirname, '../../../../test/fixtures/seed-003-pingpong.pcap')

/** A port that records what the engine posts and can be closed like a page that went away. */
function fakePort() {
  let deliver: (m: unknown) => void = () => {}
  let closed: () => void = () => {}
  const posted: WireMessage[] = []
  let nextId = 1
  const port: HostPort = {
    post: (m) => void posted.push(m),
    onMessage: (cb) => void (deliver = cb),
    onClose: (cb) => void (closed = cb),
  }
  const request = async (channel: string, request: unknown) => {
    const id = nextId++
    deliver({ t: 'req', id, channel, request })
    for (let i = 0; i < 400; i++) {
      const res = posted.find((m) => m.t === 'res' && m.id === id)
      if (res && res.t === 'res') return res.result as { ok: boolean; value?: { fileId: number } }
      await new Promise((r) => setTimeout(r, 5))
    }
    throw new Error(`no answer to ${channel}`)
  }
  return { port, request, close: () => closed() }
}

describe('engine host ports', () => {
  it("closes the files a window's port opened when that port closes; other ports keep theirs", async () => {
    const parent = fakePort()
    const host = hostEngine(parent.port)
    const window = fakePort()
    host.attach(window.port)
    const mine = await window.request('file.open', { path: FIXTURE })
    const theirs = await parent.request('file.open', { path: FIXTURE })
    const closedByHand = await window.request('file.open', { path: FIXTURE })
    expect([mine.ok, theirs.ok, closedByHand.ok]).toEqual([true, true, true])
    await window.request('file.close', { fileId: closedByHand.value!.fileId })

    window.close()
    const rowsOf = (fileId: number) =>
      host.service.handle('file.rows', { fileId, start: 0, count: 1 }) as Promise<{ ok: boolean }>
    await expect.poll(async () => (await rowsOf(mine.value!.fileId)).ok).toBe(false)
    expect(await rowsOf(mine.value!.fileId)).toMatchObject({ detail: { code: 'no-such-file' } })
    expect((await rowsOf(theirs.value!.fileId)).ok).toBe(true)
    await host.service.dispose()
  })
})
