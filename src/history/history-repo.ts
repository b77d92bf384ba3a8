// SQL over download_snapshots: the snapshot in force at given instants (one index seek per model
// and instant on (model_id, taken_at)), the recounts (a window function), and the latest instant.
import type { Db } from '../db/prisma.js'

export interface BoundaryValue {
  modelId: string
  at: Date
  /** The snapshot in force at `at`: the latest taken at or before it with an all-time count. */
  takenAt: Date | null
  downloadsAllTime: number | null
  downloads30d: number | null
  likes: number | null
}

export interface Recount { modelId: string, takenAt: Date }

/** One snapshot as an import brings it. */
export interface SnapshotRow { modelId: string, takenAt: Date, downloads: number, downloadsAllTime: number | null, likes: number | null }

export class HistoryRepo {
  constructor (private readonly db: Db) {}

  /** The snapshot in force for every model at every instant. */
  async valuesAt (modelIds: string[], instants: Date[]): Promise<BoundaryValue[]> {
    return this.valuesAtEach(modelIds.flatMap((id) => instants.map((at) => ({ id, at }))))
  }

  /** The snapshot in force for each (model, instant) pair: one index seek per pair, one query in all. */
  async valuesAtEach (pairs: Array<{ id: string, at: Date }>): Promise<BoundaryValue[]> {
    if (pairs.length === 0) return []
    const rows = await this.db.$queryRaw<Array<{ model_id: string, at: Date, taken_at: Date | null, downloads_all_time: bigint | null, downloads: number | null, likes: number | null }>>`
      SELECT b.id AS model_id, b.at, s.taken_at, s.downloads_all_time, s.downloads, s.likes
      FROM unnest(${pairs.map((p) => p.id)}::text[], ${pairs.map((p) => p.at)}::timestamptz[]) AS b(id, at)
      LEFT JOIN LATERAL (
        SELECT taken_at, downloads_all_time, downloads, likes
        FROM download_snapshots
        WHERE model_id = b.id AND taken_at <= b.at AND downloads_all_time IS NOT NULL
        ORDER BY taken_at DESC
        LIMIT 1
      ) s ON true`
    return rows.map((r) => ({
      modelId: r.model_id,
      at: r.at,
      takenAt: r.taken_at,
      downloadsAllTime: r.downloads_all_time === null ? null : Number(r.downloads_all_time),
      downloads30d: r.downloads,
      likes: r.likes
    }))
  }

  /** Snapshots whose all-time count went down from the one before (the Hub recounted). */
  async recounts (modelIds: string[], from: Date, to: Date): Promise<Recount[]> {
    if (modelIds.length === 0) return []
    const rows = await this.db.$queryRaw<Array<{ model_id: string, taken_at: Date }>>`
      SELECT model_id, taken_at FROM (
        SELECT model_id, taken_at, downloads_all_time,
               lag(downloads_all_time) OVER (PARTITION BY model_id ORDER BY taken_at) AS previous
        FROM download_snapshots
        WHERE model_id = ANY(${modelIds}::text[]) AND downloads_all_time IS NOT NULL AND taken_at <= ${to}
      ) ordered
      WHERE downloads_all_time < previous AND taken_at > ${from}`
    return rows.map((r) => ({ modelId: r.model_id, takenAt: r.taken_at }))
  }

  /** The newest snapshot of any of these models: the default "as of" of every figure. */
  async latestSnapshotAt (modelIds: string[]): Promise<Date | null> {
    const row = await this.db.downloadSnapshot.aggregate({ where: { modelId: { in: modelIds } }, _max: { takenAt: true } })
    return row._max.takenAt
  }

  async firstSnapshots (modelIds: string[]): Promise<Map<string, Date>> {
    const rows = await this.db.downloadSnapshot.groupBy({
      by: ['modelId'],
      where: { modelId: { in: modelIds }, downloadsAllTime: { not: null } },
      _min: { takenAt: true }
    })
    return new Map(rows.filter((r) => r._min.takenAt !== null).map((r) => [r.modelId, r._min.takenAt!]))
  }

  /** Which of these ids are in the catalogue. */
  async modelsInCatalogue (ids: string[]): Promise<Set<string>> {
    const rows = await this.db.model.findMany({ where: { id: { in: ids } }, select: { id: true } })
    return new Set(rows.map((m) => m.id))
  }

  /** Stores imported snapshots, leaving any of the same model and instant as stored; how many were new. */
  async insertImported (rows: SnapshotRow[]): Promise<number> {
    if (rows.length === 0) return 0
    const { count } = await this.db.downloadSnapshot.createMany({ data: rows.map((r) => ({ ...r, source: 'import' as const })), skipDuplicates: true })
    return count
  }
}
