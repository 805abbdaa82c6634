import { createReadStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CaptureParser } from '../engine/readers/capture-parser'
import { readCaptureFile } from '../engine/readers/read-capture-file'
import { PcapFileWriter, PcapngFileWriter } from '../engine/writers/capture-file-writer'
import { newFrameRecord } from '../../shared/model/frame'
import { CaptureError, deviceDownError, helperExitedError, type CaptureErrorInfo } from './capture-errors'
import { interfaceFlags } from './interfaces'
import type { CaptureInterface } from './interfaces'
import type { CaptureStartOptions, CaptureStats, HelperToParent, ParentToHelper } from './protocol'
import { forkTransport, type HelperLaunch, type HelperTransport } from './helper-transport'

export type { HelperLaunch, HelperTransport }

/** One helper process and its message stream. */
class HelperProcess {
  private readonly t: HelperTransport
  private stderrTail = ''
  private listeners = new Set<(m: HelperToParent) => void>()
  exitInfo: { code: number | null; signal: string | null } | null = null
  readonly exited: Promise<void>

  constructor(launch: HelperLaunch) {
    this.t = launch.transport ? launch.transport() : forkTransport(launch)
    this.t.onMessage((m) => {
      for (const l of this.listeners) l(m)
    })
    this.exited = new Promise((resolve) => {
      this.t.onExit((code, signal, detail) => {
        this.exitInfo = { code, signal }
        this.stderrTail = detail
        resolve()
      })
    })
  }

  get pid(): number | undefined {
    return this.t.pid
  }

  get stderr(): string {
    return this.stderrTail
  }

  onMessage(fn: (m: HelperToParent) => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  send(m: ParentToHelper): void {
    this.t.send(m)
  }

  /** Waits for the first message matching `pick` (or an error / exit, which rejects with a CaptureError). */
  waitFor<T>(pick: (m: HelperToParent) => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const off = this.onMessage((m) => {
        if (m.type === 'error') {
          off()
          reject(CaptureError.from(m.error))
          return
        }
        const v = pick(m)
        if (v !== undefined) {
          off()
          resolve(v)
        }
      })
      void this.exited.then(() => {
        off()
        reject(
          CaptureError.from(
            helperExitedError(this.exitInfo?.code ?? null, this.exitInfo?.signal ?? null, this.stderrTail),
          ),
        )
      })
    })
  }

  kill(): void {
    if (this.exitInfo === null) this.t.kill()
  }
}

export interface LiveCaptureHandlers {
  /** A batch of packet records (batch-codec format); `bytes` is empty when streamPackets is false. */
  onBatch?(bytes: Uint8Array, count: number, firstNumber: number, stats: CaptureStats): void
  /** The capture ended by an error after it started (device down, helper killed …). */
  onError?(err: CaptureError): void
}

export interface CaptureEnd {
  reason: 'requested' | 'count' | 'error' | 'helper-exited'
  stats: CaptureStats
  error: CaptureError | null
}

/** Lists interfaces through a short-lived helper. Throws CaptureError (cap missing, …). */
export async function listCaptureInterfaces(launch: HelperLaunch = {}): Promise<CaptureInterface[]> {
  const h = new HelperProcess(launch)
  try {
    const ready = await h.waitFor((m) => (m.type === 'ready' ? m : undefined))
    void ready
    h.send({ type: 'list' })
    return await h.waitFor((m) => (m.type === 'interfaces' ? m.interfaces : undefined))
  } finally {
    h.kill()
  }
}

/**
 * Checks a capture filter the way the capture will use it (libpcap compiles it for the device's link
 * type, which needs the device opened: a short-lived helper does it). Resolves with the link type;
 * rejects with CaptureError (bad-filter with libpcap's message, permission, no-such-device …).
 */
export async function checkCaptureFilter(
  device: string,
  filter: string,
  launch: HelperLaunch = {},
): Promise<{ linkType: number }> {
  const h = new HelperProcess(launch)
  try {
    await h.waitFor((m) => (m.type === 'ready' ? m : undefined))
    h.send({ type: 'check', device, filter })
    return await h.waitFor((m) => (m.type === 'checked' ? { linkType: m.linkType } : undefined))
  } finally {
    h.kill()
  }
}

/**
 * A running live capture, parent side. Everything captured is in `spoolPath` (pcapng) as it arrives;
 * after the end, save() copies it atomically as pcapng or pcap, discard() deletes it.
 */
