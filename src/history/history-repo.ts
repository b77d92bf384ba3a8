// SQL over download_snapshots for the history. Each read walks, per model, the snapshot in force
// at the first instant and every later one up to the last: one index-only seek and one index-only
// range scan on download_snapshots_history_idx, window functions for the snapshot before and after
// each. Nothing scans a model's whole history, nothing loops over models in TypeScript, and answers
// that grow with models x instants come back as one JSON document (Prisma costs microseconds per
// field of every result row; JSON.parse of one string does not).
import { Prisma } from '../generated/prisma/client.js'
import type { Db, Pool } from '../db/prisma.js'
import type { SnapshotSource } from '../schemas/history.js'

/** A snapshot with an all-time count: the one in force at an instant is the latest taken at or before it. */
export interface Snapshot {
  takenAt: Date
  downloadsAllTime: number
  downloads30d: number
  likes: number | null
}

/** What the snapshots say at a list of instants. */
export interface HistoryWindow {
  /** The instants asked for, sorted, without repeats. */
  instants: Date[]
  /** Per model, the snapshot in force at each of those instants (undefined where there is none); absent for a model with none. */
  values: Map<string, Array<Snapshot | undefined>>
  /** Per model, the instants (ms) of the snapshots after the first instant, up to the last, whose all-time count went down from the one before. */
  recounts: Map<string, number[]>
}

/** A family's figure for one period, summed over its models exactly as DownloadsHistory.series figures each model. */
export interface FamilyPeriod { downloads: number | null, models: number, complete: boolean, recount: boolean }

/** A model's first snapshot with an all-time count, the one in force a given span later, and where the two came from. */
export interface FirstSnapshots { first: Snapshot, end: Snapshot, sources: SnapshotSource[] }

/** Per model, its first snapshot of one source and its first of any other (null: none). */
export interface FirstBySource { first: Date | null, firstOther: Date | null }

/** One snapshot as an import brings it. */
export interface SnapshotRow { modelId: string, takenAt: Date, downloads: number, downloadsAllTime: number | null, likes: number | null }

// Seeks for "the snapshot in force" order by (taken_at, downloads_all_time), which only
// download_snapshots_history_idx gives: otherwise the planner may take the smaller unique index and
// visit the heap for every candidate to test downloads_all_time IS NOT NULL. (taken_at is unique
// per model, so the second key changes nothing else.)

// Epoch milliseconds for JSON: a number JSON.parse reads directly. date_part is float8, much
// cheaper than extract's numeric, and exact to the millisecond at these magnitudes once rounded.
const ms = (column: string) => Prisma.raw(`round(date_part('epoch', ${column}) * 1000)::bigint`)

/**
 * How many of the sorted instants come strictly before a timestamp: width_bucket counts those at or
 * before, and timestamps here are whole milliseconds (timestamptz(3), JavaScript dates).
 */
function before (column: string, instants: Date[]): Prisma.Sql {
  return Prisma.sql`width_bucket(${Prisma.raw(column)} - interval '1 millisecond', ${instants}::timestamptz[])`
}

/**
 * Every model's snapshots with an all-time count from the one in force at the first instant (or the
 * first after it) up to the last, in time order, each with n = how many instants come strictly
 * before it (0 for the one in force at the first instant; k for a snapshot inside period k, which
 * runs from instant k to k + 1), the count before it (prev), the next one's n (next_n: it is in
 * force from instant n + 1 to next_n) and, when asked, the model's first n (first_n). `e` numbers
 * the models from 1 in the order given, duplicates included. The seek and the range scan are
 * index-only, and arrive in time order, so the window functions sort nothing.
 */
function stream (ids: string[], instants: Date[], withFirst = false): Prisma.Sql {
  const first = withFirst ? Prisma.sql`, first_value(n) OVER w AS first_n` : Prisma.empty
  return Prisma.sql`
    SELECT i.e, i.id, s.* FROM unnest(${ids}::text[]) WITH ORDINALITY AS i(id, e)
    CROSS JOIN LATERAL (
      SELECT t, v, d, l, n, lag(v) OVER w AS prev, lead(n) OVER w AS next_n${first}
      FROM (
        SELECT taken_at AS t, downloads_all_time AS v, downloads AS d, likes AS l, ${before('taken_at', instants)} AS n
        FROM download_snapshots
        WHERE model_id = i.id AND downloads_all_time IS NOT NULL AND taken_at <= ${instants.at(-1)!}
          AND taken_at >= coalesce((
            SELECT taken_at FROM download_snapshots
            WHERE model_id = i.id AND downloads_all_time IS NOT NULL AND taken_at <= ${instants[0]}
            ORDER BY taken_at DESC, downloads_all_time DESC LIMIT 1
          ), ${instants[0]})
      ) r
      WINDOW w AS (ORDER BY t)
    ) s`
}

