// Download history from our own snapshots. allTime(t) is the all-time count of the latest snapshot
// at or before t; downloads in (a, b] = allTime(b) - allTime(a): whole numbers, never interpolated,
// null when a boundary has no snapshot, flagged incomplete when a boundary's snapshot is over 36 h
// old, flagged `recount` (and floored at 0) when the Hub lowered its count inside the period.
// Every answer is a fixed number of queries whatever the number of models (see history-repo.ts).
import { TooManyPeriodsError } from '../errors.js'
import { type HistoryRepo, type HistoryWindow, type Snapshot } from './history-repo.js'
import type { FamilyPoint, FirstTwoWeeks, Interval, SeriesPoint, SnapshotSource, TrendItem, Window } from '../schemas/history.js'
import { countPeriods, defaultFrom, MAX_SNAPSHOT_AGE_MS, type Period, periodsBetween, WINDOWS } from './periods.js'

export const MAX_PERIODS = 1000
const TWO_WEEKS = 14 * 86_400_000

export interface Figure { downloads: number | null, complete: boolean, recount: boolean }

/** The snapshot in force for a model at one of the instants a window was read for. */
type Lookup = (id: string, at: Date) => Snapshot | undefined

export class DownloadsHistory {
  constructor (private readonly repo: HistoryRepo) {}

  /** The instant figures are computed for: as asked, else the newest snapshot; null with no history. */
  async asOf (ids: string[], asked?: Date): Promise<Date | null> {
    return asked ?? await this.repo.latestSnapshotAt(ids)
  }

  /** Each model's figure per period, and the sources of the snapshots at the period boundaries. */
  async series (ids: string[], interval: Interval, range: { from?: Date, to?: Date } = {}): Promise<{ asOf: Date | null, series: Map<string, SeriesPoint[]>, sources: SnapshotSource[] }> {
    const { asOf, periods } = await this.periods(ids, interval, range)
    const series = new Map<string, SeriesPoint[]>(ids.map((id) => [id, []]))
    if (periods.length === 0) return { asOf, series, sources: [] }
    const [read, sources] = await Promise.all([this.repo.window(ids, boundaries(periods)), this.repo.sourcesInForce(ids, boundaries(periods))])
    const at = lookup(read)
    const down = read.recounts
    for (const id of ids) {
      series.set(id, periods.map((p) => {
        const end = at(id, p.end)
        return {
          period: p.label,
          ...figure(at(id, p.start), end, p.start, p.end, down.get(id)),
          downloadsAllTime: end?.downloadsAllTime ?? null,
          downloads30d: end?.downloads30d ?? null
        }
      }))
    }
    return { asOf, series, sources }
  }

