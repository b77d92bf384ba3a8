// kill -9 of a `catalog sync` process mid-run leaves the previous catalogue intact, the run history
// (admin API, `catalog status`) reads the dead run as abandoned at once, and the next run succeeds
// and marks it abandoned in the database. Once during the Hub phase, once inside the write.
import t from 'tap'
import pg from 'pg'
import { setupCatalog } from '../helpers/build.js'
import { sql } from '../helpers/database.js'
import { runCli, spawnCli, waitFor } from '../helpers/cli.js'

async function catalogueState (url: string) {
  return {
    models: await sql(url, 'SELECT id, sha, downloads, likes, parameters FROM models ORDER BY id'),
    files: (await sql(url, 'SELECT count(*)::int AS n FROM model_files'))[0].n,
    snapshots: (await sql(url, 'SELECT count(*)::int AS n FROM download_snapshots'))[0].n
  }
}

async function noSyncLockHeld (url: string): Promise<boolean> {
  const rows = await sql(url, "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
  return rows.length === 0
}

async function changeEverything (hub: Awaited<ReturnType<typeof setupCatalog>>['hub']) {
  for (const e of hub.listing) hub.setCounts(String(e.id), { downloads: Number(e.downloads) + 1, likes: Number(e.likes) + 1 })
  hub.setSha('cerebras/Cerebras-GPT-13B', 'a'.repeat(40))
}

const ADMIN_TOKEN = 'kill-test-admin-token-0123456789'
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` }

t.test('killed while talking to the Hub', async (t) => {
  const { hub, app, db } = await setupCatalog(t, { ADMIN_TOKEN })
  await app.sync.run('cli')
  const before = await catalogueState(db.url)
  changeEverything(hub)
  const held = hub.hold((r) => r.path.startsWith('/api/models/cerebras/Cerebras-GPT-13B/tree/'))

  const child = spawnCli(['sync'], { DATABASE_URL: db.url, HF_ENDPOINT: hub.url })
  const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
  await held.arrived
  const live = (await app.inject({ url: '/api/syncs', headers: admin })).json().items[0]
  t.match(live, { trigger: 'cli', status: 'running' }, 'a live run in another process reads as running')
  child.kill('SIGKILL')
  t.equal(await exited, 'SIGKILL')
  held.release()

  t.same(await catalogueState(db.url), before, 'the previous catalogue is intact')
  const [dead] = await sql(db.url, 'SELECT id, status FROM sync_runs ORDER BY id DESC LIMIT 1')
  t.equal(dead.id, live.id)
  t.equal(dead.status, 'running', 'the dead run is left running in the database')

  await waitFor('the dead process\'s lock to go', () => noSyncLockHeld(db.url))
  // No sync has run since: the history reads the run as what it is.
  const list = (await app.inject({ url: '/api/syncs', headers: admin })).json()
  t.match(list.items[0], { id: dead.id, status: 'abandoned', finishedAt: null }, 'GET /api/syncs')
  t.match((await app.inject({ url: `/api/syncs/${dead.id}`, headers: admin })).json(), { id: dead.id, status: 'abandoned' }, 'GET /api/syncs/:id')
  const status = await runCli(['status'], { DATABASE_URL: db.url, HF_ENDPOINT: hub.url })
  t.equal(status.code, 0, status.stderr)
  t.match(status.stdout, new RegExp(`#${dead.id} cli abandoned `), 'catalog status')
  t.equal((await sql(db.url, 'SELECT status FROM sync_runs WHERE id = $1', [dead.id]))[0].status, 'running', 'reading changed nothing')
  const next = await app.sync.run('cli')
  t.equal(next.status, 'succeeded')
  const [abandoned] = await sql(db.url, 'SELECT status, finished_at FROM sync_runs WHERE id = $1', [dead.id])
  t.equal(abandoned.status, 'abandoned')
  t.ok(abandoned.finished_at)
  const [big] = await sql(db.url, 'SELECT sha FROM models WHERE id = $1', ['cerebras/Cerebras-GPT-13B'])
  t.equal(big.sha, 'a'.repeat(40))
})

t.test('killed inside the write transaction', async (t) => {
  const { hub, app, db } = await setupCatalog(t)
  await app.sync.run('cli')
  const before = await catalogueState(db.url)
  changeEverything(hub)

  // Hold the snapshot table so the child's transaction stops after it has updated the models.
  const blocker = new pg.Client({ connectionString: db.url })
  await blocker.connect()
  t.teardown(() => blocker.end())
  await blocker.query('BEGIN')
  await blocker.query('LOCK TABLE download_snapshots IN ACCESS EXCLUSIVE MODE')

  const child = spawnCli(['sync'], { DATABASE_URL: db.url, HF_ENDPOINT: hub.url })
  const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
  await waitFor('the child to block inside its write', async () => {
    const rows = await sql(db.url, "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%download_snapshots%' AND pid <> pg_backend_pid()")
    return rows.length > 0
  })
  // Only this file's database: other test files (and other engineers) run transactions on the same server.
  const [inTx] = await sql(db.url, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND wait_event_type = 'Lock' AND xact_start IS NOT NULL")
  t.equal(inTx.n, 1, 'the child is mid-transaction')
  child.kill('SIGKILL')
  t.equal(await exited, 'SIGKILL')
  await blocker.query('ROLLBACK')

  await waitFor('the dead process\'s backends to go', async () =>
    (await noSyncLockHeld(db.url)) &&
    (await sql(db.url, "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE '%download_snapshots%' AND pid <> pg_backend_pid() AND state <> 'idle'")).length === 0)
  t.same(await catalogueState(db.url), before, 'nothing of the killed run is visible')

  const next = await app.sync.run('cli')
  t.equal(next.status, 'succeeded')
  const runs = await sql(db.url, 'SELECT status FROM sync_runs ORDER BY id')
  t.same(runs.map((r) => r.status), ['succeeded', 'abandoned', 'succeeded'])
  const after = await catalogueState(db.url)
  t.equal(after.snapshots, before.snapshots + 7)
})
