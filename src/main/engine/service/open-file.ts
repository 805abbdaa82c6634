import type { OpenFile } from './engine-service'

/** A freshly opened file: no analysis, no filter, no sort, nothing sent yet. */
export function newOpenFile(
  f: Pick<OpenFile, 'id' | 'path' | 'sizeBytes' | 'index' | 'done' | 'digits'>,
): OpenFile {
  return {
    ...f,
    tcp: null,
    failed: null,
    abort: new AbortController(),
    loaded: Promise.resolve(),
    sent: 0,
    displayed: null,
    filterText: '',
    sort: null,
    displayedSorted: null,
    reader: null,
    filterGen: 0,
  }
}
