// A sync whose database goes away mid-run: the lock's connection killed, a pool connection killed
// inside the write, the whole database stopped. Each run ends failed, saying the database
// connection was lost (never that the process shut down), with no unhandled rejection; the
// next sync succeeds and nothing is left `running`.
import t, { type Test } from 'tap'
import pg from 'pg'
import { setupCatalog, setupCatalogBehindProxy } from '../helpers/build.js'
import { sql } from '../helpers/database.js'
import { collectOutput, spawnCli, waitFor } from '../helpers/cli.js'
import { TcpProxy } from '../helpers/tcp-proxy.js'
import { SyncDatabaseLostError } from '../../src/errors.js'

const unhandled: unknown[] = []
process.on('unhandledRejection', (err) => { unhandled.push(err) })

const TIMEOUTS = { DB_CONNECT_TIMEOUT_MS: '1000', DB_STATEMENT_TIMEOUT_MS: '3000' }

async function lostRun (t: Test, url: string, runId: number) {
  const [run] = await sql(url, 'SELECT status, errors, finished_at FROM sync_runs WHERE id = $1', [runId])
  t.equal(run.status, 'failed')
  t.ok(run.finished_at, 'it has an end')
  t.match(run.errors, [{ modelId: '*', code: 'SYNC_DATABASE_LOST', message: /a connection to the database was lost mid-run \(.+\)/ }])
  t.notMatch(JSON.stringify(run.errors), /shut down/, 'not blamed on a shutdown')
}

function changeEverything (hub: Awaited<ReturnType<typeof setupCatalog>>['hub']) {
  for (const e of hub.listing) hub.setCounts(String(e.id), { downloads: Number(e.downloads) + 1 })
  hub.setSha('cerebras/Cerebras-GPT-13B', 'b'.repeat(40))
}

