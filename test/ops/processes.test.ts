// Operations across processes: two `catalog sync` at once, SIGTERM mid-run, a database outage.
import t from 'tap'
import { buildTestApp, setupHubAndDatabase, testConfig } from '../helpers/build.js'
import { sql } from '../helpers/database.js'
import { TcpProxy } from '../helpers/tcp-proxy.js'
import { collectOutput, spawnCli, runCli, waitFor } from '../helpers/cli.js'

t.test('two `catalog sync` at once: one runs, the other exits 75 without touching data', async (t) => {
  const { hub, db } = await setupHubAndDatabase(t)
  const held = hub.hold((r) => r.path === '/api/models')
  const first = collectOutput(spawnCli(['sync', '--json'], { DATABASE_URL: db.url, HF_ENDPOINT: hub.url }))
  await held.arrived
  const second = await runCli(['sync'], { DATABASE_URL: db.url, HF_ENDPOINT: hub.url })
  t.equal(second.code, 75)
  t.match(second.stderr, /another sync holds the lock/)
  held.release()
  t.equal(await first.exited, 0)
  t.match(JSON.parse(first.out().trim()), { status: 'succeeded', modelsTotal: 7, hubRequests: 22 }, '--json prints the summary')
  t.same(await sql(db.url, 'SELECT status::text FROM sync_runs'), [{ status: 'succeeded' }], 'the locked one recorded nothing')
  t.equal((await sql(db.url, 'SELECT count(*)::int AS n FROM download_snapshots'))[0].n, 7)
})

t.test('SIGTERM mid-sync: the run finishes within the grace period', async (t) => {
  const { hub, db } = await setupHubAndDatabase(t)
  const held = hub.hold((r) => r.path.startsWith('/api/models/cerebras/Cerebras-GPT-6.7B/tree/'))
  const child = spawnCli(['sync'], { DATABASE_URL: db.url, HF_ENDPOINT: hub.url, SHUTDOWN_GRACE_MS: '60000' })
  const run = collectOutput(child)
  await held.arrived
  child.kill('SIGTERM')
  await waitFor('the child to take the signal', async () => run.err().includes('SIGTERM: letting the running sync finish'))
  held.release()
  t.equal(await run.exited, 0, run.err())
  t.same(await sql(db.url, 'SELECT status::text FROM sync_runs'), [{ status: 'succeeded' }])
})

t.test('SIGTERM mid-sync with no grace left: recorded as interrupted, never left running', async (t) => {
  const { hub, db } = await setupHubAndDatabase(t)
  const held = hub.hold((r) => r.path.startsWith('/api/models/cerebras/Cerebras-GPT-6.7B/tree/'))
  const child = spawnCli(['sync'], { DATABASE_URL: db.url, HF_ENDPOINT: hub.url, SHUTDOWN_GRACE_MS: '0' })
  const run = collectOutput(child)
  await held.arrived
  child.kill('SIGTERM')
  t.equal(await run.exited, 1)
  t.match(run.err(), /interrupted/)
  held.release()
  t.match(await sql(db.url, 'SELECT status::text, errors FROM sync_runs'), [{ status: 'interrupted', errors: [{ code: 'SYNC_INTERRUPTED' }] }])
  t.same(await sql(db.url, 'SELECT id FROM models'), [], 'nothing of the run was stored')
})

t.test('an interrupted run is counted in the metrics', async (t) => {
  const { hub, db } = await setupHubAndDatabase(t)
  const { app } = await buildTestApp({ config: testConfig(hub.url), databaseUrl: db.url })
  const held = hub.hold((r) => r.path === '/api/models')
  const run = app.sync.run('cli').catch((err: Error) => err.name)
  await held.arrived
  const metrics = app.metrics.registry
  await app.close()
  held.release()
  t.equal(await run, 'AbortError')
  t.match(await metrics.metrics(), /catalog_sync_runs_total\{status="interrupted"\} 1/)
})

t.test('/ready goes 503 while the database is down and 200 when it is back', async (t) => {
  const { hub, db } = await setupHubAndDatabase(t)
  const direct = new URL(db.url)
  // The outage is a real one as the app sees it: every connection cut, new ones refused.
  const proxy = new TcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) })
  await proxy.start()
  t.teardown(() => proxy.stop())
  const { app } = await buildTestApp({ config: testConfig(hub.url), databaseUrl: proxy.url(db.url) })
  t.teardown(() => app.close())
  t.equal((await app.inject('/ready')).statusCode, 200)
  await proxy.stop()
  const down = await app.inject('/ready')
  t.equal(down.statusCode, 503)
  t.match(down.json(), { ready: false, database: 'unreachable' })
  t.equal((await app.inject('/health')).statusCode, 200, 'still alive')
  const data = await app.inject('/api/models')
  t.equal(data.statusCode, 503, 'the database is down: 503, not a bug')
  t.match(data.json(), { code: 'CATALOG_DATABASE_UNAVAILABLE', detail: 'The database is not answering; try again in a few seconds' })
  t.equal(data.headers['retry-after'], '5')
  t.notMatch(data.body, /ECONNREFUSED|127\.0\.0\.1|postgres/i, 'no internals in the answer')
  await proxy.start()
  const back = await app.inject('/ready')
  t.equal(back.statusCode, 200)
  t.match(back.json(), { ready: true, database: 'ok' })
})
