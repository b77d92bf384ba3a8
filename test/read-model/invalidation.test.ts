// The read model across processes: a change committed by another process (a sync, a fix by hand)
// shows in a running server's answers within a second; when the LISTEN connection drops, answers
// read through to the database until it is back, and then come from memory again.
import t from 'tap'
import { buildTestApp, setupCatalog } from '../helpers/build.js'
import { sql } from '../helpers/database.js'
import { waitFor } from '../helpers/cli.js'

const ID = 'cerebras/Cerebras-GPT-111M'

async function likesOf (app: Awaited<ReturnType<typeof setupCatalog>>['app']): Promise<number> {
  const res = await app.inject(`/api/models/${ID}`)
  return res.json().likes
}

t.test('a sync by another process changes what a running server answers within a second', async (t) => {
  const { app, hub, db, config } = await setupCatalog(t)
  await app.sync.run('cli')
  await waitFor('answers from memory', async () => (await app.inject('/ready')).json().catalogue === 'memory', 5_000)
  const before = await app.inject('/api/models')
  t.equal((await app.inject({ url: '/api/models', headers: { 'if-none-match': before.headers.etag as string } })).statusCode, 304, 'cached')

  const other = await buildTestApp({ config, databaseUrl: db.url })
  t.teardown(() => other.app.close())
  hub.setCounts(ID, { likes: 4242 })
  await other.app.sync.run('cli')
  const committed = Date.now()
  await waitFor('the other process\'s sync to show', async () => await likesOf(app) === 4242, 1_000)
  t.ok(Date.now() - committed <= 1_000, 'within a second')
  const after = await app.inject('/api/models')
  t.not(after.headers.etag, before.headers.etag, 'a new version, a new ETag')
  t.match(after.json().items.find((m: { id: string }) => m.id === ID), { likes: 4242 })
})

t.test('a change written by hand is heard too', async (t) => {
  const { app, db } = await setupCatalog(t)
  await app.sync.run('cli')
  t.equal(await likesOf(app), 10)
  await sql(db.url, 'UPDATE models SET likes = 777 WHERE id = $1', [ID])
  await waitFor('the update to show', async () => await likesOf(app) === 777, 1_000)
  t.pass()
})

t.test('a dropped LISTEN connection is noticed, re-established, and changes are heard again', async (t) => {
  const { app, db, logs } = await setupCatalog(t)
  await app.sync.run('cli')
  await waitFor('answers from memory', async () => (await app.inject('/ready')).json().catalogue === 'memory', 5_000)
  const listenerPid = async () => (await sql(db.url, "SELECT pid FROM pg_stat_activity WHERE application_name = 'catalog-change-listener' AND datname = current_database()")).map((r) => r.pid)
  const [first] = await listenerPid()

  const killed = await sql(db.url, 'SELECT pg_terminate_backend($1) AS ok', [first])
  t.same(killed, [{ ok: true }], 'the listener\'s connection is cut')
  await waitFor('the loss to be logged', async () => logs.some((l) => l.includes('change notifications lost')), 5_000)
  // Written while the listener may still be down: heard, or loaded when it is back.
  await sql(db.url, 'UPDATE models SET likes = 555 WHERE id = $1', [ID])
  t.equal(await likesOf(app), 555, 'never stale')

  await waitFor('a new listener connection', async () => { const pids = await listenerPid(); return pids.length === 1 && pids[0] !== first }, 10_000)
  await waitFor('answers from memory again', async () => (await app.inject('/ready')).json().catalogue === 'memory', 5_000)
  await sql(db.url, 'UPDATE models SET likes = 556 WHERE id = $1', [ID])
  await waitFor('a change heard again', async () => await likesOf(app) === 556, 1_000)
  t.pass('recovered')
})

t.test('an import is loaded before it answers: cached history gives way at once', async (t) => {
  const { app } = await setupCatalog(t, { ADMIN_TOKEN: 'admin-token-0123456789abcdef' })
  await app.sync.run('cli')
  const trendsBefore = await app.inject('/api/trends?window=7d')
  const body = [
    { id: ID, takenAt: new Date(Date.now() - 8 * 86_400_000).toISOString(), downloads: 1, downloadsAllTime: 90_000, likes: 1 },
    { id: ID, takenAt: new Date(Date.now() - 7.5 * 86_400_000).toISOString(), downloads: 1, downloadsAllTime: 95_000, likes: 1 }
  ].map((r) => JSON.stringify(r)).join('\n')
  const imported = await app.inject({ method: 'POST', url: '/api/imports', headers: { authorization: 'Bearer admin-token-0123456789abcdef', 'content-type': 'application/x-ndjson' }, payload: body })
  t.match(imported.json(), { imported: 2 })
  const trendsAfter = await app.inject('/api/trends?window=7d')
  t.not(trendsAfter.body, trendsBefore.body, 'the cached trends gave way to the imported history at once')
})
