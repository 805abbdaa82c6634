/**
 * tcpdump's packet time stamps for each -t variant (util-print.c ts_print), reading a file at the
 * default microsecond precision: libpcap scales nanosecond files down by truncation, so a ns file prints
 * µs too. Local time is the process's time zone (the tests run with TZ=UTC).
 *
 *   0  (default)  "HH:MM:SS.uuuuuu "            local time of day
 *   1  -t          ""                           no time stamp
 *   2  -tt         "SSSSSSSSSS.uuuuuu "         seconds since the epoch
 *   3  -ttt        " HH:MM:SS.uuuuuu "          delta to the previous packet ("-" instead of the space when
 *                                               negative; whole days are dropped, as tcpdump formats it with gmtime)
 *   4  -tttt       "YYYY-MM-DD HH:MM:SS.uuuuuu " local date and time
 *   5  -ttttt      like -ttt but the delta to the first packet
 */
export type TsMode = 0 | 1 | 2 | 3 | 4 | 5

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n)
}
function pad6(n: number): string {
  const s = String(n)
  return s.length >= 6 ? s : '000000'.slice(s.length) + s
}

export class TimestampFormatter {
  private refSec = 0
  private refUsec = 0
  private haveRef = false

  constructor(readonly mode: TsMode) {}

  /** Format one packet's time stamp (call once per packet, in file order: -ttt/-ttttt keep state). */
  format(tsSec: number, tsNsec: number): string {
    const usec = Math.floor(tsNsec / 1000)
    switch (this.mode) {
      case 1:
        return ''
      case 2:
        return `${tsSec}.${pad6(usec)} `
      case 3:
      case 5: {
        if (!this.haveRef) {
          // tcpdump's "is the reference set" test is timerisset(): a zero first stamp never sets it.
          this.refSec = tsSec
          this.refUsec = usec
          this.haveRef = tsSec !== 0 || usec !== 0
        }
        const neg = tsSec < this.refSec || (tsSec === this.refSec && usec < this.refUsec)
        let ds: number
        let du: number
        if (neg) {
          ds = this.refSec - tsSec
          du = this.refUsec - usec
        } else {
          ds = tsSec - this.refSec
          du = usec - this.refUsec
        }
        if (du < 0) {
          ds -= 1
          du += 1_000_000
        }
        if (this.mode === 3) {
          this.refSec = tsSec
          this.refUsec = usec
          this.haveRef = tsSec !== 0 || usec !== 0
        }
        return `${neg ? '-' : ' '}${hms(ds)}.${pad6(du)} `
      }
      case 4: {
        const t = localParts(tsSec)
        return `${t.date} ${t.time}.${pad6(usec)} `
      }
      default: {
        const t = localParts(tsSec)
        return `${t.time}.${pad6(usec)} `
      }
    }
  }
}

/** Deltas are formatted as a UTC time of day (gmtime), so whole days drop out: 49 h prints 01:…. */
function hms(total: number): string {
  const sec = total % 86400
  const h = Math.floor(sec / 3600)
  const m = Math.floor((sec % 3600) / 60)
  const s = sec % 60
  return `${pad2(h)}:${pad2(m)}:${pad2(s)}`
}

const cache = { sec: NaN, date: '', time: '' }

function localParts(sec: number): { date: string; time: string } {
  if (sec === cache.sec) return cache
  const d = new Date(sec * 1000)
  cache.sec = sec
  if (Number.isNaN(d.getTime())) {
    cache.date = '[timestamp overflow]'
    cache.time = '[timestamp overflow]'
    return cache
  }
  const y = d.getFullYear()
  cache.date = `${y < 1000 ? String(y).padStart(4, '0') : y}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`
  cache.time = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`
  return cache
}
