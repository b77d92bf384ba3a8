// GET /api/models and GET /api/models/{owner}/{name}: shapes, order, problem+json errors.
import t from 'tap'
import { setupCatalog } from '../helpers/build.js'

t.test('lists the synced models with the fields the issue names', async (t) => {
  const { app, hub } = await setupCatalog(t)
  const empty = await app.inject('/api/models')
  t.same(empty.json(), { items: [] }, 'empty before the first sync')
  await app.sync.run('cli')
  const res = await app.inject('/api/models')
  t.equal(res.statusCode, 200)
  const { items } = res.json()
  t.equal(items.length, 7)
  for (const m of items) {
    const listed = hub.listing.find((e) => e.id === m.id)!
    t.match(m, { id: String, downloads: listed.downloads, downloadsAllTime: listed.downloadsAllTime, likes: listed.likes, parameters: Number, parametersSource: 'weights-estimate', sha: listed.sha, license: 'apache-2.0' })
  }
  const downloads = items.map((m: { downloads: number }) => m.downloads)
  t.same(downloads, [...downloads].sort((a, b) => b - a), 'most downloaded first')
})

t.test('one model with its files', async (t) => {
  const { app, hub } = await setupCatalog(t)
  await app.sync.run('cli')
  const res = await app.inject('/api/models/cerebras/Cerebras-GPT-111M')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.id, 'cerebras/Cerebras-GPT-111M')
  t.equal(body.files.length, hub.repos.get('cerebras/Cerebras-GPT-111M')!.tree.length)
  t.match(body.files.find((f: { path: string }) => f.path === 'pytorch_model.bin'), { lfs: true, size: Number })
  t.equal(body.hasCard, true)
  t.equal(body.hubCreatedAt, '2023-03-28T00:00:00.000Z')
})

t.test('errors are problem+json naming what was wrong', async (t) => {
  const { app } = await setupCatalog(t)
  const missing = await app.inject('/api/models/cerebras/Nope')
  t.equal(missing.statusCode, 404)
  t.match(missing.headers['content-type'], /^application\/problem\+json/)
  t.match(missing.json(), { status: 404, code: 'CATALOG_MODEL_NOT_FOUND', detail: /cerebras\/Nope/ })

  const bad = await app.inject('/api/models/cerebras/bad%20name')
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { code: 'CATALOG_INVALID_REQUEST', detail: /params\/name/ })

  const runs = await app.inject('/api/sync/runs?limit=1000')
  t.equal(runs.statusCode, 400)
  t.match(runs.json(), { detail: /querystring\/limit/ })

  const route = await app.inject('/api/nothing-here')
  t.equal(route.statusCode, 404)
  t.match(route.json(), { code: 'CATALOG_ROUTE_NOT_FOUND' })
})

t.test('sync runs and health', async (t) => {
  const { app } = await setupCatalog(t)
  const fresh = await app.inject('/health')
  t.match(fresh.json(), { status: 'ok', models: 0, lastSyncAt: null, syncRunning: false })
  await app.sync.run('cli')
  const runs = (await app.inject('/api/sync/runs')).json().items
  t.match(runs, [{ trigger: 'cli', status: 'succeeded', hubRequests: 22, modelsTotal: 7, modelsChanged: 7, errors: [] }])
  const health = (await app.inject('/health')).json()
  t.equal(health.models, 7)
  t.equal(health.lastSyncAt, runs[0].finishedAt)
})

t.test('POST /api/sync needs SYNC_API_TOKEN', async (t) => {
  const disabled = await setupCatalog(t)
  const off = await disabled.app.inject({ method: 'POST', url: '/api/sync' })
  t.equal(off.statusCode, 403)
  t.match(off.json(), { code: 'CATALOG_SYNC_API_DISABLED' })

  const token = 'a-long-enough-admin-token'
  const { app } = await setupCatalog(t, { SYNC_API_TOKEN: token })
  const none = await app.inject({ method: 'POST', url: '/api/sync' })
  t.equal(none.statusCode, 401)
  const wrong = await app.inject({ method: 'POST', url: '/api/sync', headers: { authorization: 'Bearer not-the-token-at-all' } })
  t.equal(wrong.statusCode, 401)
  t.notMatch(wrong.body, token)
  const ok = await app.inject({ method: 'POST', url: '/api/sync', headers: { authorization: `Bearer ${token}` } })
  t.equal(ok.statusCode, 200)
  t.match(ok.json(), { trigger: 'api', status: 'succeeded', modelsTotal: 7 })
})

t.test('DATA_NOTICE labels every answer (the demo marks its placeholder counts with it)', async (t) => {
  const notice = 'download counts are PLACEHOLDERS'
  const { app } = await setupCatalog(t, { DATA_NOTICE: notice })
  await app.sync.run('cli')
  const list = await app.inject('/api/models')
  t.equal(list.json().notice, notice)
  t.equal(list.headers['x-data-notice'], notice)
  t.equal((await app.inject('/api/models/cerebras/Cerebras-GPT-111M')).headers['x-data-notice'], notice)
  const plain = await setupCatalog(t)
  const res = await plain.app.inject('/api/models')
  t.equal(res.json().notice, undefined)
  t.equal(res.headers['x-data-notice'], undefined)
})
