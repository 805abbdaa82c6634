export function findElectronBinary(): string | null
export function tryDownloadElectron(
  timeoutMs?: number,
): Promise<{ path: string | null; reason: string | null }>
export function hasDisplay(): boolean
