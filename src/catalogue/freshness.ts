// How fresh the catalogue is: when the last sync committed (any process's, as the read model
// knows it), whether that is stale against the schedule, and how long an answer may be cached
// before the next sync is due.
import { nextRun, scheduleInterval, type Schedule } from '../schedule.js'

// Data is stale when no sync succeeded within this many schedule intervals.
const STALE_AFTER_INTERVALS = 3

export interface FreshnessOptions {
  schedule: Schedule | null
  /** The longest max-age we give, whatever the schedule says. */
  maxAgeCapSeconds?: number
  /** max-age when there is no schedule: syncs come from outside (cron, CronJob, admin API). */
  unscheduledMaxAgeSeconds?: number
}

export class Freshness {
  /** lastSyncAt: the end of the newest committed sync. */
  constructor (readonly lastSyncAt: () => Promise<Date | null>, private readonly opts: FreshnessOptions) {}

  isStale (lastSync: Date | null, now = new Date()): boolean {
    if (lastSync === null) return true
    if (this.opts.schedule === null) return false
    const interval = scheduleInterval(this.opts.schedule, now)
    return interval !== null && now.getTime() - lastSync.getTime() > STALE_AFTER_INTERVALS * interval
  }

  /** Seconds until the next scheduled sync (capped), or a short default without a schedule. */
  maxAgeSeconds (now = Date.now()): number {
    // From the same instant as the subtraction below, so one clock reading decides both.
    const next = nextRun(this.opts.schedule, new Date(now))
    if (next === null) return this.opts.unscheduledMaxAgeSeconds ?? 60
    return Math.max(0, Math.min(this.opts.maxAgeCapSeconds ?? 3600, Math.floor((next.getTime() - now) / 1000)))
  }
}
