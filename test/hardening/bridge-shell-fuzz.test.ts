import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IPC_ERROR_CODES, SHELL_CHANNELS, type IpcErrorCode } from '../../src/shared/ipc/contract'
import { createBridgeShell, type BridgeShell } from '../../src/main/bridge/bridge-shell'
import { UploadStore } from '../../src/main/bridge/uploads'
import { hostileRequest } from './support/ipc-arbitraries'

/*
 * Browser mode answers the shell channels itself (src/main/bridge/bridge-shell.ts): anything holding the
 * token can send them, so every channel of SHELL_CHANNELS is fed hostile arguments (as in
 * src/main/ipc/ipc-fuzz.test.ts for Electron): always a well-formed IpcResult, never an internal error,
 * never a hang, and uploads never leave files outside their own directory.
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 0x5eed_0007
const RUNS = process.env.FUZZ_IPC_RUNS ? Number(process.env.FUZZ_IPC_RUNS) : 60
const ERROR_CODES: readonly IpcErrorCode[] = IPC_ERROR_CODES

let dir = ''
let uploadsDir = ''
let shell: BridgeShell
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wirelite-bridge-fuzz-'))
  writeFileSync(join(dir, 'a.pcap'), 'not really')
  uploadsDir = join(dir, 'uploads')
  // A small "free space" so the size checks are reached without writing gigabytes.
  shell = createBridgeShell({
    version: '0.0.0-fuzz',
    cwd: dir,
    uploads: new UploadStore(uploadsDir, async () => 8 << 20),
  })
})
afterAll(async () => {
  await shell.dispose()
  rmSync(dir, { recursive: true, force: true })
})

describe('browser-mode shell channels with hostile arguments', () => {
  it.each(SHELL_CHANNELS.map((c) => [c]))('%s: always a well-formed IpcResult', async (channel) => {
    const owner = {}
    await fc.assert(
      fc.asyncProperty(hostileRequest([dir, join(dir, 'a.pcap'), '/', '/proc', '/dev']), async (request) => {
        let timer: NodeJS.Timeout | undefined
        const hang = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${channel} did not answer in 10 s`)), 10_000)
        })
        const r = await Promise.race([shell.handle(channel, request, owner), hang]).finally(() =>
          clearTimeout(timer),
        )
        expect(typeof r.ok).toBe('boolean')
        if (!r.ok) {
          expect(r.error.length).toBeGreaterThan(0)
          expect(ERROR_CODES).toContain(r.detail?.code)
          expect(r.detail?.code, `${channel}: ${r.error}`).not.toBe('internal')
        }
        // The answer must survive the trip to the page.
        expect(() => structuredClone(r)).not.toThrow()
      }),
      { seed: SEED + SHELL_CHANNELS.indexOf(channel), numRuns: RUNS },
    )
    await shell.clientGone(owner)
  })

  it('uploads stay in their own directory, and a gone client leaves none behind', () => {
    expect(readdirSync(dir).sort()).toEqual(['a.pcap', ...(existsSync(uploadsDir) ? ['uploads'] : [])])
    if (existsSync(uploadsDir)) expect(readdirSync(uploadsDir)).toEqual([])
  })
})
