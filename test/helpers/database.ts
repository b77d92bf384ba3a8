// A fresh, migrated database per test file: a new database on DATABASE_URL's server when set,
// else a throwaway embedded PostgreSQL. Files run in parallel without seeing each other's rows.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js'
import { migrate } from '../../src/db/migrate.js'
import { freePort } from '../../src/dev/free-port.js'

export { freePort }

export interface TestDatabase {
  url: string
  drop: () => Promise<void>
}

export async function createTestDatabase (opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const db = process.env.DATABASE_URL ? await onServer(process.env.DATABASE_URL) : await embedded()
  if (opts.migrate !== false) await migrate(db.url)
  return db
}

async function onServer (serverUrl: string): Promise<TestDatabase> {
  const name = `catalog_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.href,
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    }
  }
}

async function embedded (): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'catalog-pg-'))
  const pgDb = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), persistent: false })
  return {
    url: pgDb.url,
    drop: async () => {
      await pgDb.stop()
      await rm(dir, { recursive: true, force: true })
    }
  }
}

/** A plain pg client for assertions that should not go through the code under test. */
// bigint columns (counts, sizes) read as numbers while they are exact, as the service reads them.
const INT8 = 20
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => oid === INT8
    ? (value: string) => Number.isSafeInteger(Number(value)) ? Number(value) : value
    : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser
}

export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow> (url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url, types })
  await c.connect()
  try {
    return (await c.query<T>(text, params)).rows
  } finally {
    await c.end()
  }
}