// PostgreSQL runs a statement on one core. A set of thousands of models is cut into parts that run
// at once on separate pooled connections; a model's rows never depend on another model's.
const PART = 2500

function parts<T> (items: T[]): T[][] {
  const count = Math.ceil(items.length / PART)
  const size = Math.ceil(items.length / count)
  return Array.from({ length: count }, (_, i) => items.slice(i * size, (i + 1) * size))
}

function sorted (instants: Date[]): Date[] {
  return [...new Set(instants.map((d) => d.getTime()))].sort((a, b) => a - b).map((t) => new Date(t))
}

type WindowDoc = {
  /** [model number, first instant (1-based), last instant, takenAt ms, all-time, downloads, likes]: in force from the one to the other. */
  values: Array<[number, number, number, number, number, number, number | null]>
  recounts: Array<[number, number]>
}

/**
 * The family document, one entry per (n, fresh_until) pair: how many snapshots, how many of them a
 * model's first, the all-time increments of those inside period n whose model was known at its
 * start, whether any went down, the recounted (model, period) pairs with the counts in force at
 * the period's two ends, and the sums of the snapshots in force at the last instant.
 */
type FamilyDoc = Array<[number, number | null, number, number, number | null, boolean | null, Array<[number, number, number, number]> | null, number | null, number | null]>

/** Sums over a set of models of the snapshots in force at an instant. */
export interface Totals { downloads30d: number, downloadsAllTime: number }

export class HistoryRepo {
  /** `pool` takes the bulk writes (imports), beside Prisma (see db/prisma.ts). */
  constructor (private readonly db: Db, private readonly pool: Pool) {}

  /**
   * The newest snapshot of any of these models: the default "as of" of every figure. Usually that
   * is the newest snapshot of all (the last sync took them all): one seek on taken_at, then one per
   * model until one of them has a snapshot then. Otherwise one index seek per model.
   */
  async latestSnapshotAt (modelIds: string[]): Promise<Date | null> {
    if (modelIds.length === 0) return null
    const ids = [...new Set(modelIds)]
    // A CTE is read as far as it is needed: the first branch usually stops at the first model.
    const [row] = await this.db.$queryRaw<[{ at: Date | null }]>`
      WITH i AS MATERIALIZED (SELECT unnest(${ids}::text[]) AS id)
      SELECT CASE
        WHEN EXISTS (SELECT 1 FROM i WHERE EXISTS (SELECT 1 FROM download_snapshots WHERE model_id = i.id AND taken_at = newest.at))
        THEN newest.at
        ELSE (
          SELECT max(l.taken_at) FROM i
          CROSS JOIN LATERAL (SELECT taken_at FROM download_snapshots WHERE model_id = i.id ORDER BY taken_at DESC LIMIT 1) l)
        END AS at
      FROM (SELECT max(taken_at) AS at FROM download_snapshots) newest`
    return row.at
  }

  /** For every model, the snapshot in force at each instant, and its recounts after the first instant up to the last. */
  async window (modelIds: string[], instants: Date[]): Promise<HistoryWindow> {
    const ids = [...new Set(modelIds)]
    const at = sorted(instants)
    const window: HistoryWindow = { instants: at, values: new Map(), recounts: new Map() }
    if (ids.length === 0 || at.length === 0) return window
    const docs = await Promise.all(parts(ids).map(async (part) => ({ part, doc: await this.windowPart(part, at) })))
    for (const { part, doc } of docs) {
      // One Snapshot per row, shared by every instant it is in force at.
      for (const [e, first, last, takenAt, downloadsAllTime, downloads30d, likes] of doc.values) {
        const id = part[e - 1]
        let row = window.values.get(id)
        if (row === undefined) window.values.set(id, row = new Array<Snapshot | undefined>(at.length))
        const snapshot: Snapshot = { takenAt: new Date(takenAt), downloadsAllTime, downloads30d, likes }
        for (let i = first; i <= last; i++) row[i - 1] = snapshot
      }
      for (const [e, takenAt] of doc.recounts) {
        const id = part[e - 1]
        const list = window.recounts.get(id)
        if (list === undefined) window.recounts.set(id, [takenAt])
        else list.push(takenAt)
      }
    }
    return window
  }

