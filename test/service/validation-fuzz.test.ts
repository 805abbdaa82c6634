import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINE_CHANNELS, type IpcResult } from '../../src/shared/ipc/contract'
import { EngineService } from '../../src/main/engine/service/engine-service'
import { CAPTURES_DIR, requireShared } from '../support/corpus'
import { tempDir } from './service-helpers'

requireShared()

/**
 * Malformed arguments never throw across the boundary and always come back as a typed { ok: false }.
 * Each case starts from a VALID request for the channel and breaks exactly one field with a value of
 * the wrong type or range, so a passing run means that field is really checked.
 */
const MYSQL = join(CAPTURES_DIR, 'real/arkime/mysql-deny.pcap')
let service: EngineService
let fileId = 0
const tmp = tempDir()

beforeAll(async () => {
  service = new EngineService()
  const r = await service.call('file.open', { path: MYSQL })
  if (!r.ok) throw new Error(r.error)
  fileId = r.value.fileId
  await service.whenLoaded(fileId)
})
afterAll(async () => {
  await service.dispose()
})

type Template = Record<string, unknown>
/** Engine channels whose request is `void` in the contract. */
const NO_ARG_CHANNELS: readonly string[] = ['capture.interfaces']
/** Valid requests per channel, and which values each field accepts (to keep generated values invalid). */
function templates(): Record<string, { req: Template; valid: Record<string, (v: unknown) => boolean> }> {
  const isId = (v: unknown): boolean => v === fileId
  const isNat = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0
  const isStr = (v: unknown): boolean => typeof v === 'string'
  return {
    'file.open': { req: { path: MYSQL }, valid: { path: (v) => typeof v === 'string' && v.length > 0 } },
    'file.cancel': { req: { fileId }, valid: { fileId: isId } },
    'file.rows': {
      req: { fileId, start: 0, count: 5 },
      valid: { fileId: isId, start: isNat, count: (v) => isNat(v) && (v as number) <= 5000 },
    },
    'filter.apply': { req: { fileId, text: 'tcp' }, valid: { fileId: isId, text: isStr } },
    'filter.rows': { req: { fileId }, valid: { fileId: isId } },
    'view.sort': {
      req: { fileId, column: 'length', descending: false },
      valid: {
        fileId: isId,
        column: (v) => ['no', 'time', 'source', 'destination', 'protocol', 'length'].includes(v as string),
        descending: (v) => typeof v === 'boolean' || v === undefined,
      },
    },
    'frame.details': {
      req: { fileId, frame: 1 },
      valid: {
        fileId: isId,
        frame: (v) => v === 1 || (Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= 10),
      },
    },
    'conv.list': { req: { fileId }, valid: { fileId: isId } },
    'stream.follow': { req: { fileId, stream: 0 }, valid: { fileId: isId, stream: (v) => v === 0 } },
    'stream.states': { req: { fileId, stream: 0 }, valid: { fileId: isId, stream: (v) => v === 0 } },
    // Only the fields are broken: every broken request is refused before a capture helper is started.
    'capture.check': {
      req: { iface: 'lo', filter: 'tcp' },
      valid: {
        iface: (v) => typeof v === 'string' && v.length <= 256,
        filter: (v) => typeof v === 'string' && v.length <= 10_000,
      },
    },
    'export.save': {
      req: { fileId, format: 'pcap', which: 'all', path: join(tmp, 'fuzz.pcap') },
      valid: {
        fileId: isId,
        format: (v) => v === 'pcap' || v === 'pcapng',
        which: (v) => v === 'all' || v === 'displayed',
        path: (v) => typeof v === 'string' && v.startsWith('/') && !v.includes('\0'),
      },
    },
  }
}

function expectFailure(r: IpcResult<unknown>): void {
  expect(r.ok).toBe(false)
  if (r.ok) return
  expect(typeof r.error).toBe('string')
  expect(r.error.length).toBeGreaterThan(0)
  expect(r.detail?.code).toMatch(/^(bad-request|no-such-file|out-of-range|open-failed|unknown-channel)$/)
}

