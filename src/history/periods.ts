// Calendar periods in UTC: days, ISO weeks (starting Monday) and calendar months. Pure functions.
import type { Interval, Window } from '../schemas/history.js'

export interface Period {
  /** 2026-11-01 for a day, the Monday for a week, 2026-11 for a month. */
  label: string
  start: Date
  end: Date
}

const DAY = 86_400_000

// Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
function utc (year: number, month: number, day: number): Date {
  const d = new Date(0)
  d.setUTCFullYear(year, month, day)
  return d
}

export function startOfPeriod (t: Date, interval: Interval): Date {
  const day = utc(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate())
  if (interval === 'day') return day
  if (interval === 'week') return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY)
  return utc(t.getUTCFullYear(), t.getUTCMonth(), 1)
}

export function nextPeriod (start: Date, interval: Interval): Date {
  if (interval === 'day') return new Date(start.getTime() + DAY)
  if (interval === 'week') return new Date(start.getTime() + 7 * DAY)
  return utc(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)
}

export function periodLabel (start: Date, interval: Interval): string {
  const iso = start.toISOString()
  return interval === 'month' ? iso.slice(0, 7) : iso.slice(0, 10)
}

/** How many periods touch [from, to], computed without building them (ranges may span millennia). */
export function countPeriods (from: Date, to: Date, interval: Interval): number {
  if (to <= from) return 0
  const start = startOfPeriod(from, interval)
  if (interval === 'month') {
    // the month of the last instant inside the range: a `to` on the 1st ends the month before
    const last = new Date(to.getTime() - 1)
    return (last.getUTCFullYear() - start.getUTCFullYear()) * 12 + (last.getUTCMonth() - start.getUTCMonth()) + 1
  }
  return Math.ceil((to.getTime() - start.getTime()) / (interval === 'day' ? DAY : 7 * DAY))
}

/** The periods touching [from, to], oldest first. Periods never extend past `to`. */
export function periodsBetween (from: Date, to: Date, interval: Interval): Period[] {
  const out: Period[] = []
  for (let start = startOfPeriod(from, interval); start < to; start = nextPeriod(start, interval)) {
    const end = nextPeriod(start, interval)
    out.push({ label: periodLabel(start, interval), start, end: end < to ? end : to })
  }
  return out
}

/** How far back a series goes by default: 30 days, 12 weeks or 12 months. */
export function defaultFrom (to: Date, interval: Interval): Date {
  if (interval === 'day') return new Date(startOfPeriod(to, 'day').getTime() - 29 * DAY)
  if (interval === 'week') return new Date(startOfPeriod(to, 'week').getTime() - 11 * 7 * DAY)
  const m = startOfPeriod(to, 'month')
  return utc(m.getUTCFullYear(), m.getUTCMonth() - 11, 1)
}

export const WINDOWS: Record<Window, number> = { '7d': 7 * DAY, '30d': 30 * DAY, '90d': 90 * DAY }

/** A boundary is "complete" when its snapshot is at most this much older than the boundary. */
export const MAX_SNAPSHOT_AGE_MS = 36 * 3_600_000
