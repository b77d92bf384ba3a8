// A throwaway database for benchmarks, created on a server the bench is pointed at and migrated
// with the real migrations, so synthetic rows never mix with real data.
import pg from 'pg'
import { migrate } from '../../src/db/migrate.js'

export interface ScratchDatabase {
  /** The scratch database's URL (the server's URL with its name). */
  url: string
  name: string
  drop: () => Promise<void>
}

/** The server URL with another database name; the password, if any, is kept but never printed. */
export function withDatabase (serverUrl: string, name: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.href
}

/** Redacts a URL's password for logs and reports. */
export function redact (databaseUrl: string): string {
  const url = new URL(databaseUrl)
  if (url.password !== '') url.password = '***'
  return url.href
}

async function onServer<T> (serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

/** One statement on its own connection (administration, not measurement). */
export async function sqlOn<T extends pg.QueryResultRow> (databaseUrl: string, text: string): Promise<T[]> {
  return onServer(databaseUrl, async (c) => (await c.query<T>(text)).rows)
}

// Scratch databases are dropped without asking: only names made for them are accepted.
function checkName (name: string): void {
  if (!/^catalog_bench_[a-z0-9_]+$/.test(name)) throw new Error(`not a scratch database name (catalog_bench_...): ${name}`)
}

/** Drops a scratch database, if it exists. */
export async function dropScratchDatabase (serverUrl: string, name: string): Promise<void> {
  checkName(name)
  await onServer(serverUrl, async (c) => { await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) })
}

/**
 * Creates `name` afresh on the server (dropping a leftover of an earlier --keep run, never any
 * other database) and applies every migration.
 */
export async function createScratchDatabase (serverUrl: string, name: string): Promise<ScratchDatabase> {
  checkName(name)
  await dropScratchDatabase(serverUrl, name)
  await onServer(serverUrl, async (c) => { await c.query(`CREATE DATABASE ${name}`) })
  const url = withDatabase(serverUrl, name)
  await migrate(url)
  return { url, name, drop: () => dropScratchDatabase(serverUrl, name) }
}
