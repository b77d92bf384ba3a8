// The sync schedule's rules (croner, never started here): whether a scheduled run was missed,
// the interval behind the "stale data" warning, and when the next sync is due.
import { Cron } from 'croner'

export interface Schedule { cron: string, timezone: string }

// One paused Cron per schedule, only ever asked for dates.
const pausedCrons = new WeakMap<Schedule, Cron>()
function paused (s: Schedule): Cron {
  let cron = pausedCrons.get(s)
  if (cron === undefined) {
    cron = new Cron(s.cron, { paused: true, timezone: s.timezone })
    pausedCrons.set(s, cron)
  }
  return cron
}

/** A scheduled run fell due between the last sync and now (or there never was a sync): catch up. */
export function scheduledRunMissed (schedule: Schedule | null, lastSyncAt: Date | null, now = new Date()): boolean {
  if (lastSyncAt === null) return true
  if (schedule === null) return false
  const due = paused(schedule).nextRun(lastSyncAt)
  return due !== null && due <= now
}

/** The time between two scheduled runs, from the next one on. */
export function scheduleInterval (schedule: Schedule, from = new Date()): number | null {
  const [a, b] = paused(schedule).nextRuns(2, from)
  return a !== undefined && b !== undefined ? b.getTime() - a.getTime() : null
}

export function nextRun (schedule: Schedule | null, from = new Date()): Date | null {
  return schedule === null ? null : paused(schedule).nextRun(from)
}

export function validateSchedule (cron: string, timezone = 'UTC'): string | null {
  try {
    paused({ cron, timezone }).nextRun()
    return null
  } catch (err) {
    return (err as Error).message
  }
}