  private async windowPart (ids: string[], at: Date[]): Promise<WindowDoc> {
    // A snapshot is in force from the first instant at or after it until the last one before the next snapshot.
    const [{ doc }] = await this.db.$queryRaw<[{ doc: string }]>`
      SELECT json_build_object(
        'values', coalesce(json_agg(json_build_array(s.e, s.f, s.u, ${ms('s.t')}, s.v, s.d, s.l)) FILTER (WHERE s.f <= s.u), '[]'),
        'recounts', coalesce(json_agg(json_build_array(s.e, ${ms('s.t')})) FILTER (WHERE s.v < s.prev AND s.n > 0), '[]')
      )::text AS doc
      FROM (SELECT st.*, st.n + 1 AS f, coalesce(st.next_n, ${at.length}) AS u FROM (${stream(ids, at)}) st) s`
    return JSON.parse(doc) as WindowDoc
  }

  /**
   * The family's figure for each period between consecutive instants (contiguous periods: the
   * first starts at instants[0], each ends where the next starts), summed in SQL so that nothing
   * per model and period leaves the database. Per model and period the rule is DownloadsHistory's
   * figure(): known when a snapshot is in force at the start; downloads = max(0, count at the end -
   * count at the start), which telescopes into the sum of the increments of the snapshots inside
   * the period, except where a recount makes it negative (those few are corrected to 0 from the two
   * counts); complete when every model's snapshots at both ends are at most maxAgeMs old; recount
   * when any snapshot inside went down. Duplicated ids count twice, as they do there.
   */
  async familyPeriods (modelIds: string[], instants: Date[], maxAgeMs: number): Promise<{ periods: FamilyPeriod[], end: Totals }> {
    const at = sorted(instants)
    if (modelIds.length === 0 || at.length < 2) {
      return { periods: at.slice(1).map(() => ({ downloads: null, models: 0, complete: false, recount: false })), end: { downloads30d: 0, downloadsAllTime: 0 } }
    }
    const docs = await Promise.all(parts(modelIds).map((part) => this.familyPart(part, at, maxAgeMs)))
    return assembleFamily(docs, at.length, modelIds.length)
  }

  private async familyPart (modelIds: string[], at: Date[], maxAgeMs: number): Promise<FamilyDoc> {
    const inForce = (bound: Prisma.Sql) => Prisma.sql`(
      SELECT downloads_all_time FROM download_snapshots
      WHERE model_id = x.id AND downloads_all_time IS NOT NULL AND taken_at <= (${at}::timestamptz[])[${bound}]
      ORDER BY taken_at DESC, downloads_all_time DESC LIMIT 1)`
    // Per snapshot: n (its period, or 0 for the one in force at the first instant); whether its model
    // was known at the period's start; and the last instant at which it is in force and fresh (it
    // is from n + 1 on; none when it is superseded or stale before then). One hash aggregate.
    const [{ doc }] = await this.db.$queryRaw<[{ doc: string }]>`
      SELECT coalesce(json_agg(json_build_array(g.n, g.fresh_until, g.rows, g.firsts, g.inc, g.rc, g.recounted, g.end_all_time, g.end_downloads)), '[]')::text AS doc
      FROM (
        SELECT n, fresh_until,
               count(*)::int AS rows,
               (count(*) FILTER (WHERE prev IS NULL))::int AS firsts,
               (sum(v - prev) FILTER (WHERE known))::bigint AS inc,
               bool_or(v < prev) AS rc,
               json_agg(json_build_array(e, n, ${inForce(Prisma.sql`x.n`)}, ${inForce(Prisma.sql`x.n + 1`)})) FILTER (WHERE known AND v < prev) AS recounted,
               (sum(v) FILTER (WHERE next_n IS NULL))::bigint AS end_all_time,
               (sum(d) FILTER (WHERE next_n IS NULL))::bigint AS end_downloads
        FROM (
          SELECT st.e, st.id, st.n, st.v, st.d, st.prev, st.next_n,
                 st.n > 0 AND st.first_n < st.n AS known,
                 CASE WHEN st.n < c.u THEN c.u END AS fresh_until
          FROM (${stream(modelIds, at, true)}) st
          CROSS JOIN LATERAL (
            SELECT least(coalesce(st.next_n, ${at.length}), width_bucket(st.t + ${maxAgeMs} * interval '1 millisecond', ${at}::timestamptz[])) AS u
          ) c
        ) x
        GROUP BY n, fresh_until
      ) g`
    return JSON.parse(doc) as FamilyDoc
  }