t.test('the sync lock\'s connection is killed mid-run', async (t) => {
  const { app, hub, db, logs } = await setupCatalog(t)
  const held = hub.hold((r) => r.path === '/api/models')
  const run = app.sync.run('cli')
  const failure = run.then(() => null, (err: Error) => err)
  await held.arrived
  const [holder] = await sql(db.url, "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
  await sql(db.url, 'SELECT pg_terminate_backend($1)', [holder.pid])
  // Once the service has seen the lock go, the Hub answers: a run that went on would now succeed.
  await waitFor('the lost lock to be noticed', async () => logs.some((l) => l.includes('the sync lock\'s connection was lost')))
  held.release()
  const err = await failure
  t.ok(err instanceof SyncDatabaseLostError, 'a SyncDatabaseLostError')
  t.match(err, { code: 'CATALOG_SYNC_DATABASE_LOST', message: /lost its database connection/ })
  const [{ id }] = await sql(db.url, 'SELECT id FROM sync_runs ORDER BY id DESC LIMIT 1')
  await lostRun(t, db.url, id)
  t.same(await sql(db.url, 'SELECT id FROM models'), [], 'nothing written')
  t.equal((await app.sync.run('cli')).status, 'succeeded', 'the next sync succeeds')
  await lostRun(t, db.url, id)
})

t.test('a pool connection is killed inside the write transaction', async (t) => {
  const { app, hub, db } = await setupCatalog(t)
  await app.sync.run('cli')
  changeEverything(hub)
  const blocker = new pg.Client({ connectionString: db.url })
  await blocker.connect()
  t.teardown(() => blocker.end())
  await blocker.query('BEGIN')
  await blocker.query('LOCK TABLE download_snapshots IN ACCESS EXCLUSIVE MODE')
  const failure = app.sync.run('cli').then(() => null, (err: Error) => err)
  let writer = 0
  await waitFor('the write to block', async () => {
    const rows = await sql(db.url, "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%download_snapshots%' AND pid <> pg_backend_pid()")
    writer = rows[0]?.pid ?? 0
    return rows.length > 0
  })
  await sql(db.url, 'SELECT pg_terminate_backend($1)', [writer])
  const err = await failure
  await blocker.query('ROLLBACK')
  t.match(err, { code: 'CATALOG_SYNC_DATABASE_LOST' })
  const [{ id }] = await sql(db.url, 'SELECT id FROM sync_runs ORDER BY id DESC LIMIT 1')
  await lostRun(t, db.url, id)
  const [big] = await sql(db.url, 'SELECT sha FROM models WHERE id = $1', ['cerebras/Cerebras-GPT-13B'])
  t.not(big.sha, 'b'.repeat(40), 'the transaction rolled back')
  t.equal((await app.sync.run('cli')).status, 'succeeded', 'the next sync succeeds')
})

t.test('the database stops mid-run, then comes back', async (t) => {
  const { hub, db, proxy, app, logs } = await setupCatalogBehindProxy(t, TIMEOUTS)
  await app.sync.run('cli')
  changeEverything(hub)

  const held = hub.hold((r) => r.path.startsWith('/api/models/cerebras/Cerebras-GPT-13B/tree/'))
  const failure = app.sync.run('cli').then(() => null, (err: Error) => err)
  await held.arrived
  await proxy.stop()
  const err = await failure
  held.release()
  t.match(err, { code: 'CATALOG_SYNC_DATABASE_LOST', message: /lost its database connection/ })
  t.ok(logs.some((l) => l.includes('the run\'s end will be recorded when the database answers')), 'the end waits for the database')

  await proxy.start()
  const [stale] = await sql(db.url, 'SELECT id, status FROM sync_runs ORDER BY id DESC LIMIT 1')
  t.equal(stale.status, 'running', 'the database could not be told while it was down')
  await waitFor('the dead lock connection to go', async () =>
    (await sql(db.url, "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")).length === 0)
  t.equal((await app.sync.run('cli')).status, 'succeeded', 'the next sync succeeds')
  await lostRun(t, db.url, stale.id)
  t.same(await sql(db.url, "SELECT id FROM sync_runs WHERE status = 'running'"), [], 'nothing left running')
  const [big] = await sql(db.url, 'SELECT sha FROM models WHERE id = $1', ['cerebras/Cerebras-GPT-13B'])
  t.equal(big.sha, 'b'.repeat(40))
})

t.test('`catalog sync --json` whose database stops mid-run', async (t) => {
  const { app, hub, db } = await setupCatalog(t)
  await app.sync.run('cli')
  changeEverything(hub)
  const target = new URL(db.url)
  const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) })
  await proxy.start()
  t.teardown(() => proxy.stop())

  const held = hub.hold((r) => r.path.startsWith('/api/models/cerebras/Cerebras-GPT-13B/tree/'))
  const child = collectOutput(spawnCli(['sync', '--json'], { DATABASE_URL: proxy.url(db.url), HF_ENDPOINT: hub.url, ...TIMEOUTS }))
  await held.arrived
  await proxy.stop()
  held.release()
  t.equal(await child.exited, 1, 'exit 1: failed')
  t.match(JSON.parse(child.out()), { status: 'failed', error: { code: 'CATALOG_SYNC_DATABASE_LOST', message: /lost its database connection/ } })
  t.notMatch(child.err(), /unhandled|by a signal/i, 'no unhandled rejection, not called a signal')
  t.match(child.err(), /The sync lost its database connection mid-run/)

  // The process is gone and could not record its end: the history says abandoned, the next sync marks it.
  await proxy.start()
  const [dead] = await sql(db.url, 'SELECT id, status FROM sync_runs ORDER BY id DESC LIMIT 1')
  await waitFor('the dead run\'s lock to go', async () => (await app.syncRuns.get(dead.id))?.status === 'abandoned')
  t.equal((await app.sync.run('cli')).status, 'succeeded', 'the next sync succeeds')
  t.equal((await sql(db.url, 'SELECT status FROM sync_runs WHERE id = $1', [dead.id]))[0].status, 'abandoned')
  t.same(await sql(db.url, "SELECT id FROM sync_runs WHERE status = 'running'"), [], 'nothing left running')
})

t.test('no unhandled rejection on the way', async (t) => {
  t.same(unhandled, [])
})
