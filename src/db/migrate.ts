// Applies prisma/migrations/*/migration.sql and records them in _prisma_migrations the way
// `prisma migrate deploy` does (same table, sha256 checksums, timestamps), so either can take over.
import { createHash, randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'
import { MigrationFailedError } from '../errors.js'
import { MIGRATIONS_DIR } from '../paths.js'

// The DDL prisma migrate uses for its bookkeeping table.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`

// Any constant works; it only has to be the same for every process migrating this database.
const MIGRATION_LOCK_KEY = 72707369

export interface Migration { name: string, sql: string, checksum: string }
export interface MigrateResult { applied: string[], alreadyApplied: string[] }

export async function readMigrations (dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()
  return Promise.all(names.map(async (name) => {
    const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8')
    return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
  }))
}

export async function migrate (databaseUrl: string, dir = MIGRATIONS_DIR): Promise<MigrateResult> {
  const migrations = await readMigrations(dir)
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    // Serialise concurrent starters (two replicas booting at once).
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
    await client.query(CREATE_MIGRATIONS_TABLE)
    const { rows } = await client.query<{ migration_name: string, checksum: string, finished_at: Date | null, rolled_back_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"'
    )
    const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null)
    if (failed) {
      throw new MigrationFailedError(`Migration ${failed.migration_name} failed earlier and was not rolled back; fix the database, then mark it rolled back`)
    }
    const done = new Map(rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => [r.migration_name, r.checksum]))
    // A newer version of the service migrated this database: this code does not know its schema.
    const known = new Set(migrations.map((m) => m.name))
    const unknown = [...done.keys()].filter((name) => !known.has(name)).sort()
    if (unknown.length > 0) {
      throw new MigrationFailedError(`The database has migration${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} applied, which this version does not have in prisma/migrations: it was migrated by a newer version. Run that version (or newer), or restore a backup taken before ${unknown.length > 1 ? 'them' : 'it'}`)
    }
    const result: MigrateResult = { applied: [], alreadyApplied: [] }
    for (const m of migrations) {
      const checksum = done.get(m.name)
      if (checksum !== undefined) {
        if (checksum !== m.checksum) {
          throw new MigrationFailedError(`Migration ${m.name} was modified after it was applied (checksum mismatch)`)
        }
        result.alreadyApplied.push(m.name)
        continue
      }
      await applyOne(client, m)
      result.applied.push(m.name)
    }
    return result
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {})
    await client.end()
  }
}

// Unlike prisma, we run the script and its bookkeeping in one transaction: PostgreSQL DDL is
// transactional, so a failed or killed migration leaves nothing half applied.
async function applyOne (client: pg.Client, m: Migration): Promise<void> {
  const id = randomUUID()
  await client.query('BEGIN')
  try {
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
      [id, m.checksum, m.name]
    )
    await client.query(m.sql)
    await client.query('UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1', [id])
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK')
    throw new MigrationFailedError(`Migration ${m.name} failed: ${(err as Error).message}`)
  }
}
