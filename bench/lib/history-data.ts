// Synthetic download history written straight into a scratch database with generate_series: one
// sync a day (all its snapshots at the run's instant, as the sync stores them), counts that grow
// with noise, occasional recounts, missed syncs, per-model gaps and outages, models that appear later.
import pg from 'pg'

export const TRACKED = ['111M', '256M', '590M', '1.3B', '2.7B', '6.7B', '13B'].map((size) => `cerebras/Cerebras-GPT-${size}`)

/** The last synthetic day; fixed, so every run of the bench measures the same rows. */
export const LAST_DAY = new Date('2026-11-28T00:00:00Z')

export interface HistoryShape { models: number, days: number }

export interface GeneratedHistory {
  snapshots: number
  loadMs: number
  indexMs: number
  vacuumMs: number
}

// Row-level noise from PostgreSQL's integer hash: deterministic, no random() state to seed.
// u(a, b) is in [0, 1).
// Float arithmetic throughout: numeric would triple the load time.
const U = (a: string, b: string) => `((hashint8((${a})::bigint * 1000003 + (${b})) & 1048575)::float8 / 1048576)`

/**
 * Fills models, sync_runs and download_snapshots. The snapshot table's indexes and constraints are
 * dropped for the load and rebuilt after it (same definitions, read back from the catalog), which
 * is minutes faster than maintaining every B-tree row by row; VACUUM ANALYZE then leaves the table
 * as autovacuum leaves an insert-only table (statistics, visibility map for index-only scans).
 */
