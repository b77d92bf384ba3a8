// /metrics, /health and /ready, the stale-data Warning, security headers, CORS and body limits.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { PROJECT_ROOT } from '../../src/paths.js'
import { setupCatalog } from '../helpers/build.js'
import { sql } from '../helpers/database.js'

t.test('/metrics in the Prometheus format', async (t) => {
  const { app, hub } = await setupCatalog(t)
  hub.fault({ match: (r) => r.path === '/api/models', status: 503 })
  await app.sync.run('cli')
  await app.inject('/api/models')
  await app.inject('/api/models/cerebras/Nope')
  const res = await app.inject('/metrics')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/plain/)
  const text = res.body
  t.match(text, /catalog_sync_runs_total\{status="succeeded"\} 1/)
  t.match(text, /catalog_sync_duration_seconds_count 1/)
  t.match(text, /catalog_hub_requests_total\{status="503"\} 1/)
  t.match(text, /catalog_hub_requests_total\{status="200"\} 22/)
  t.match(text, /catalog_hub_retries_total 1/)
  t.match(text, /catalog_last_successful_sync_timestamp_seconds \d{10}/)
  t.match(text, /catalog_model_downloads_30d\{model="cerebras\/Cerebras-GPT-111M"\} 1000/)
  t.match(text, /catalog_model_downloads_all_time\{model="cerebras\/Cerebras-GPT-13B"\} 700000/)
  t.match(text, /^catalog_http_request_duration_seconds_count\{method="GET",route="\/api\/models",status="200"\} 1/m)
  t.match(text, /^catalog_http_request_duration_seconds_count\{method="GET",route="\/api\/models\/:author\/:name",status="404"\} 1/m)
})

t.test('/health is liveness, /ready readiness with the age of the data', async (t) => {
  const { app } = await setupCatalog(t)
  t.match((await app.inject('/health')).json(), { status: 'ok', uptimeSeconds: Number })
  const before = await app.inject('/ready')
  t.equal(before.statusCode, 200)
  t.match(before.json(), { ready: true, database: 'ok', migrations: 'applied', lastSyncAt: null, stale: true })
  const s = await app.sync.run('cli')
  t.match((await app.inject('/ready')).json(), { ready: true, lastSyncAt: s.finishedAt.toISOString(), lastSyncAgeSeconds: Number, stale: false })
})

t.test('/health says the version and the commit it runs', async (t) => {
  const { app } = await setupCatalog(t)
  const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
  // GIT_COMMIT when set (the image), else the checkout's HEAD (tests run in one), else null.
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8' })
  const commit = process.env.GIT_COMMIT || (head.status === 0 ? head.stdout.trim() : null)
  const res = await app.inject('/health')
  t.equal(res.statusCode, 200)
  t.same(Object.keys(res.json()).sort(), ['commit', 'status', 'uptimeSeconds', 'version'])
  t.equal(res.json().version, version, 'package.json\'s version')
  t.equal(res.json().commit, commit)
})

t.test('/ready is 503 while a migration is missing', async (t) => {
  const { app, db } = await setupCatalog(t)
  await sql(db.url, 'DELETE FROM _prisma_migrations WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)')
  const res = await app.inject('/ready')
  t.equal(res.statusCode, 503)
  t.match(res.json(), { ready: false, database: 'ok', migrations: 'pending' })
})

t.test('no successful sync within three schedule intervals: a Warning on data answers', async (t) => {
  const { app, db } = await setupCatalog(t, { SYNC_CRON: '* * * * *' })
  await app.sync.run('cli')
  t.equal((await app.inject('/api/models')).headers.warning, undefined, 'fresh data, no warning')
  // The last good sync ended ten minutes ago: more than three one-minute intervals.
  await sql(db.url, "UPDATE sync_runs SET finished_at = now() - interval '10 minutes'")
  const { app: later } = await setupCatalog(t, { SYNC_CRON: '* * * * *' }, { databaseUrl: db.url })
  const res = await later.inject('/api/models')
  t.match(res.headers.warning, /^110 - "Response is Stale: no successful sync since \d{4}-/)
  t.match((await later.inject('/ready')).json(), { ready: true, stale: true })
})

t.test('security headers, CORS off by default, body limits', async (t) => {
  const { app } = await setupCatalog(t, { BODY_LIMIT_BYTES: '2048', ADMIN_TOKEN: 'admin-token-0123456789abcdef' })
  const res = await app.inject({ url: '/api/models', headers: { origin: 'https://example.org' } })
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  t.match(res.headers['content-security-policy'], /default-src 'self'/)
  t.equal(res.headers['access-control-allow-origin'], undefined, 'no CORS unless configured')
  const big = await app.inject({ method: 'POST', url: '/api/syncs', headers: { authorization: 'Bearer admin-token-0123456789abcdef', 'content-type': 'application/json' }, payload: JSON.stringify({ pad: 'x'.repeat(5000) }) })
  t.equal(big.statusCode, 413)
  t.match(big.headers['content-type'], /problem\+json/)

  const { app: open } = await setupCatalog(t, { CORS_ORIGIN: 'https://example.org' })
  const allowed = await open.inject({ url: '/api/models', headers: { origin: 'https://example.org' } })
  t.equal(allowed.headers['access-control-allow-origin'], 'https://example.org')
  const other = await open.inject({ url: '/api/models', headers: { origin: 'https://evil.example' } })
  t.equal(other.headers['access-control-allow-origin'], undefined)
})