describe('argument validation', () => {
  it('the valid templates succeed (so the fuzz below breaks something real)', async () => {
    for (const [ch, t] of Object.entries(templates())) {
      if (ch === 'file.open') continue // would open another file each time; checked elsewhere
      const r = await service.handle(ch, t.req)
      expect(r.ok, `${ch}: ${r.ok ? '' : r.error}`).toBe(true)
    }
  })

  it('one broken field → { ok: false } with a typed code, for every channel', async () => {
    const t = templates()
    const cases = fc.oneof(
      ...Object.entries(t).flatMap(([ch, { req, valid }]) =>
        Object.keys(valid).map((field) =>
          fc
            .oneof(
              fc.anything(),
              fc.double(),
              fc.integer({ min: -1e6, max: 1e12 }),
              fc.string(),
              fc.constant(null),
              fc.constant(undefined),
            )
            .filter((v) => !valid[field]!(v))
            .map((v) => ({ ch, req: { ...req, [field]: v } as Template })),
        ),
      ),
    )
    await fc.assert(
      fc.asyncProperty(cases, async ({ ch, req }) => {
        const r = await service.handle(ch, req)
        expectFailure(r)
      }),
      { numRuns: 400 },
    )
  })

  it('non-object requests and unknown channels are refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENGINE_CHANNELS),
        fc.oneof(
          fc.string(),
          fc.integer(),
          fc.constant(null),
          fc.constant(undefined),
          fc.array(fc.anything()),
          fc.boolean(),
        ),
        async (ch, req) => {
          // A `request: void` channel takes exactly "nothing" (checked in the next test).
          fc.pre(!(NO_ARG_CHANNELS.includes(ch) && (req === undefined || req === null)))
          expectFailure(await service.handle(ch, req))
        },
      ),
      { numRuns: 200 },
    )
    await fc.assert(
      fc.asyncProperty(
        fc.anything().filter((c) => !(ENGINE_CHANNELS as unknown[]).includes(c)),
        fc.anything(),
        async (ch, req) => {
          const r = await service.handle(ch, req)
          expect(r).toMatchObject({ ok: false, detail: { code: 'unknown-channel' } })
        },
      ),
      { numRuns: 100 },
    )
  })

  it('capture.interfaces (request: void) takes undefined or null and refuses any argument, like the shell channels', async () => {
    // Refused before a helper is started, whatever the argument.
    for (const req of [[], {}, { iface: 'lo' }, '', 'lo', 0, 1, false, true, [undefined]]) {
      const r = await service.handle('capture.interfaces', req)
      expect(r, JSON.stringify(req)).toMatchObject({
        ok: false,
        error: 'invalid request: capture.interfaces takes no argument',
        detail: { code: 'bad-request' },
      })
    }
    // No argument: the listing runs (ok, or a capture error such as "cap is not built" — never bad-request).
    for (const req of [undefined, null]) {
      const r = await service.handle('capture.interfaces', req)
      if (!r.ok) expect(r.detail?.code).toBe('open-failed')
    }
  }, 30_000)

  it('a channel that cannot be converted to a string (found by the fuzz) is still just unknown', async () => {
    expect(await service.handle(Object.create(null), Object.create(null))).toMatchObject({
      ok: false,
      detail: { code: 'unknown-channel' },
    })
    expect(await service.handle('file.rows', Object.create(null))).toMatchObject({
      ok: false,
      detail: { code: 'bad-request' },
    })
  })

  it('row lists, ranges and paths with bad values', async () => {
    const cases: Array<[string, Template]> = [
      ['file.rows', { fileId, rows: [0, -1] }],
      ['file.rows', { fileId, rows: [0, 10] }],
      ['file.rows', { fileId, rows: 'x' }],
      ['file.rows', { fileId, rows: new Array(5001).fill(0) }],
      ['file.rows', { fileId, rows: [0], start: 0, count: 1 }],
      ['file.rows', { fileId, start: 0, count: 1, view: 'some' }],
      ['file.rows', { fileId, start: 0, count: 1, absoluteSeq: 'yes' }],
      ['file.open', { path: '' }],
      ['file.open', { path: 'a\0b' }],
      ['file.open', { path: 'x'.repeat(5000) }],
      ['filter.apply', { fileId, text: 'x'.repeat(10_001) }],
      ['export.save', { fileId, format: 'pcap', which: 'selected', frames: [0], path: join(tmp, 'a.pcap') }],
      ['export.save', { fileId, format: 'pcap', which: 'selected', frames: [11], path: join(tmp, 'a.pcap') }],
      ['export.save', { fileId, format: 'pcap', which: 'range', range: null, path: join(tmp, 'a.pcap') }],
      [
        'export.save',
        { fileId, format: 'pcap', which: 'range', range: { from: 0, to: 3 }, path: join(tmp, 'a.pcap') },
      ],
      ['export.save', { fileId, format: 'pcap', which: 'all', path: 'relative.pcap' }],
      ['frame.details', { fileId, frame: 11 }],
      ['frame.details', { fileId, frame: 0 }],
      ['file.close', { fileId: fileId + 1000 }],
    ]
    for (const [ch, req] of cases) expectFailure(await service.handle(ch, req))
  })
})
