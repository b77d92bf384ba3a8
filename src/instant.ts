// Strict ISO 8601 instants, as every input of the service takes them (query ranges, imports):
// 2026-11-01, 2026-11-01T12:00Z, 2026-11-01T12:00:00.123+02:00. A date that does not exist
// (2020-02-30) is refused, not rolled over, and years outside 1970..9999 are refused: no Hub
// download count predates 1970, and the bounds keep every derived date printable as ISO.

export const MIN_INSTANT = Date.UTC(1970, 0, 1)
export const MAX_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999)
export const INSTANT_RANGE = '1970-01-01 to 9999-12-31'

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/

/** True for a bare date (2026-11-01): it names a whole UTC day. */
export const isBareDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value)

/** The instant an ISO 8601 date or date-time names (UTC unless it says otherwise), or null. */
export function parseInstant (value: string): Date | null {
  const m = ISO.exec(value)
  if (m === null) return null
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number)
  if (year < 1970) return null
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return null
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, Number(frac.slice(0, 3).padEnd(3, '0')))
  if (zone !== 'Z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4, 6)) > 59)) return null
  const offset = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000
  const t = ms - offset
  return t >= MIN_INSTANT && t <= MAX_INSTANT ? new Date(t) : null
}

function daysIn (year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}