export async function generateHistory (url: string, shape: HistoryShape, log: (msg: string) => void = () => {}): Promise<GeneratedHistory> {
  const { models, days } = shape
  if (models < TRACKED.length) throw new Error(`at least ${TRACKED.length} models`)
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    await c.query("SET synchronous_commit = off; SET maintenance_work_mem = '1GB'; SET work_mem = '256MB'")
    const first = new Date(LAST_DAY.getTime() - (days - 1) * 86_400_000)

    // Model parameters: the seven tracked ids first, then synthetic ones. Rates are skewed (a few
    // popular models, a long tail); one model in ten has a recount, one in 25 a second one; one
    // in 20 (none of the tracked) first appears part-way through; one in 50 has no all-time
    // count for its first 30 days; one in a hundred has a four-day outage.
    await c.query(`CREATE TEMP TABLE bench_model AS
      SELECT n,
             CASE WHEN n <= $3 THEN ($4::text[])[n] ELSE format('bench-org-%s/model-%s', lpad((n % 97)::text, 2, '0'), lpad(n::text, 5, '0')) END AS id,
             1 + floor(power(${U('n', '1')}, 3) * 20000)::bigint AS rate,
             floor(${U('n', '2')} * 1000000)::bigint AS base,
             CASE WHEN n > $3 AND n % 20 = 0 THEN floor(${U('n', '3')} * $2::int / 2)::int ELSE 0 END AS start_day,
             CASE WHEN n % 10 = 3 THEN floor(${U('n', '4')} * $2::int)::int END AS recount1,
             CASE WHEN n % 25 = 7 THEN floor(${U('n', '5')} * $2::int)::int END AS recount2,
             CASE WHEN n % 50 = 1 THEN 30 ELSE 0 END AS null_days,
             CASE WHEN n % 100 = 5 THEN floor(${U('n', '8')} * ($2::int - 10))::int END AS outage
      FROM generate_series(1, $1::int) n`, [models, days, TRACKED.length, TRACKED])
    // About one day in a hundred the sync did not run at all.
    await c.query(`CREATE TEMP TABLE bench_day AS
      SELECT d, $1::timestamptz + d * interval '1 day' + interval '12 hours' + floor(${U('d', '6')} * 1200) * interval '1 second' AS taken_at
      FROM generate_series(0, $2::int - 1) d
      WHERE ${U('d', '7')} >= 0.01::float8 OR d >= $2::int - 3`, [first, days])

    await c.query(`INSERT INTO models (id, author, pipeline_tag, library_name, gated, downloads, downloads_all_time, likes, first_seen_at, metadata_fetched_at, counts_fetched_at)
      SELECT id, split_part(id, '/', 1), 'text-generation', 'transformers', 'false', (rate * 30)::int, base + rate * $2::int, (rate / 50)::int, $1::timestamptz, $1::timestamptz, $1::timestamptz
      FROM bench_model`, [first, days])
    await c.query(`INSERT INTO sync_runs (id, trigger, status, started_at, finished_at, models_total, models_changed)
      SELECT d + 1, 'schedule', 'succeeded', taken_at, taken_at + interval '40 seconds', $1, $1 FROM bench_day`, [models])
    await c.query("SELECT setval(pg_get_serial_sequence('sync_runs', 'id'), $1)", [days + 1])

    const indexes = (await c.query<{ name: string, def: string }>(`SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = 'download_snapshots'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid)`)).rows
    const constraints = (await c.query<{ name: string, def: string }>(`SELECT conname AS name, pg_get_constraintdef(oid) AS def
      FROM pg_constraint WHERE conrelid = 'download_snapshots'::regclass AND contype IN ('p', 'u', 'f') ORDER BY contype DESC`)).rows
    for (const k of constraints) await c.query(`ALTER TABLE download_snapshots DROP CONSTRAINT "${k.name}"`)
    for (const ix of indexes) await c.query(`DROP INDEX "${ix.name}"`)

    // Day-major, like daily syncs append them: a model's snapshots are spread over the whole heap.
    // all-time = base + rate * day + noise of half a day (so it never goes down by itself), minus
    // five days' worth (and one) from each recount on.
    let t = Date.now()
    const load = await c.query(`INSERT INTO download_snapshots (model_id, sync_run_id, source, taken_at, downloads, downloads_all_time, likes)
      SELECT m.id, bd.d + 1, 'sync', bd.taken_at,
             (m.rate * 30 + floor(m.rate * ${U('m.n', 'bd.d * 2 + 1')} * 3))::int,
             CASE WHEN bd.d >= m.start_day + m.null_days THEN
               m.base + m.rate * bd.d + floor(m.rate * ${U('m.n', 'bd.d * 2')} / 2)::bigint
               - CASE WHEN bd.d >= m.recount1 THEN 5 * m.rate + 1 ELSE 0 END
               - CASE WHEN bd.d >= m.recount2 THEN 5 * m.rate + 1 ELSE 0 END
             END,
             (m.rate / 50 + bd.d * m.rate / 20000)::int
      FROM bench_day bd CROSS JOIN LATERAL (
        SELECT * FROM bench_model m WHERE m.start_day <= bd.d
          -- one model in two hundred misses a given sync (it failed and kept its last good data),
          -- and one in a hundred is missing for four days in a row
          AND (${U('m.n', 'bd.d + 500000')} >= 0.005::float8 OR bd.d >= $1::int - 3)
          AND bd.d NOT BETWEEN coalesce(m.outage, -10) AND coalesce(m.outage, -10) + 3
      ) m`, [days])
    const loadMs = Date.now() - t
    log(`  ${load.rowCount} snapshots loaded in ${(loadMs / 1000).toFixed(1)} s`)

    t = Date.now()
    for (const ix of indexes) await c.query(ix.def)
    for (const k of constraints) await c.query(`ALTER TABLE download_snapshots ADD CONSTRAINT "${k.name}" ${k.def}`)
    const indexMs = Date.now() - t
    log(`  ${indexes.length} indexes and ${constraints.length} constraints rebuilt in ${(indexMs / 1000).toFixed(1)} s`)

    t = Date.now()
    await c.query('VACUUM (ANALYZE) download_snapshots')
    await c.query('VACUUM (ANALYZE) models')
    await c.query('VACUUM (ANALYZE) sync_runs')
    const vacuumMs = Date.now() - t
    log(`  VACUUM ANALYZE in ${(vacuumMs / 1000).toFixed(1)} s`)

    return { snapshots: load.rowCount ?? 0, loadMs, indexMs, vacuumMs }
  } finally {
    await c.end()
  }
}
