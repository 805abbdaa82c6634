import fc from 'fast-check'

/*
 * Arbitrary IPC arguments for the Electron fuzz tests (src/main/ipc/ipc-fuzz.test.ts,
 * src/preload/preload-surface.test.ts). Values are what a hostile or buggy page can really send through
 * ipcRenderer.invoke: anything the structured clone carries (no functions, no symbols), with the extremes
 * that break naive checks. Requests are either anything at all, or objects built from the contract's field
 * names so the fuzz gets past "must be an object" into each handler's per-field checks.
 */

/** Field names used by the contract's requests (any channel); a shaped request draws its keys here. */
export const REQUEST_FIELD_NAMES = [
  'fileId',
  'path',
  'text',
  'start',
  'count',
  'rows',
  'view',
  'absoluteSeq',
  'column',
  'descending',
  'frame',
  'stream',
  'format',
  'which',
  'frames',
  'range',
  'from',
  'to',
  'defaultPath',
  'op',
  'name',
  'size',
  'uploadId',
  'offset',
  'data',
  'iface',
  'filter',
  'snaplen',
  'bufferSize',
  'overview',
  '__proto__',
  'constructor',
  'toString',
] as const

/** Numbers that break range checks: negative zero, NaN, infinities, 2^31/2^32/2^53 boundaries, floats. */
export const EXTREME_NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  NaN,
  Infinity,
  -Infinity,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32 - 1,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
]

/** Strings that break text checks: empty, NUL, very long, traversal, control characters, lone surrogates. */
export const EXTREME_STRINGS = [
  '',
  '\0',
  'a\0b',
  'x'.repeat(70_000),
  '../../../../etc/passwd',
  '\u202e\ud800',
  'tcp && (',
  'frame.number == 1',
  'pcap',
  'pcapng',
  'all',
  'displayed',
  'selected',
  'range',
  'begin',
  'chunk',
  'end',
  'abort',
  'no',
  'length',
  '__proto__',
]

/** Any value a page can send (structured-clone-able), biased to the extremes above. */
export function hostileValue(extraStrings: readonly string[] = []): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...EXTREME_NUMBERS) },
    { weight: 3, arbitrary: fc.constantFrom(...EXTREME_STRINGS, ...extraStrings) },
    { weight: 2, arbitrary: fc.integer({ min: -3, max: 20 }) },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, false) },
    {
      weight: 2,
      arbitrary: fc.anything({
        maxDepth: 3,
        withBigInt: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withTypedArray: true,
        withSparseArray: true,
        withNullPrototype: true,
        withBoxedValues: true,
      }),
    },
    { weight: 1, arbitrary: fc.array(fc.integer({ min: -2, max: 12 }), { maxLength: 8 }) },
    { weight: 1, arbitrary: fc.constant(new Array(5001).fill(0)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    { weight: 1, arbitrary: fc.constant(new Uint8Array(512 * 1024 + 1)) },
    {
      weight: 1,
      arbitrary: fc.record({ from: fc.integer({ min: -1, max: 12 }), to: fc.integer({ min: -1, max: 12 }) }),
    },
  )
}

/** A request: anything, or an object made of contract field names with hostile values. */
export function hostileRequest(extraStrings: readonly string[] = []): fc.Arbitrary<unknown> {
  const value = hostileValue(extraStrings)
  return fc.oneof(
    { weight: 1, arbitrary: value },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          // most requests name a file: usually one of the first ids, so the fuzz reaches the other fields
          fc.option(fc.integer({ min: 1, max: 3 }), { freq: 3 }),
          fc.array(fc.tuple(fc.constantFrom(...REQUEST_FIELD_NAMES), value), { maxLength: 7 }),
        )
        // defineProperty, so '__proto__' becomes an own key as it would after a structured clone
        .map(([fileId, pairs]) => {
          const o: Record<string, unknown> = fileId === null ? {} : { fileId }
          for (const [k, v] of pairs)
            Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true })
          return o
        }),
    },
  )
}

/** Channel names that are not in the contract but look like they could be. */
export function foreignChannel(known: readonly string[]): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.string(),
      fc.constantFrom(
        '',
        'app',
        'app.quit',
        'app.version ',
        'App.Version',
        'file.open\0',
        'shell.openExternal',
        'fs.readFile',
        'ELECTRON_BROWSER_REQUIRE',
        '__proto__',
        'constructor',
        'wirelite.enginePort',
      ),
      fc.constantFrom(...known).map((c) => c + '.x'),
    )
    .filter((c) => !known.includes(c))
}
