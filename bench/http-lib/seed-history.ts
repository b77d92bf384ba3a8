// Download history for the bench's scratch database, so /api/trends has figures to compute: daily
// snapshots before the startup sync's one, with a different curve per model (ranks and changes move).
import pg from 'pg'

// The 30-day window and the one before it, plus some slack for the boundaries.
export const HISTORY_DAYS = 70

// allTime(now - d days) = allTime(now) - d*daily -/+ d²*daily/400: strictly decreasing in d for
// d < 200 (so no recounts), growing for half the models and slowing for the others.
const SEED = `
WITH latest AS (
  SELECT DISTINCT ON (model_id) model_id, taken_at, downloads, likes,
         COALESCE(downloads_all_time, downloads::bigint * 20) AS all_time
  FROM download_snapshots ORDER BY model_id, taken_at DESC
), ranked AS (
  SELECT latest.*, GREATEST(downloads / 30, 10)::bigint AS daily,
         CASE WHEN row_number() OVER (ORDER BY model_id) % 2 = 0 THEN 1 ELSE -1 END AS curve
  FROM latest
)
INSERT INTO download_snapshots (model_id, source, taken_at, downloads, downloads_all_time, likes)
SELECT model_id, 'import', taken_at - make_interval(days => d), downloads,
       GREATEST(all_time - d * daily - curve * d * d * daily / 400, 0), likes
FROM ranked CROSS JOIN generate_series(1, $1::int) AS d
ON CONFLICT DO NOTHING`

/** Inserts the history; returns the number of snapshots added. */
export async function seedHistory (databaseUrl: string, days = HISTORY_DAYS): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return (await client.query(SEED, [days])).rowCount ?? 0
  } finally {
    await client.end()
  }
}

// A service that keeps an in-memory read model reloads it after the seed's commit: wait until the
// trends show figures, so the bench records (and the baselines replay) the seeded answer.
export async function trendsHaveFigures (base: string, timeoutMs = 15_000): Promise<boolean> {
  const until = Date.now() + timeoutMs
  do {
    const res = await fetch(`${base}/api/trends?window=30d`)
    const body = await res.json() as { items?: Array<{ downloads: number | null }> }
    if (res.ok && body.items?.some((i) => i.downloads !== null) === true) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  } while (Date.now() < until)
  return false
}
