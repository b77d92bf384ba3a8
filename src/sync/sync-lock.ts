// One sync at a time across every process sharing the database: a session-level advisory lock on
// a dedicated connection. If the process dies (even kill -9), PostgreSQL drops the lock with it.
import pg from 'pg'
import type { Db } from '../db/prisma.js'

const SYNC_LOCK_KEY = 72707370

export interface SyncLock {
  release: () => Promise<void>
  /** Called once if the lock's connection dies before release() (the lock is gone with it). */
  onLost: (listener: () => void) => void
}

/**
 * Whether any session holds the sync lock, read from pg_locks: it takes nothing, so a starting
 * sync never finds the lock busy because someone looked. A bigint key shows as its high half in
 * classid, its low half in objid, and objsubid 1.
 */
export async function syncLockHeld (db: Db): Promise<boolean> {
  const rows = await db.$queryRaw<Array<{ held: boolean }>>`
    SELECT EXISTS (
      SELECT 1 FROM pg_locks
      WHERE locktype = 'advisory' AND granted
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND classid = ${Math.floor(SYNC_LOCK_KEY / 2 ** 32)}::int8::oid AND objid = ${SYNC_LOCK_KEY % 2 ** 32}::int8::oid AND objsubid = 1
    ) AS held`
  return rows[0].held
}

/** Null when another process holds the lock. */
export async function tryAcquireSyncLock (databaseUrl: string): Promise<SyncLock | null> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [SYNC_LOCK_KEY])
    if (!rows[0].locked) {
      await client.end()
      return null
    }
  } catch (err) {
    await client.end().catch(() => {})
    throw err
  }
  // A lost connection means a lost lock: tell whoever holds it, once.
  let released = false
  let lost: (() => void) | undefined
  let fired = false
  const fire = () => { if (!released && !fired) { fired = true; lost?.() } }
  client.on('error', fire)
  client.on('end', fire)
  return {
    onLost: (listener) => { lost = listener },
    release: async () => {
      released = true
      await client.query('SELECT pg_advisory_unlock($1)', [SYNC_LOCK_KEY]).catch(() => {})
      await client.end().catch(() => {})
    }
  }
}
