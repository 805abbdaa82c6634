import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readlinkSync } from 'node:fs'

/** SCHED_FIFO priority of the helper's main thread (low: above every normal process, below the kernel's). */
const RT_PRIORITY = 10

/**
 * Linux: put this process's main thread (where libpcap's packets are read and stamped) under SCHED_FIFO,
 * so a busy machine cannot delay the arrival stamps by a whole scheduler slice. Measured on a 2-core
 * machine at load 17: |stamp - kernel stamp| p99 23 ms with normal scheduling, 0.33 ms with this. Best
 * effort: needs CAP_SYS_NICE (root has it) and util-linux `chrt`; silently skipped otherwise or when
 * WIRELITE_CAPTURE_REALTIME=0. The kernel's RT throttling (sched_rt_runtime_us) still leaves other
 * processes 5 % of each CPU even if the helper were saturated. Returns whether it took effect.
 */
export function requestRealtime(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform !== 'linux' || env.WIRELITE_CAPTURE_REALTIME === '0') return false
  const chrt = chrtPath()
  if (!chrt) return false
  // Every thread (-a): the main thread reads and stamps, but it also waits on V8's GC helper threads.
  const r = spawnSync(chrt, ['-a', '-f', '-p', String(RT_PRIORITY), String(process.pid)], { stdio: 'ignore' })
  return r.status === 0
}

/**
 * Linux: puts the calling thread (only it) back under normal scheduling if it inherited a real-time
 * policy. For the helper's bulk-work threads (the spool writer): at real-time priority they would compete
 * with the stamping thread for the CPUs, and real-time threads that keep a CPU busy get stopped by the
 * kernel for tens of ms so that normal tasks can run. Its nice value (the helper's -10) stays. Returns
 * whether the thread now runs under the normal policy.
 */
export function leaveRealtimeThisThread(): boolean {
  if (process.platform !== 'linux') return false
  try {
    // /proc/thread-self → "<pid>/task/<tid>"; field 41 of its stat is the scheduling policy (0 = normal).
    const tid = readlinkSync('/proc/thread-self').split('/').pop()!
    const stat = readFileSync('/proc/thread-self/stat', 'utf8')
    const policy = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[41 - 3])
    if (policy !== 1 && policy !== 2) return true // not SCHED_FIFO / SCHED_RR
    const chrt = chrtPath()
    if (!chrt) return false
    return spawnSync(chrt, ['-o', '-p', '0', tid], { stdio: 'ignore' }).status === 0
  } catch {
    return false
  }
}

function chrtPath(): string | undefined {
  return ['/usr/bin/chrt', '/bin/chrt'].find((p) => existsSync(p))
}
