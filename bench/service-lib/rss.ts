// Samples a process's resident memory (VmRSS in /proc/<pid>/status) on a timer, for the soak's
// growth and the import's peak. Linux only: elsewhere no samples are taken.
import { readFile, writeFile } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'

export interface RssSample { /** ms since start() */ t: number, mib: number }

async function status (pid: number, field: string): Promise<number | null> {
  try {
    const text = await readFile(`/proc/${pid}/status`, 'utf8')
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1]
    return kb === undefined ? null : Math.round(Number(kb) / 1024 * 10) / 10
  } catch {
    return null
  }
}

export class RssSampler {
  readonly samples: RssSample[] = []
  #timer: NodeJS.Timeout | undefined
  #t0 = 0

  constructor (private readonly pid: number, private readonly everyMs: number) {}

  start (): void {
    this.#t0 = performance.now()
    const take = () => {
      status(this.pid, 'VmRSS').then((mib) => { if (mib !== null) this.samples.push({ t: performance.now() - this.#t0, mib }) }, () => {})
    }
    take()
    this.#timer = setInterval(take, this.everyMs)
  }

  stop (): RssSample[] {
    clearInterval(this.#timer)
    return this.samples
  }

  peak (): number | null {
    return this.samples.length === 0 ? null : Math.max(...this.samples.map((s) => s.mib))
  }

  /** Mean of the samples taken in [fromMs, toMs) since start(). */
  mean (fromMs: number, toMs: number): number | null {
    const inside = this.samples.filter((s) => s.t >= fromMs && s.t < toMs)
    return inside.length === 0 ? null : Math.round(inside.reduce((sum, s) => sum + s.mib, 0) / inside.length * 10) / 10
  }

  /** The process's peak RSS since it started (VmHWM). */
  highWater (): Promise<number | null> {
    return status(this.pid, 'VmHWM')
  }

  now (): Promise<number | null> {
    return status(this.pid, 'VmRSS')
  }
}

/**
 * Resets the process's VmHWM to its current RSS (writing 5 to /proc/<pid>/clear_refs, Linux 4.0+),
 * so highWater() then gives the peak of what follows; false where that is not allowed.
 */
export async function resetHighWater (pid: number): Promise<boolean> {
  try {
    await writeFile(`/proc/${pid}/clear_refs`, '5')
    return true
  } catch {
    return false
  }
}
