// Timing helpers for benches: repeated runs after warm-ups, medians and nearest-rank percentiles.
import { performance } from 'node:perf_hooks'

export interface Timing { runs: number, p50: number, p95: number, min: number, max: number, mean: number }

/** Nearest-rank percentile of sorted values: with 15 runs, p95 is the slowest. */
export function percentile (sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p / 100 * sorted.length) - 1)]
}

export function summarize (ms: number[]): Timing {
  const sorted = [...ms].sort((a, b) => a - b)
  const round = (x: number) => Math.round(x * 100) / 100
  return {
    runs: ms.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    min: round(sorted[0]),
    max: round(sorted.at(-1)!),
    mean: round(ms.reduce((s, x) => s + x, 0) / ms.length)
  }
}

/** Runs `fn` `warmups` times unmeasured, then `runs` times one after another, in milliseconds. */
export async function measure (fn: () => Promise<unknown>, opts: { warmups: number, runs: number }): Promise<Timing> {
  for (let i = 0; i < opts.warmups; i++) await fn()
  const ms: number[] = []
  for (let i = 0; i < opts.runs; i++) {
    const t = performance.now()
    await fn()
    ms.push(performance.now() - t)
  }
  return summarize(ms)
}
