// Download history from our own snapshots. allTime(t) is the all-time count of the latest snapshot
// at or before t; downloads in (a, b] = allTime(b) - allTime(a): whole numbers, never interpolated,
// null when a boundary has no snapshot, flagged incomplete when a boundary's snapshot is over 36 h
// old, flagged `recount` (and floored at 0) when the Hub lowered its count inside the period.
import { TooManyPeriodsError } from '../errors.js'
import { type BoundaryValue, HistoryRepo, type Recount } from './history-repo.js'
import type { FamilyPoint, FirstTwoWeeks, Interval, SeriesPoint, TrendItem, Window } from '../schemas/history.js'
import { countPeriods, defaultFrom, MAX_SNAPSHOT_AGE_MS, periodsBetween, WINDOWS } from './periods.js'

export const MAX_PERIODS = 1000
const TWO_WEEKS = 14 * 86_400_000

export interface Figure { downloads: number | null, complete: boolean, recount: boolean }

type Lookup = (id: string, at: Date) => BoundaryValue | undefined

export class DownloadsHistory {
  constructor (private readonly repo: HistoryRepo) {}

  /** The instant figures are computed for: as asked, else the newest snapshot; null with no history. */
  async asOf (ids: string[], asked?: Date): Promise<Date | null> {
    return asked ?? await this.repo.latestSnapshotAt(ids)
  }

  async series (ids: string[], interval: Interval, range: { from?: Date, to?: Date } = {}): Promise<{ asOf: Date | null, series: Map<string, SeriesPoint[]> }> {
    const asOf = await this.asOf(ids)
    const to = range.to ?? asOf
    const series = new Map<string, SeriesPoint[]>(ids.map((id) => [id, []]))
    if (to === null) return { asOf, series }
    const from = range.from ?? defaultFrom(to, interval)
    const count = countPeriods(from, to, interval)
    if (count > MAX_PERIODS) throw new TooManyPeriodsError(count, MAX_PERIODS)
    const periods = periodsBetween(from, to, interval)
    if (periods.length === 0) return { asOf, series }
    const instants = uniqueInstants(periods.flatMap((p) => [p.start, p.end]))
    const [values, recounts] = await Promise.all([
      this.repo.valuesAt(ids, instants),
      this.repo.recounts(ids, periods[0].start, periods.at(-1)!.end)
    ])
    const at = lookup(values)
    for (const id of ids) {
      series.set(id, periods.map((p) => {
        const end = at(id, p.end)
        return {
          period: p.label,
          ...figure(id, at(id, p.start), end, p.start, p.end, recounts),
          downloadsAllTime: end?.downloadsAllTime ?? null,
          downloads30d: end?.downloads30d ?? null
        }
      }))
    }
    return { asOf, series }
  }