  /** Sums over these models (duplicates twice) of the snapshot in force at an instant; 0 for none. */
  async totalsAt (modelIds: string[], at: Date): Promise<Totals> {
    const sums = await Promise.all(parts(modelIds).map(async (ids) => {
      const [row] = await this.db.$queryRaw<[{ downloads: bigint | null, all_time: bigint | null }]>`
        SELECT sum(s.downloads)::bigint AS downloads, sum(s.downloads_all_time)::bigint AS all_time
        FROM unnest(${ids}::text[]) AS i(id)
        CROSS JOIN LATERAL (
          SELECT downloads, downloads_all_time FROM download_snapshots
          WHERE model_id = i.id AND downloads_all_time IS NOT NULL AND taken_at <= ${at}
          ORDER BY taken_at DESC, downloads_all_time DESC LIMIT 1
        ) s`
      return { downloads30d: Number(row.downloads ?? 0), downloadsAllTime: Number(row.all_time ?? 0) }
    }))
    return sums.reduce((a, b) => ({ downloads30d: a.downloads30d + b.downloads30d, downloadsAllTime: a.downloadsAllTime + b.downloadsAllTime }), { downloads30d: 0, downloadsAllTime: 0 })
  }

  /** Each model's first snapshot with an all-time count and the one in force `spanMs` later; models without one are absent. */
  async firstSnapshots (modelIds: string[], spanMs: number): Promise<Map<string, FirstSnapshots>> {
    const ids = [...new Set(modelIds)]
    if (ids.length === 0) return new Map()
    const maps = await Promise.all(parts(ids).map((part) => this.firstSnapshotsPart(part, spanMs)))
    return new Map(maps.flatMap((m) => [...m]))
  }

  private async firstSnapshotsPart (ids: string[], spanMs: number): Promise<Map<string, FirstSnapshots>> {
    const [{ doc }] = await this.db.$queryRaw<[{ doc: string }]>`
      SELECT coalesce(json_agg(json_build_array(i.e, ${ms('f.taken_at')}, f.downloads_all_time, f.downloads, f.likes,
                                                ${ms('s.taken_at')}, s.downloads_all_time, s.downloads, s.likes, f.source, s.source)), '[]')::text AS doc
      FROM unnest(${ids}::text[]) WITH ORDINALITY AS i(id, e)
      CROSS JOIN LATERAL (
        SELECT taken_at, downloads_all_time, downloads, likes, source FROM download_snapshots
        WHERE model_id = i.id AND downloads_all_time IS NOT NULL ORDER BY taken_at, downloads_all_time LIMIT 1
      ) f
      CROSS JOIN LATERAL (
        SELECT taken_at, downloads_all_time, downloads, likes, source FROM download_snapshots
        WHERE model_id = i.id AND downloads_all_time IS NOT NULL AND taken_at <= f.taken_at + ${spanMs} * interval '1 millisecond'
        ORDER BY taken_at DESC, downloads_all_time DESC LIMIT 1
      ) s`
    type Row = [number, number, number, number, number | null, number, number, number, number | null, SnapshotSource, SnapshotSource]
    return new Map((JSON.parse(doc) as Row[]).map(([e, firstAt, firstAll, firstDownloads, firstLikes, endAt, endAll, endDownloads, endLikes, firstSource, endSource]) => [ids[e - 1], {
      first: { takenAt: new Date(firstAt), downloadsAllTime: firstAll, downloads30d: firstDownloads, likes: firstLikes },
      end: { takenAt: new Date(endAt), downloadsAllTime: endAll, downloads30d: endDownloads, likes: endLikes },
      sources: [...new Set([firstSource, endSource])]
    }]))
  }

  /**
   * Where the snapshots in force at these instants came from, over all these models: sorted, without
   * repeats. One seek per model and instant, and one heap visit for each (source is not in the
   * history index): callers ask at the few instants that bound their figures.
   */
  async sourcesInForce (modelIds: string[], instants: Date[]): Promise<SnapshotSource[]> {
    const ids = [...new Set(modelIds)]
    const at = sorted(instants)
    if (ids.length === 0 || at.length === 0) return []
    const found = await Promise.all(parts(ids).map(async (part) => {
      const [{ sources }] = await this.db.$queryRaw<[{ sources: SnapshotSource[] }]>`
        SELECT coalesce(array_agg(DISTINCT s.source), '{}') AS sources
        FROM unnest(${part}::text[]) AS i(id) CROSS JOIN unnest(${at}::timestamptz[]) AS a(at)
        CROSS JOIN LATERAL (
          SELECT source FROM download_snapshots
          WHERE model_id = i.id AND downloads_all_time IS NOT NULL AND taken_at <= a.at
          ORDER BY taken_at DESC, downloads_all_time DESC LIMIT 1
        ) s`
      return sources
    }))
    return [...new Set(found.flat())].sort()
  }

  /** Per model, the instant of its first snapshot of `source` and of its first of any other source. */
  async firstBySource (modelIds: string[], source: SnapshotSource): Promise<Map<string, FirstBySource>> {
    const ids = [...new Set(modelIds)]
    if (ids.length === 0) return new Map()
    const rows = await this.db.$queryRaw<Array<{ id: string, first: Date | null, first_other: Date | null }>>`
      SELECT i.id,
        (SELECT min(taken_at) FROM download_snapshots WHERE model_id = i.id AND source = ${source}) AS first,
        (SELECT min(taken_at) FROM download_snapshots WHERE model_id = i.id AND source <> ${source}) AS first_other
      FROM unnest(${ids}::text[]) AS i(id)`
    return new Map(rows.map((r) => [r.id, { first: r.first, firstOther: r.first_other }]))
  }

  /** Which of these ids are in the catalogue. */
  async modelsInCatalogue (ids: string[]): Promise<Set<string>> {
    const rows = await this.db.model.findMany({ where: { id: { in: ids } }, select: { id: true } })
    return new Set(rows.map((m) => m.id))
  }

  /**
   * Stores snapshots that no sync took (imported, or the demo's synthetic ones) with their source,
   * leaving any of the same model and instant as stored; how many were new. One statement over arrays.
   */
  async insertImported (rows: SnapshotRow[], source: Exclude<SnapshotSource, 'sync'> = 'import'): Promise<number> {
    if (rows.length === 0) return 0
    const { rowCount } = await this.pool.query(`
      INSERT INTO download_snapshots (model_id, taken_at, downloads, downloads_all_time, likes, source)
      SELECT v.model_id, v.taken_at, v.downloads, v.all_time, v.likes, $6
      FROM unnest($1::text[], $2::timestamptz[], $3::bigint[], $4::bigint[], $5::bigint[]) AS v(model_id, taken_at, downloads, all_time, likes)
      ON CONFLICT DO NOTHING`, [
      rows.map((r) => r.modelId), rows.map((r) => r.takenAt.toISOString()),
      rows.map((r) => r.downloads), rows.map((r) => r.downloadsAllTime), rows.map((r) => r.likes), source
    ])
    return rowCount ?? 0
  }
}

/**
 * Turns the family documents (one per part of the models) into one figure per period
 * (instants - 1 of them): a model is known from instant n + 1 of its first snapshot on; fresh at
 * instant j when one of its snapshots is in force and fresh there (n + 1 <= j <= fresh_until; one
 * model's ranges never overlap); complete when all `total` models are fresh at both ends. Also the
 * sums of what is in force at the last instant.
 */
function assembleFamily (docs: FamilyDoc[], instants: number, total: number): { periods: FamilyPeriod[], end: Totals } {
  const periods = instants - 1
  const inc = new Array<number>(periods + 1).fill(0)
  const recount = new Array<boolean>(periods + 1).fill(false)
  const freshDelta = new Array<number>(instants + 2).fill(0)
  const knownDelta = new Array<number>(instants + 2).fill(0)
  const corrections = new Map<string, { period: number, amount: number }>()
  const end: Totals = { downloads30d: 0, downloadsAllTime: 0 }
  docs.forEach((doc, part) => {
    for (const [n, freshUntil, rows, firsts, increments, recounted, pairs, endAllTime, endDownloads] of doc) {
      if (freshUntil !== null) {
        freshDelta[n + 1] += rows
        freshDelta[freshUntil + 1] -= rows
      }
      knownDelta[n + 1] += firsts
      if (n > 0) {
        inc[n] += increments ?? 0
        recount[n] ||= recounted === true
        // max(0, end - start) where the sum of increments went negative: add back start - end, once per model and period.
        for (const [e, period, start, stop] of pairs ?? []) corrections.set(`${part}|${e}|${period}`, { period, amount: Math.max(0, start - stop) })
      }
      end.downloadsAllTime += endAllTime ?? 0
      end.downloads30d += endDownloads ?? 0
    }
  })
  for (const { period, amount } of corrections.values()) inc[period] += amount
  const fresh: number[] = [0]
  const known: number[] = [0]
  for (let j = 1; j <= instants; j++) {
    fresh[j] = fresh[j - 1] + freshDelta[j]
    known[j] = known[j - 1] + knownDelta[j]
  }
  return {
    periods: Array.from({ length: periods }, (_, i) => {
      const k = i + 1
      return {
        downloads: known[k] === 0 ? null : inc[k],
        models: known[k],
        complete: fresh[k] === total && fresh[k + 1] === total,
        recount: recount[k]
      }
    }),
    end
  }
}
