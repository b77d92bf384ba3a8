// How fresh the catalogue is: when the last sync committed (any process's), whether that is stale
// against the schedule, and how long an answer may be cached before the next sync is due.
import { nextRun, scheduleInterval, type Schedule } from '../schedule.js'
import type { SyncRunsRepo } from './sync-runs-repo.js'

// Data is stale when no sync succeeded within this many schedule intervals.
const STALE_AFTER_INTERVALS = 3
// Other processes (replicas, system cron, a CronJob) commit syncs too: re-read this often.
const LAST_SYNC_TTL_MS = 30_000

export interface FreshnessOptions {
  schedule: Schedule | null
  /** The longest max-age we give, whatever the schedule says. */
  maxAgeCapSeconds?: number
  /** max-age when there is no schedule: syncs come from outside (cron, CronJob, admin API). */
  unscheduledMaxAgeSeconds?: number
}

export class Freshness {
  #last: { value: Date | null, readAt: number } | null = null

  constructor (private readonly syncRuns: Pick<SyncRunsRepo, 'lastCompletedAt'>, private readonly opts: FreshnessOptions) {}

  /** The end of the newest committed sync, re-read at most every 30 s. */
  async lastSyncAt (): Promise<Date | null> {
    if (this.#last === null || Date.now() - this.#last.readAt > LAST_SYNC_TTL_MS) {
      this.#last = { value: await this.syncRuns.lastCompletedAt(), readAt: Date.now() }
    }
    return this.#last.value
  }

  /** A sync of this process committed: known at once, without a query. */
  committed (finishedAt: Date): void {
    this.#last = { value: finishedAt, readAt: Date.now() }
  }

  isStale (lastSync: Date | null, now = new Date()): boolean {
    if (lastSync === null) return true
    if (this.opts.schedule === null) return false
    const interval = scheduleInterval(this.opts.schedule, now)
    return interval !== null && now.getTime() - lastSync.getTime() > STALE_AFTER_INTERVALS * interval
  }

  /** Seconds until the next scheduled sync (capped), or a short default without a schedule. */
  maxAgeSeconds (now = Date.now()): number {
    const next = nextRun(this.opts.schedule)
    if (next === null) return this.opts.unscheduledMaxAgeSeconds ?? 60
    return Math.max(0, Math.min(this.opts.maxAgeCapSeconds ?? 3600, Math.floor((next.getTime() - now) / 1000)))
  }
}