export class LiveCapture {
  linkType = -1
  snapLen = 0
  stats: CaptureStats = { received: 0, dropped: null, spoolBytes: 0 }
  /** Packets delivered to onBatch so far. */
  delivered = 0
  readonly done: Promise<CaptureEnd>
  private endResolve!: (e: CaptureEnd) => void
  private ended: CaptureEnd | null = null

  private constructor(
    private readonly helper: HelperProcess,
    readonly spoolPath: string,
    private readonly spoolDir: string | null,
    readonly device: string,
    readonly filter: string,
    private readonly handlers: LiveCaptureHandlers,
  ) {
    this.done = new Promise((r) => (this.endResolve = r))
  }

  /**
   * Starts a helper and a capture; resolves once libpcap opened the device and compiled the filter.
   * Rejects with CaptureError (bad filter, no such device, permission, cap missing …).
   */
  static async start(
    options: Omit<CaptureStartOptions, 'spoolPath'> & { spoolPath?: string },
    handlers: LiveCaptureHandlers = {},
    launch: HelperLaunch = {},
  ): Promise<LiveCapture> {
    const spoolDir = options.spoolPath ? null : await mkdtemp(join(tmpdir(), 'wirelite-capture-'))
    const spoolPath = options.spoolPath ?? join(spoolDir!, 'spool.pcapng')
    const h = new HelperProcess(launch)
    const lc = new LiveCapture(h, spoolPath, spoolDir, options.device, options.filter, handlers)
    h.onMessage((m) => lc.onMessage(m))
    void h.exited.then(() => lc.onExit())
    try {
      await h.waitFor((m) => (m.type === 'ready' ? m : undefined))
      h.send({ type: 'start', options: { ...options, spoolPath } })
      const started = await h.waitFor((m) => (m.type === 'started' ? m : undefined))
      lc.linkType = started.linkType
      lc.snapLen = started.snapLen
      return lc
    } catch (err) {
      h.kill()
      if (spoolDir) await rm(spoolDir, { recursive: true, force: true })
      throw err
    }
  }

  /** The helper's process id (to show, or for tests that kill it). */
  get helperPid(): number | undefined {
    return this.helper.pid
  }

  private onMessage(m: HelperToParent): void {
    if (m.type === 'batch') {
      this.stats = m.stats
      this.delivered += m.count
      this.handlers.onBatch?.(m.bytes, m.count, m.firstNumber, m.stats)
    } else if (m.type === 'stopped') {
      this.stats = m.stats
      this.finish({ reason: m.reason, stats: m.stats, error: null })
      this.helper.kill()
    } else if (m.type === 'error' && this.linkType !== -1) {
      const e = CaptureError.from(m.error)
      this.handlers.onError?.(e)
      this.pendingError = e
    }
  }

  private pendingError: CaptureError | null = null

  private finish(e: CaptureEnd): void {
    if (this.ended) return
    if (!e.error && this.pendingError) e = { ...e, reason: 'error', error: this.pendingError }
    this.ended = e
    this.endResolve(e)
  }

  private async onExit(): Promise<void> {
    if (this.ended || this.linkType === -1) return
    const x = this.helper.exitInfo
    const exited = helperExitedError(x?.code ?? null, x?.signal ?? null, this.helper.stderr)
    // cap 0.2.1 aborts (libuv poll error → assert) when the device goes away under it: when the
    // interface is now down or gone, that is what happened, and the user should hear it that way.
    const flags = interfaceFlags(this.device)
    const down =
      process.platform === 'linux' && this.device !== 'any' && (flags === null || (flags & 1) === 0)
    const err = CaptureError.from(
      down
        ? deviceDownError(
            this.device,
            `${flags === null ? 'the interface was removed' : 'the interface went down'}; ${exited.message.split(';')[0]!.replace(/^The/, 'the')}`,
          )
        : exited,
    )
    this.handlers.onError?.(err)
    const size = await stat(this.spoolPath).then(
      (s) => s.size,
      () => 0,
    )
    this.finish({
      reason: down ? 'error' : 'helper-exited',
      stats: { ...this.stats, spoolBytes: size },
      error: err,
    })
  }

  /** Asks the helper to stop; resolves with how the capture ended (also when the helper already died). */
  stop(): Promise<CaptureEnd> {
    if (!this.ended) this.helper.send({ type: 'stop' })
    return this.done
  }

