// The in-process schedule (croner), and the staleness rule shared by `npm start`.
import { Cron } from 'croner'

/** The catalogue is stale when a scheduled run was due between its last sync and now. */
export function isStale (schedule: string | null, lastSyncAt: Date | null, now = new Date()): boolean {
  if (lastSyncAt === null) return true
  if (schedule === null) return false
  const due = new Cron(schedule, { paused: true }).nextRun(lastSyncAt)
  return due !== null && due <= now
}

export function validateSchedule (schedule: string): string | null {
  try {
    // eslint-disable-next-line no-new
    new Cron(schedule, { paused: true })
    return null
  } catch (err) {
    return (err as Error).message
  }
}

export function startSchedule (schedule: string, task: () => Promise<void>): Cron {
  // protect: a tick that comes while the previous run is still going is skipped, not stacked.
  return new Cron(schedule, { protect: true, catch: true }, task)
}
