// The local PostgreSQL server the HTTP bench borrows: scratch databases are created and dropped here.
import pg from 'pg'

export const PG_SERVER = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'

// Only names this bench makes are ever dropped.
const SCRATCH = /^catalog_bench_[0-9a-f]{12}$/

async function query<T extends pg.QueryResultRow> (sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: PG_SERVER })
  await client.connect()
  try {
    return (await client.query<T>(sql)).rows
  } finally {
    await client.end()
  }
}

export async function serverVersion (): Promise<string> {
  return (await query<{ server_version: string }>('SHOW server_version'))[0]?.server_version ?? '?'
}

/** A new empty database; returns its URL. */
export async function createScratch (name: string): Promise<string> {
  if (!SCRATCH.test(name)) throw new Error(`not a scratch database name: ${name}`)
  await query(`CREATE DATABASE ${name}`)
  const url = new URL(PG_SERVER)
  url.pathname = `/${name}`
  return url.href
}

export async function dropScratch (name: string): Promise<void> {
  if (!SCRATCH.test(name)) return
  await query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
}
