// The run history as SyncRunsRepo reads it: a `running` run whose sync lock nobody holds reads as
// abandoned (its process died), one whose lock is held reads as running, and one that ended while
// it was being read reads as it ended. Reading never writes.
import t from 'tap'
import pg from 'pg'
import { SyncRunsRepo } from '../../src/catalogue/sync-runs-repo.js'
import { createPrisma, type Db } from '../../src/db/prisma.js'
import { createTestDatabase, sql } from '../helpers/database.js'

const SYNC_LOCK_KEY = 72707370 // src/sync/sync-lock.ts

t.test('running runs read by whether anyone holds the sync lock', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const prisma = createPrisma(db.url)
  t.teardown(() => prisma.$disconnect())
  const repo = new SyncRunsRepo(prisma)
  await sql(db.url, "INSERT INTO sync_runs (trigger, status, finished_at) VALUES ('cli', 'succeeded', now())")
  const [{ id }] = await sql(db.url, "INSERT INTO sync_runs (trigger, status) VALUES ('schedule', 'running') RETURNING id")

  t.same((await repo.recent(10)).map((r) => r.status), ['abandoned', 'succeeded'], 'lock free: the dead run reads as abandoned')
  t.match(await repo.get(id), { id, status: 'abandoned', finishedAt: null })
  t.equal((await sql(db.url, 'SELECT status FROM sync_runs WHERE id = $1', [id]))[0].status, 'running', 'the row is left to the next sync')

  const holder = new pg.Client({ connectionString: db.url })
  await holder.connect()
  t.teardown(() => holder.end())
  await holder.query('SELECT pg_advisory_lock($1)', [SYNC_LOCK_KEY])
  t.match(await repo.get(id), { status: 'running' }, 'lock held: a live run reads as running')
  // Another key, or the same key in another database, is not the sync lock.
  await holder.query('SELECT pg_advisory_unlock($1)', [SYNC_LOCK_KEY])
  await holder.query('SELECT pg_advisory_lock($1)', [SYNC_LOCK_KEY + 1])
  t.match(await repo.get(id), { status: 'abandoned' }, 'another advisory lock does not count')
  if (process.env.DATABASE_URL) {
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await other.connect()
    t.teardown(() => other.end())
    await other.query('SELECT pg_advisory_lock($1)', [SYNC_LOCK_KEY])
    t.match(await repo.get(id), { status: 'abandoned' }, 'nor does the sync lock of another database')
  }
})

t.test('a run that ends between the read and the look at the lock reads as it ended', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const prisma = createPrisma(db.url)
  t.teardown(() => prisma.$disconnect())
  const [{ id }] = await sql(db.url, "INSERT INTO sync_runs (trigger, status) VALUES ('cli', 'running') RETURNING id")
  // The first read sees the run running; it then commits and releases the lock before the lock is looked at.
  const raced = new Proxy(prisma, {
    get (target, key) {
      if (key !== 'syncRun') return Reflect.get(target, key)
      return {
        ...target.syncRun,
        findUnique: async (args: Parameters<Db['syncRun']['findUnique']>[0]) => {
          const row = await target.syncRun.findUnique(args)
          await sql(db.url, "UPDATE sync_runs SET status = 'succeeded', finished_at = now() WHERE id = $1", [id])
          return row
        },
        findMany: target.syncRun.findMany.bind(target.syncRun)
      }
    }
  }) as Db
  t.match(await new SyncRunsRepo(raced).get(id), { id, status: 'succeeded' }, 'not abandoned')
})