  /**
   * Saves what was captured (the spool, read back with the ordinary reader so a partial last block
   * from a killed helper is left out) to `path`, atomically. Format: 'pcap' when the name ends in .pcap.
   * Returns the number of packets saved.
   */
  async save(
    path: string,
    format: 'pcapng' | 'pcap' = /\.pcap$/i.test(path) ? 'pcap' : 'pcapng',
  ): Promise<number> {
    return saveSpool(this.spoolPath, path, format, { name: this.device, filter: this.filter })
  }

  /** Deletes the spool (and its temporary directory when we made it). */
  async discard(): Promise<void> {
    if (this.spoolDir) await rm(this.spoolDir, { recursive: true, force: true })
    else await rm(this.spoolPath, { force: true })
  }
}

async function countPackets(path: string): Promise<number> {
  let n = 0
  await readCaptureFile(path, () => {
    n++
  })
  return n
}

/**
 * Copies a spool into a pcapng or pcap file atomically; returns the number of packets written. The
 * written temp file is read back before it replaces `target`: an unreadable file or a packet count
 * other than the number written throws, and an existing `target` is left as it was.
 */
export async function saveSpool(
  spoolPath: string,
  target: string,
  format: 'pcapng' | 'pcap',
  iface: { name?: string; filter?: string } = {},
  opts: { readBack?: (path: string) => Promise<number> } = {},
): Promise<number> {
  const parser = new CaptureParser()
  const rec = newFrameRecord()
  let writer: PcapFileWriter | PcapngFileWriter | null = null
  let n = 0
  const readBack = opts.readBack ?? countPackets
  const verify = async (tmp: string): Promise<void> => {
    let got: number
    try {
      got = await readBack(tmp)
    } catch (err) {
      throw new Error(
        `the written file cannot be read back (${err instanceof Error ? err.message : String(err)}); ${target} was not replaced`,
        { cause: err },
      )
    }
    if (got !== n) throw new Error(`wrote ${n} packets but read back ${got}; ${target} was not replaced`)
  }
  const drain = async (): Promise<void> => {
    while (parser.next(rec)) {
      if (!writer) {
        const i = parser.info!.interfaces[0]
        writer =
          format === 'pcap'
            ? await PcapFileWriter.open(
                target,
                { linkType: i.linkType, snapLen: i.snapLen || 262144, nano: true },
                { atomic: true, sourcePath: spoolPath, verify },
              )
            : await PcapngFileWriter.open(
                target,
                {
                  userAppl: 'wirelite',
                  interfaces: [
                    {
                      linkType: i.linkType,
                      snapLen: i.snapLen,
                      tsresol: 9,
                      ...(iface.name ? { name: iface.name } : {}),
                      ...(iface.filter ? { filter: iface.filter } : {}),
                    },
                  ],
                },
                { atomic: true, sourcePath: spoolPath, verify },
              )
      }
      const data = rec.buf.slice(rec.dataOffset, rec.dataOffset + rec.capLen)
      await writer.writePacket({ tsSec: rec.tsSec, tsNsec: rec.tsNsec, data, origLen: rec.origLen })
      n++
    }
  }
  try {
    for await (const chunk of createReadStream(spoolPath, { highWaterMark: 1 << 20 })) {
      parser.push(chunk as Buffer)
      await drain()
    }
    parser.end()
    await drain()
    if (!writer) {
      // No packets: still write a valid, empty file with the spool's interface.
      const i = parser.info?.interfaces[0] ?? { linkType: 1, snapLen: 262144 }
      writer =
        format === 'pcap'
          ? await PcapFileWriter.open(
              target,
              { linkType: i.linkType, snapLen: i.snapLen || 262144, nano: true },
              { atomic: true, sourcePath: spoolPath, verify },
            )
          : await PcapngFileWriter.open(
              target,
              {
                userAppl: 'wirelite',
                interfaces: [{ linkType: i.linkType, snapLen: i.snapLen, tsresol: 9 }],
              },
              { atomic: true, sourcePath: spoolPath, verify },
            )
    }
    await (writer as PcapFileWriter | PcapngFileWriter).close()
  } catch (err) {
    await (writer as PcapFileWriter | PcapngFileWriter | null)?.abort()
    throw err
  }
  return n
}

export type { CaptureErrorInfo }