  async trends (ids: string[], window: Window, askedAsOf?: Date): Promise<{ asOf: Date | null, items: TrendItem[] }> {
    const asOf = await this.asOf(ids, askedAsOf)
    if (asOf === null) return { asOf, items: [] }
    const w = WINDOWS[window]
    const start = new Date(asOf.getTime() - w)
    const before = new Date(asOf.getTime() - 2 * w)
    const [values, recounts] = await Promise.all([this.repo.valuesAt(ids, [before, start, asOf]), this.repo.recounts(ids, before, asOf)])
    const at = lookup(values)
    const rows = ids.map((id) => {
      const now = figure(id, at(id, start), at(id, asOf), start, asOf, recounts)
      const prev = figure(id, at(id, before), at(id, start), before, start, recounts)
      const likesNow = at(id, asOf)?.likes ?? null
      const likesThen = at(id, start)?.likes ?? null
      return { id, now, prev, likesChange: likesNow !== null && likesThen !== null ? likesNow - likesThen : null }
    })
    const rank = rankBy(rows.map((r) => [r.id, r.now.downloads]))
    const previousRank = rankBy(rows.map((r) => [r.id, r.prev.downloads]))
    const total = rows.reduce((sum, r) => sum + (r.now.downloads ?? 0), 0)
    const items = rows.map(({ id, now, prev, likesChange }): TrendItem => {
      const change = now.downloads !== null && prev.downloads !== null ? now.downloads - prev.downloads : null
      return {
        id,
        downloads: now.downloads,
        previousDownloads: prev.downloads,
        change,
        changePct: change !== null && prev.downloads !== null && prev.downloads > 0 ? round(100 * change / prev.downloads, 2) : null,
        rank: rank.get(id) ?? null,
        previousRank: previousRank.get(id) ?? null,
        share: now.downloads !== null && total > 0 ? round(now.downloads / total, 4) : null,
        likesChange,
        complete: now.complete && prev.complete,
        recount: now.recount || prev.recount
      }
    })
    items.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.id.localeCompare(b.id))
    return { asOf, items }
  }

  async family (ids: string[], interval: Interval, range: { from?: Date, to?: Date } = {}) {
    const { asOf, series } = await this.series(ids, interval, range)
    const periods = series.get(ids[0])?.map((p) => p.period) ?? []
    const points = periods.map((period, i): FamilyPoint => {
      const figures = ids.map((id) => series.get(id)![i])
      const known = figures.filter((f) => f.downloads !== null)
      return {
        period,
        downloads: known.length === 0 ? null : known.reduce((s, f) => s + f.downloads!, 0),
        models: known.length,
        complete: known.length === ids.length && known.every((f) => f.complete),
        recount: figures.some((f) => f.recount)
      }
    })
    const latest = asOf === null ? [] : await this.repo.valuesAt(ids, [asOf])
    const firsts = await this.repo.firstSnapshots(ids)
    // Each model's own 14 days, both ends of every model in one query.
    const ends = [...firsts].flatMap(([id, first]) => [{ id, at: first }, { id, at: new Date(first.getTime() + TWO_WEEKS) }])
    const at = lookup(await this.repo.valuesAtEach(ends))
    const firstTwoWeeks = ids.map((id): FirstTwoWeeks => {
      const first = firsts.get(id)
      if (first === undefined) return { id, firstSnapshotAt: null, downloads: null, complete: false }
      const end = new Date(first.getTime() + TWO_WEEKS)
      const f = figure(id, at(id, first), at(id, end), first, end, [])
      return { id, firstSnapshotAt: first.toISOString(), downloads: f.downloads, complete: f.complete && asOf !== null && asOf >= end }
    })
    const sum = (pick: (v: BoundaryValue) => number | null) => latest.length === 0 ? null : latest.reduce((s, v) => s + (pick(v) ?? 0), 0)
    return {
      asOf,
      points,
      totals: { downloads30d: sum((v) => v.downloads30d), downloadsAllTime: sum((v) => v.downloadsAllTime), models: ids.length },
      firstTwoWeeks
    }
  }
}

function figure (id: string, a: BoundaryValue | undefined, b: BoundaryValue | undefined, start: Date, end: Date, recounts: Recount[]): Figure {
  const recount = recounts.some((r) => r.modelId === id && r.takenAt > start && r.takenAt <= end)
  if (a?.downloadsAllTime == null || b?.downloadsAllTime == null || a.takenAt === null || b.takenAt === null) {
    return { downloads: null, complete: false, recount }
  }
  const fresh = (v: BoundaryValue, boundary: Date) => boundary.getTime() - v.takenAt!.getTime() <= MAX_SNAPSHOT_AGE_MS
  return { downloads: Math.max(0, b.downloadsAllTime - a.downloadsAllTime), complete: fresh(a, start) && fresh(b, end), recount }
}

function lookup (values: BoundaryValue[]): Lookup {
  const map = new Map(values.map((v) => [`${v.modelId}|${v.at.getTime()}`, v]))
  return (id, at) => map.get(`${id}|${at.getTime()}`)
}

function uniqueInstants (dates: Date[]): Date[] {
  return [...new Set(dates.map((d) => d.getTime()))].map((ms) => new Date(ms))
}

/** 1 = most downloads; models without a figure get no rank. Ties share the better rank. */
function rankBy (entries: Array<[string, number | null]>): Map<string, number> {
  const known = entries.filter((e): e is [string, number] => e[1] !== null).sort((a, b) => b[1] - a[1])
  const ranks = new Map<string, number>()
  known.forEach(([id, value], i) => ranks.set(id, i > 0 && value === known[i - 1][1] ? ranks.get(known[i - 1][0])! : i + 1))
  return ranks
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits
