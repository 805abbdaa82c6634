import { readFileSync } from 'node:fs'
// Row and text helpers shared by the bench sections.

export function row(tool, r, packets, note) {
  return {
    tool,
    wallS: r.wallS,
    cpuS: r.cpuS,
    pps: r.code === 0 ? packets / r.wallS : null,
    peakRssKB: r.peakRssKB,
    code: r.code,
    note,
  }
}

export function missing(tool) {
  return { tool, wallS: null, cpuS: null, pps: null, peakRssKB: null, code: null, note: 'not installed' }
}

/** A section that could not run here: one row saying why, nothing measured. */
export function skipped(tool, why) {
  return {
    rows: [{ tool, wallS: null, cpuS: null, pps: null, peakRssKB: null, code: null, note: why }],
    facts: [],
    json: { skipped: why },
  }
}

export function parseJson(s) {
  try {
    return JSON.parse(s)
  } catch {
    return null
  }
}

export function firstLine(s) {
  return (
    (s || '')
      .trim()
      .split('\n')
      .find((l) => l.trim()) ?? ''
  )
}

export function fmtRate(x) {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(0)} k` : x.toFixed(0)
}

export function fmtMB(kb) {
  return kb ? `${(kb / 1024).toFixed(0)} MB` : 'n/a'
}

/** p50, p95, max and count of some measurements (nearest rank on the sorted values). */
export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1], n: sorted.length }
}

/**
 * Chromium coarsens page clocks to 0.1 ms, so one 60 Hz period (16.67 ms) reads as 16.6, 16.7 or 16.8:
 * a frame time within one clock step of the goal is a frame on every beat. Compared in clock steps
 * (16.7 + 0.1 is 16.799999… in floating point).
 */
export const CLOCK_STEP_MS = 0.1
export function withinFrameGoal(ms, goalMs) {
  return Math.round(ms / CLOCK_STEP_MS) <= Math.round(goalMs / CLOCK_STEP_MS) + 1
}

/**
 * CPU time the hypervisor takes from this (virtual) machine: call once before and once after a
 * measurement; the second call returns the share of all CPU time that was stolen meanwhile (%), null
 * where /proc/stat has no steal column. Frame times and arrival stamps are late by however long a vCPU
 * was away, so a measurement is read next to this.
 */
export function stealMeter() {
  const read = () => {
    try {
      const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
      return f.length >= 8 ? [f[7], f.slice(0, 8).reduce((a, b) => a + b, 0)] : null
    } catch {
      return null
    }
  }
  const t0 = read()
  return () => {
    const t1 = read()
    return t0 && t1 && t1[1] > t0[1] ? (100 * (t1[0] - t0[0])) / (t1[1] - t0[1]) : null
  }
}
