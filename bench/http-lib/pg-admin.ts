// The local PostgreSQL server the HTTP bench borrows: scratch databases are created and dropped here.
import { createScratchDatabase, dropScratchDatabase, sqlOn } from '../lib/scratch-db.js'

export const PG_SERVER = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'

export async function serverVersion (): Promise<string> {
  return (await sqlOn<{ server_version: string }>(PG_SERVER, 'SHOW server_version'))[0]?.server_version ?? '?'
}

/** A new empty, migrated database; returns its URL. */
export async function createScratch (name: string): Promise<string> {
  return (await createScratchDatabase(PG_SERVER, name)).url
}

export async function dropScratch (name: string): Promise<void> {
  await dropScratchDatabase(PG_SERVER, name)
}