  async trends (ids: string[], window: Window, askedAsOf?: Date): Promise<{ asOf: Date | null, items: TrendItem[], sources: SnapshotSource[] }> {
    const asOf = await this.asOf(ids, askedAsOf)
    if (asOf === null) return { asOf, items: [], sources: [] }
    const w = WINDOWS[window]
    const start = new Date(asOf.getTime() - w)
    const before = new Date(asOf.getTime() - 2 * w)
    const [read, sources] = await Promise.all([this.repo.window(ids, [before, start, asOf]), this.repo.sourcesInForce(ids, [before, start, asOf])])
    const at = lookup(read)
    const down = read.recounts
    const rows = ids.map((id) => {
      const now = figure(at(id, start), at(id, asOf), start, asOf, down.get(id))
      const prev = figure(at(id, before), at(id, start), before, start, down.get(id))
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
    return { asOf, items, sources }
  }

  async family (ids: string[], interval: Interval, range: { from?: Date, to?: Date } = {}) {
    const { asOf, periods } = await this.periods(ids, interval, range)
    // Summed per period in SQL: at thousands of models the per-model series would not leave the
    // database in time. When the last period ends at asOf (the default), what is in force there is
    // the totals, summed by the same query.
    const endsAtAsOf = asOf !== null && periods.length > 0 && periods.at(-1)!.end.getTime() === asOf.getTime()
    const none = ids.length === 0
    // Sources at the range's two ends only: at every boundary it would be a seek per model and period.
    const ends = periods.length === 0 ? [] : [periods[0].start, periods.at(-1)!.end, ...(asOf === null ? [] : [asOf])]
    const [family, latest, firsts, endSources] = await Promise.all([
      none || periods.length === 0 ? null : this.repo.familyPeriods(ids, boundaries(periods), MAX_SNAPSHOT_AGE_MS),
      none || asOf === null || endsAtAsOf ? null : this.repo.totalsAt(ids, asOf),
      this.repo.firstSnapshots(ids, TWO_WEEKS),
      this.repo.sourcesInForce(ids, ends)
    ])
    const sources = [...new Set([...endSources, ...[...firsts.values()].flatMap((f) => f.sources)])].sort()
    const totals = endsAtAsOf ? family?.end ?? null : latest
    const points = (family?.periods ?? []).map((f, i): FamilyPoint => ({ period: periods[i].label, ...f }))
    const firstTwoWeeks = ids.map((id): FirstTwoWeeks => {
      const f = firsts.get(id)
      if (f === undefined) return { id, firstSnapshotAt: null, downloads: null, complete: false }
      const end = new Date(f.first.takenAt.getTime() + TWO_WEEKS)
      const fig = figure(f.first, f.end, f.first.takenAt, end, undefined)
      return { id, firstSnapshotAt: f.first.takenAt.toISOString(), downloads: fig.downloads, complete: fig.complete && asOf !== null && asOf >= end }
    })
    return {
      asOf,
      sources,
      points,
      totals: { downloads30d: totals?.downloads30d ?? null, downloadsAllTime: totals?.downloadsAllTime ?? null, models: ids.length },
      firstTwoWeeks
    }
  }

  /** The periods a series or family covers (none without a snapshot or a `to`), after the newest snapshot is known. */
  private async periods (ids: string[], interval: Interval, range: { from?: Date, to?: Date }): Promise<{ asOf: Date | null, periods: Period[] }> {
    const asOf = await this.asOf(ids)
    const to = range.to ?? asOf
    if (to === null) return { asOf, periods: [] }
    const from = range.from ?? defaultFrom(to, interval)
    const count = countPeriods(from, to, interval)
    if (count > MAX_PERIODS) throw new TooManyPeriodsError(count, MAX_PERIODS)
    return { asOf, periods: periodsBetween(from, to, interval) }
  }
}

/** One model's figure for (start, end], from the snapshots in force at both ends and the instants (ms) of its recounts. */
function figure (a: Snapshot | undefined, b: Snapshot | undefined, start: Date, end: Date, recounts: number[] | undefined): Figure {
  let recount = false
  for (const t of recounts ?? []) if (t > start.getTime() && t <= end.getTime()) recount = true
  if (a === undefined || b === undefined) return { downloads: null, complete: false, recount }
  return { downloads: Math.max(0, b.downloadsAllTime - a.downloadsAllTime), complete: fresh(a, start) && fresh(b, end), recount }
}

function fresh (s: Snapshot, boundary: Date): boolean {
  return boundary.getTime() - s.takenAt.getTime() <= MAX_SNAPSHOT_AGE_MS
}

function lookup ({ instants, values }: HistoryWindow): Lookup {
  const index = new Map(instants.map((d, i) => [d.getTime(), i]))
  return (id, at) => values.get(id)?.[index.get(at.getTime())!]
}

/** The instants that bound the periods: the first start, then every end (periodsBetween makes each end the next one's start). */
function boundaries (periods: Period[]): Date[] {
  return [periods[0].start, ...periods.map((p) => p.end)]
}

/** 1 = most downloads; models without a figure get no rank. Ties share the better rank. */
function rankBy (entries: Array<[string, number | null]>): Map<string, number> {
  const known = entries.filter((e): e is [string, number] => e[1] !== null).sort((a, b) => b[1] - a[1])
  const ranks = new Map<string, number>()
  known.forEach(([id, value], i) => ranks.set(id, i > 0 && value === known[i - 1][1] ? ranks.get(known[i - 1][0])! : i + 1))
  return ranks
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits
