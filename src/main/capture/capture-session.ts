import { BatchBuilder } from './batch-codec'
import { CAP_SNAPLEN, linkTypeFromCapName, type CapHandle, type CapModule } from './cap-binding'
import { classifyOpenError, deviceDownError, type CaptureErrorInfo } from './capture-errors'
import { interfaceFlags } from './interfaces'
import { SpoolWriter } from './spool-writer'
import type { CaptureStartOptions, CaptureStats, HelperToParent } from './protocol'

export const DEFAULT_SNAPLEN = 262144
export const DEFAULT_BUFFER_SIZE = 64 * 1024 * 1024
const DEVICE_CHECK_MS = 500

/**
 * Wall-clock time from a monotonic clock. Packets are stamped with performance.now() (monotonic,
 * sub-µs, a plain double: no allocation per packet, unlike process.hrtime.bigint()). The anchor to wall
 * time comes from the edges of Date.now()'s millisecond ticks: at an edge, wall = tick exactly, and the
 * monotonic reading right after it is late by however long we were delayed (preemption on a busy host
 * makes that milliseconds). Every delay makes the estimate of (wall - monotonic) smaller, so take the
 * largest over ~20 edges: the error is then about one loop iteration (well under 1 µs) unless every
 * sample was preempted.
 */
export class MonotonicWallClock {
  readonly anchorSec: number
  readonly anchorNsec: number
  private readonly perf0: number
  sec = 0
  nsec = 0

  constructor(edges = 20) {
    let best = -Infinity // wall ms - perf ms at an edge
    let prev = Date.now()
    for (let seen = 0; seen < edges;) {
      const ms = Date.now()
      if (ms === prev) continue
      const p = performance.now()
      if (ms === prev + 1) {
        // Only edges we watched happen (no jump): the tick is the wall time of this edge.
        if (ms - p > best) best = ms - p
        seen++
      }
      prev = ms
    }
    // Anchor at a whole millisecond of monotonic time: wall = perf0 + best.
    this.perf0 = Math.floor(performance.now())
    const wallMs = this.perf0 + best // fractional ms
    const whole = Math.floor(wallMs)
    this.anchorSec = Math.floor(whole / 1000)
    this.anchorNsec = (whole % 1000) * 1e6 + Math.round((wallMs - whole) * 1e6)
  }

  /** Sets `sec`/`nsec` to the current wall time. */
  stamp(): void {
    const ns = this.anchorNsec + Math.round((performance.now() - this.perf0) * 1e6)
    const carry = Math.floor(ns / 1e9)
    this.sec = this.anchorSec + carry
    this.nsec = ns - carry * 1e9
  }

  anchorString(): string {
    return `${this.anchorSec}${String(this.anchorNsec).padStart(9, '0')}`
  }
}

/**
 * `cap` asks libpcap for 65535 bytes per packet and does not pass on the wire length, so a frame cut
 * there (loopback GSO frames reach 65550+) would lose its real length. Recover it from the IP header.
 */
export function wireLength(linkType: number, b: Uint8Array, n: number): number {
  if (n < CAP_SNAPLEN) return n
  let l3 = -1
  let etherType = -1
  if (linkType === 1 && n >= 14) {
    l3 = 14
    etherType = (b[12] << 8) | b[13]
  } else if (linkType === 113 && n >= 16) {
    l3 = 16
    etherType = (b[14] << 8) | b[15]
  } else if (linkType === 101 && n >= 1) {
    l3 = 0
    etherType = b[0] >> 4 === 6 ? 0x86dd : 0x0800
  }
  if (etherType === 0x0800 && n >= l3 + 4) return Math.max(n, l3 + ((b[l3 + 2] << 8) | b[l3 + 3]))
  if (etherType === 0x86dd && n >= l3 + 6) return Math.max(n, l3 + 40 + ((b[l3 + 4] << 8) | b[l3 + 5]))
  return n
}

/**
 * The capture itself, inside the helper process: cap → timestamps → batch → spool + parent. This thread
 * only reads and stamps packets; the spool is written by a worker thread (SpoolWriter), and a batch is
 * announced to the parent once it is on disk (the engine reads the spool).
 */
export class CaptureSession {
  private handle: CapHandle | null = null
  private spool: SpoolWriter | null = null
  private stopping: Promise<void> | null = null
  private readonly builder = new BatchBuilder()
  private readonly clock = new MonotonicWallClock()
  private readonly pktBuf = Buffer.alloc(CAP_SNAPLEN + 1)
  /** A pending flush (setImmediate or setTimeout); see scheduleFlush. */
  private flushPending: { cancel(): void } | null = null
  private lastFlush = -Infinity
  private deviceTimer: NodeJS.Timeout | null = null
  private received = 0
  private sentUpTo = 0
  private stopped = false
  private linkType = -1
  private snapLen = DEFAULT_SNAPLEN
  private opts!: Required<CaptureStartOptions>

  constructor(
    private readonly cap: CapModule,
    private readonly emit: (m: HelperToParent) => void,
  ) {}

  /** Opens the device (filter compiled by libpcap) and starts; returns the error instead of starting. */
  start(o: CaptureStartOptions): CaptureErrorInfo | null {
    this.opts = {
      snapLen: DEFAULT_SNAPLEN,
      bufferSize: DEFAULT_BUFFER_SIZE,
      flushMs: 50,
      flushPackets: 256,
      streamPackets: true,
      maxPackets: 0,
      ...o,
    }
    const flags = interfaceFlags(o.device)
    if (flags !== null && (flags & 1) === 0) return deviceDownError(o.device, 'the interface is not up')
    const c = new this.cap.Cap()
    let linkName: string
    try {
      linkName = c.open(o.device, o.filter, this.opts.bufferSize, this.pktBuf)
    } catch (err) {
      // Do not close(): cap 0.2.1 aborts the process (NAN Unref assertion) when close() follows a failed
      // open. A bad filter leaves libpcap's handle open, so the parent ends this helper after a failed start.
      return classifyOpenError(err, { device: o.device, filter: o.filter })
    }
    this.handle = c
    this.linkType = linkTypeFromCapName(linkName)
    this.snapLen = Math.max(1, Math.min(this.opts.snapLen, 262144))
    try {
      this.spool = SpoolWriter.create(
        o.spoolPath,
        { linkType: this.linkType, snapLen: this.snapLen, name: o.device, filter: o.filter },
        { written: (count, bytes) => this.onWritten(count, bytes), failed: (msg) => this.onSpoolFailed(msg) },
      )
    } catch (err) {
      c.close()
      this.handle = null
      return {
        code: 'spool',
        message: `Cannot write the capture spool file ${o.spoolPath}: ${(err as Error).message}. Check free disk space and permissions of the directory.`,
      }
    }
    c.on('packet', (n) => this.onPacket(n))
    if (flags !== null) this.deviceTimer = setInterval(() => this.checkDevice(), DEVICE_CHECK_MS)
    this.emit({
      type: 'started',
      device: o.device,
      linkType: this.linkType,
      snapLen: this.snapLen,
      clockAnchorNs: this.clock.anchorString(),
    })
    return null
  }

  private onPacket(n: number): void {
    if (this.stopped) return
    this.clock.stamp()
    const capLen = n < this.snapLen ? n : this.snapLen
    const origLen = wireLength(this.linkType, this.pktBuf, n)
    this.builder.append(this.clock.sec, this.clock.nsec, this.pktBuf, capLen, origLen)
    this.received++
    if (this.opts.maxPackets > 0 && this.received >= this.opts.maxPackets) void this.stop('count')
    else if (this.builder.count >= this.opts.flushPackets) this.flush()
    else this.scheduleFlush()
  }

  /**
   * Flush on the leading edge: the first packet after a quiet spell goes out as soon as this turn of the
   * event loop has delivered what libpcap had (setImmediate), so a lone packet reaches the screen without
   * waiting for a timer; while packets keep coming, at most one flush per flushMs (or per flushPackets).
   */
  private scheduleFlush(): void {
    if (this.flushPending) return
    const wait = this.lastFlush + this.opts.flushMs - performance.now()
    const run = (): void => {
      this.flushPending = null
      this.flush()
    }
    if (wait <= 0) {
      const h = setImmediate(run)
      this.flushPending = { cancel: () => clearImmediate(h) }
    } else {
      const h = setTimeout(run, wait)
      this.flushPending = { cancel: () => clearTimeout(h) }
    }
  }

  stats(): CaptureStats {
    return { received: this.received, dropped: null, spoolBytes: this.spool?.bytesWritten ?? 0 }
  }

  /** Hands the pending batch to the spool writer; the parent hears of it once it is written. */
  flush(): void {
    this.flushPending?.cancel()
    this.flushPending = null
    if (this.builder.count === 0 || !this.spool) return
    this.lastFlush = performance.now()
    const count = this.builder.count
    this.spool.write(this.builder.take(), count)
  }

  private onWritten(count: number, bytes: Uint8Array): void {
    const firstNumber = this.sentUpTo + 1
    this.sentUpTo += count
    this.emit({
      type: 'batch',
      firstNumber,
      count,
      bytes: this.opts.streamPackets ? bytes : new Uint8Array(0),
      stats: this.stats(),
    })
  }

  private onSpoolFailed(reason: string): void {
    this.emit({
      type: 'error',
      error: {
        code: 'spool',
        message: `Cannot write the capture spool file ${this.opts.spoolPath}: ${reason}. The capture stopped; the packets written so far are kept. Free disk space (or choose another temporary directory) and start again.`,
      },
      fatal: false,
    })
    void this.stop('error')
  }

  private checkDevice(): void {
    const flags = interfaceFlags(this.opts.device)
    if (flags !== null && (flags & 1) !== 0) return
    this.emit({
      type: 'error',
      error: deviceDownError(
        this.opts.device,
        flags === null ? 'the interface was removed' : 'the interface went down',
      ),
      fatal: false,
    })
    void this.stop('error')
  }

  /**
   * Stops reading, writes what is pending, closes the spool and then says 'stopped'. Resolves when the
   * spool is closed (the process may exit then); every call returns the same promise.
   */
  stop(reason: 'requested' | 'count' | 'error' = 'requested'): Promise<void> {
    this.stopping ??= this.stopNow(reason)
    return this.stopping
  }

  private async stopNow(reason: 'requested' | 'count' | 'error'): Promise<void> {
    this.stopped = true
    if (this.deviceTimer) clearInterval(this.deviceTimer)
    try {
      this.handle?.close()
    } catch {
      /* already closed */
    }
    this.handle = null
    this.flush()
    await this.spool?.close()
    this.emit({ type: 'stopped', stats: this.stats(), reason })
  }
}
