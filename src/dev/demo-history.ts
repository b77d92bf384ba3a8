// The demo's SYNTHETIC download history: one curve per model, shaped like a release (a launch spike,
// a decaying tail, quieter weekends), a seeded function of the model and the day. The backfill
// samples it once a day; the replay Hub answers it at the current time, so every sync moves the
// counts and nothing ever goes down. Never real Hub statistics: stored with source `demo`.
import type { SnapshotRow } from '../history/history-repo.js'

export const DAY = 86_400_000
/** Days of synthetic history before the demo's first sync. */
export const DEMO_DAYS = 120
/**
 * The UTC hour of each synthetic daily snapshot. Before noon, so that one missing snapshot leaves the
 * next midnight boundary over 36 h from the last one: a gap shows as a gap, not as a day of 0.
 */
export const SNAPSHOT_HOUR = 6
/** The deliberate gap: this model has no synthetic snapshot on these days (from launch), so the chart shows a gap. */
export const DEMO_GAP = { modelId: 'cerebras/Cerebras-GPT-590M', days: [104, 105] }

export interface DemoCounts { downloads: number, downloadsAllTime: number, likes: number }

/** The all-time downloads and likes a curve reaches DEMO_DAYS after launch (the replay Hub's placeholders). */
export interface DemoTarget { downloadsAllTime: number, likes: number }

/** A number in [0, 1) from a string: FNV-1a, then a 32-bit finaliser (murmur3's), so neighbouring days differ. */
export function seeded (key: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32
}

/** The first instant of the UTC day of t. */
export const startOfDay = (t: Date): Date => new Date(Math.floor(t.getTime() / DAY) * DAY)

export class DemoCurve {
  readonly #tau: number
  readonly #tail: number
  readonly #scale: number
  /** #raw[d]: the unscaled cumulative downloads at the start of day d. */
  readonly #raw: number[] = [0]

  constructor (readonly modelId: string, readonly launch: Date, readonly target: DemoTarget) {
    // Each model decays at its own pace, to its own steady tail.
    this.#tau = 8 + 8 * seeded(`${modelId}|tau`)
    this.#tail = 0.04 + 0.05 * seeded(`${modelId}|tail`)
    this.#scale = target.downloadsAllTime / this.#cumulativeRaw(DEMO_DAYS)
  }

  /** Downloads on day d since launch, before scaling: a rise over the first days, exponential decay, a floor. */
  #dailyRaw (d: number): number {
    const weekday = new Date(this.launch.getTime() + d * DAY).getUTCDay()
    const weekend = weekday === 0 || weekday === 6 ? 0.75 : 1
    const noise = 0.85 + 0.3 * seeded(`${this.modelId}|${d}`)
    return ((1 - Math.exp(-(d + 1) / 1.5)) * Math.exp(-d / this.#tau) + this.#tail) * weekend * noise
  }

  #cumulativeRaw (d: number): number {
    for (let k = this.#raw.length; k <= d; k++) this.#raw[k] = this.#raw[k - 1] + this.#dailyRaw(k - 1)
    return this.#raw[d]
  }

  /** All-time downloads at the start of day d (0 before launch). Rounded from one cumulative curve, so it never goes down and day DEMO_DAYS is the target exactly. */
  allTimeAtDay (d: number): number {
    return d <= 0 ? 0 : Math.round(this.#scale * this.#cumulativeRaw(d))
  }

  /** Downloads during day d. */
  increment (d: number): number {
    return this.allTimeAtDay(d + 1) - this.allTimeAtDay(d)
  }

  /** All-time downloads at an instant: the day's downloads arrive evenly through the day. */
  allTimeAt (t: Date): number {
    const since = t.getTime() - this.launch.getTime()
    if (since <= 0) return 0
    const d = Math.floor(since / DAY)
    return this.allTimeAtDay(d) + Math.floor(((since - d * DAY) / DAY) * this.increment(d))
  }

  /** What the Hub would say at t: the rolling 30-day count is the all-time increase over those 30 days. */
  countsAt (t: Date): DemoCounts {
    const downloadsAllTime = this.allTimeAt(t)
    return {
      downloads: downloadsAllTime - this.allTimeAt(new Date(t.getTime() - 30 * DAY)),
      downloadsAllTime,
      // Likes follow downloads, reaching the placeholder on day DEMO_DAYS.
      likes: Math.floor(this.target.likes * downloadsAllTime / Math.max(1, this.target.downloadsAllTime))
    }
  }

  /** The synthetic daily snapshots: one at SNAPSHOT_HOUR on each of the DEMO_DAYS days from launch, but for the gap. */
  snapshots (): SnapshotRow[] {
    const rows: SnapshotRow[] = []
    for (let d = 0; d < DEMO_DAYS; d++) {
      if (this.modelId === DEMO_GAP.modelId && DEMO_GAP.days.includes(d)) continue
      const takenAt = new Date(this.launch.getTime() + d * DAY + SNAPSHOT_HOUR * 3_600_000)
      rows.push({ modelId: this.modelId, takenAt, ...this.countsAt(takenAt) })
    }
    return rows
  }
}
