// The sync job end to end: replay Hub over HTTP, real @huggingface/hub and undici, real PostgreSQL.
import t from 'tap'
import { setupCatalog } from '../helpers/build.js'
import { sql } from '../helpers/database.js'
import { SyncAlreadyRunningError } from '../../src/errors.js'

const SEVEN = ['111M', '256M', '590M', '1.3B', '2.7B', '6.7B', '13B'].map((s) => `cerebras/Cerebras-GPT-${s}`)

// The Parameters cells of the cards' architecture table: 111M, 256M, 590M, 1.3B, 2.7B, 6.7B, 13B.
const NOMINAL: Record<string, number> = {
  'cerebras/Cerebras-GPT-111M': 111_000_000,
  'cerebras/Cerebras-GPT-256M': 256_000_000,
  'cerebras/Cerebras-GPT-590M': 590_000_000,
  'cerebras/Cerebras-GPT-1.3B': 1_300_000_000,
  'cerebras/Cerebras-GPT-2.7B': 2_700_000_000,
  'cerebras/Cerebras-GPT-6.7B': 6_700_000_000,
  'cerebras/Cerebras-GPT-13B': 13_000_000_000
}

t.test('a cold sync stores the seven models, their files, cards, licenses and one snapshot each', async (t) => {
  const { hub, app, db } = await setupCatalog(t)
  const summary = await app.sync.run('cli')
  t.match(summary, { status: 'succeeded', modelsTotal: 7, modelsChanged: 7, modelsFailed: 0 })
  // 1 listing + per model: details, tree, card.
  t.equal(summary.hubRequests, 1 + 7 * 3)
  t.equal(hub.count(), summary.hubRequests, 'the count we record is what the Hub saw')

  const models = await sql(db.url, 'SELECT id, sha, parameters, parameters_source, license_id, downloads, downloads_all_time, likes, card_text IS NOT NULL AS has_card FROM models ORDER BY id')
  t.same(models.map((m) => m.id).sort(), [...SEVEN].sort())
  for (const m of models) {
    const listed = hub.listing.find((e) => e.id === m.id)!
    t.equal(m.sha, listed.sha, `${m.id} sha`)
    t.equal(m.downloads, listed.downloads, `${m.id} downloads (placeholder count)`)
    t.equal(Number(m.downloads_all_time), listed.downloadsAllTime)
    t.equal(m.license_id, 'apache-2.0')
    t.equal(m.has_card, true)
    // No safetensors on these repos: the size the card's architecture table gives, by hand.
    t.equal(Number(m.parameters), NOMINAL[m.id], `${m.id} parameters`)
    t.equal(m.parameters_source, 'card')
  }
  const files = await sql(db.url, 'SELECT count(*)::int AS n FROM model_files WHERE model_id = $1', ['cerebras/Cerebras-GPT-13B'])
  t.equal(files[0].n, hub.repos.get('cerebras/Cerebras-GPT-13B')!.tree.length)
  const snaps = await sql(db.url, 'SELECT count(*)::int AS n FROM download_snapshots WHERE sync_run_id = $1', [summary.runId])
  t.equal(snaps[0].n, 7)
  t.notOk(hub.requests.some((r) => r.path.endsWith('/config.json')), 'config.json is never resolved (it would count as a download)')
})

t.test('the Hub\'s safetensors total comes before the card\'s size', async (t) => {
  const { hub, app, db } = await setupCatalog(t)
  const info = hub.repos.get('cerebras/Cerebras-GPT-111M')!.info as Record<string, unknown>
  info.safetensors = { parameters: { F32: 111050496 }, total: 111050496 }
  await app.sync.run('cli')
  const [m] = await sql(db.url, 'SELECT parameters, parameters_source FROM models WHERE id = $1', ['cerebras/Cerebras-GPT-111M'])
  t.same(m, { parameters: 111050496, parameters_source: 'safetensors' })
})

t.test('a steady-state sync makes exactly one Hub request and still snapshots every model', async (t) => {
  const { hub, app, db } = await setupCatalog(t)
  await app.sync.run('cli')
  hub.resetCounts()
  hub.setCounts('cerebras/Cerebras-GPT-111M', { downloads: 1234, downloadsAllTime: 101234, likes: 11 })
  const summary = await app.sync.run('schedule')
  t.match(summary, { status: 'succeeded', modelsChanged: 0, hubRequests: 1 })
  t.equal(hub.count(), 1)
  t.equal(hub.requests[0].path, '/api/models')
  const [m] = await sql(db.url, 'SELECT downloads, likes FROM models WHERE id = $1', ['cerebras/Cerebras-GPT-111M'])
  t.same(m, { downloads: 1234, likes: 11 })
  const snaps = await sql(db.url, 'SELECT sync_run_id, downloads FROM download_snapshots WHERE model_id = $1 ORDER BY sync_run_id', ['cerebras/Cerebras-GPT-111M'])
  t.same(snaps.map((s) => s.downloads), [1000, 1234], 'one snapshot per run')
})

t.test('a sha change refetches that model only', async (t) => {
  const { hub, app, db } = await setupCatalog(t)
  await app.sync.run('cli')
  hub.resetCounts()
  const id = 'cerebras/Cerebras-GPT-2.7B'
  const newSha = 'f'.repeat(40)
  const tree = hub.repos.get(id)!.tree.filter((f) => f.path !== 'merges.txt')
  hub.setSha(id, newSha, tree)
  const summary = await app.sync.run('cli')
  t.match(summary, { status: 'succeeded', modelsChanged: 1, hubRequests: 4 })
  t.same(hub.requests.map((r) => r.path), [
    '/api/models',
    `/api/models/${id}/revision/${newSha}`,
    `/api/models/${id}/tree/${newSha}`,
    `/${id}/resolve/${newSha}/README.md`
  ])
  const [m] = await sql(db.url, 'SELECT sha FROM models WHERE id = $1', [id])
  t.equal(m.sha, newSha)
  const files = await sql(db.url, 'SELECT path FROM model_files WHERE model_id = $1', [id])
  t.notOk(files.some((f) => f.path === 'merges.txt'), 'the file list is replaced, not merged')
})

t.test('one model failing does not stop the others, and keeps its last good data', async (t) => {
  const { hub, app, db } = await setupCatalog(t)
  await app.sync.run('cli')
  const gone = 'cerebras/Cerebras-GPT-590M'
  const before = await sql(db.url, 'SELECT sha, downloads, parameters, card_text FROM models WHERE id = $1', [gone])
  hub.remove(gone)
  hub.setCounts('cerebras/Cerebras-GPT-111M', { downloads: 4242 })
  const summary = await app.sync.run('cli')
  t.equal(summary.status, 'partial')
  t.equal(summary.modelsFailed, 1)
  t.match(summary.errors, [{ modelId: gone, code: 'HUB_NOT_FOUND', status: 401 }])
  const after = await sql(db.url, 'SELECT sha, downloads, parameters, card_text, last_error FROM models WHERE id = $1', [gone])
  t.same({ ...after[0], last_error: undefined }, { ...before[0], last_error: undefined }, 'last good data kept')
  t.match(after[0].last_error, /401/)
  const [other] = await sql(db.url, 'SELECT downloads FROM models WHERE id = $1', ['cerebras/Cerebras-GPT-111M'])
  t.equal(other.downloads, 4242, 'the others were synced')
  const [run] = await sql(db.url, 'SELECT status, models_failed, errors FROM sync_runs WHERE id = $1', [summary.runId])
  t.match(run, { status: 'partial', models_failed: 1, errors: [{ modelId: gone }] })
  const res = await app.inject('/api/models/cerebras/Cerebras-GPT-590M')
  t.equal(res.statusCode, 200, 'still served')
  t.match(res.json().lastError, /401/)
})

t.test('a malformed answer for one model fails only that model', async (t) => {
  const { hub, app } = await setupCatalog(t)
  hub.fault({ match: (r) => r.path.startsWith('/api/models/cerebras/Cerebras-GPT-6.7B/tree/'), status: 200, body: [{ type: 'file', path: 'x.bin', size: 'big' }] })
  const summary = await app.sync.run('cli')
  t.equal(summary.status, 'partial')
  t.match(summary.errors, [{ modelId: 'cerebras/Cerebras-GPT-6.7B', code: 'HUB_MALFORMED_ANSWER' }])
  const list = (await app.inject('/api/models')).json().items
  t.equal(list.length, 6, 'a new model that failed is not stored half-made')
})

t.test('a malformed listing entry fails that model only', async (t) => {
  const { hub, app, db } = await setupCatalog(t)
  await app.sync.run('cli')
  const entry = hub.listing.find((e) => e.id === 'cerebras/Cerebras-GPT-256M')!
  entry.downloads = 'many'
  const summary = await app.sync.run('cli')
  t.equal(summary.status, 'partial')
  t.match(summary.errors, [{ modelId: 'cerebras/Cerebras-GPT-256M', code: 'HUB_MALFORMED_ANSWER', message: /downloads/ }])
  t.equal(summary.hubRequests, 1, 'no extra request for it')
  const [m] = await sql(db.url, 'SELECT downloads FROM models WHERE id = $1', ['cerebras/Cerebras-GPT-256M'])
  t.equal(m.downloads, 2000, 'the last good count is kept')
})

t.test('a failed listing fails the run and loses nothing', async (t) => {
  const { hub, app, db, logs } = await setupCatalog(t, { HUB_MAX_ATTEMPTS: '2' })
  await app.sync.run('cli')
  const before = await sql(db.url, 'SELECT id, sha, downloads FROM models ORDER BY id')
  hub.fault({ match: (r) => r.path === '/api/models', status: 503, times: 5 })
  const summary = await app.sync.run('cli')
  t.equal(summary.status, 'failed')
  t.equal(summary.modelsFailed, 7)
  t.same(await sql(db.url, 'SELECT id, sha, downloads FROM models ORDER BY id'), before)
  const snaps = await sql(db.url, 'SELECT count(*)::int AS n FROM download_snapshots WHERE sync_run_id = $1', [summary.runId])
  t.equal(snaps[0].n, 0, 'no snapshot without counts')
  t.ok(logs.some((l) => l.includes('retrying Hub request') && l.includes('"status":503')), 'the retry is logged')
})

t.test('tracked ids match exactly: look-alikes in the listing are ignored', async (t) => {
  const { hub, app, db } = await setupCatalog(t, { TRACKED_MODELS: 'cerebras/Cerebras-GPT-111M, cerebras/cerebras-gpt-256m' })
  t.ok(hub.listing.some((e) => e.id === 'cerebras/Cerebras-GPT-Intermediate'), 'the listing holds a look-alike')
  const summary = await app.sync.run('cli')
  const ids = (await sql(db.url, 'SELECT id FROM models ORDER BY id')).map((r) => r.id)
  t.same(ids, ['cerebras/Cerebras-GPT-111M'])
  t.equal(summary.status, 'partial')
  t.match(summary.errors, [{ modelId: 'cerebras/cerebras-gpt-256m' }], 'a wrongly cased id is not silently matched')
})

t.test('a tracked model missing from the listing is fetched by id', async (t) => {
  const { hub, app } = await setupCatalog(t)
  hub.listing = hub.listing.filter((e) => e.id !== 'cerebras/Cerebras-GPT-13B')
  const summary = await app.sync.run('cli')
  t.equal(summary.status, 'succeeded')
  t.ok(hub.requests.some((r) => r.path === '/api/models/cerebras/Cerebras-GPT-13B/revision/HEAD'))
})

t.test('a second sync while one runs is refused', async (t) => {
  const { hub, app } = await setupCatalog(t)
  const held = hub.hold((r) => r.path === '/api/models')
  const first = app.sync.run('cli')
  await held.arrived
  // A domain error (no HTTP status of its own: the API maps it to 409, see test/plugins).
  await t.rejects(app.sync.run('api'), new SyncAlreadyRunningError())
  held.release()
  t.equal((await first).status, 'succeeded')
})

t.test('a database failure while committing rolls the whole run back and is recorded', async (t) => {
  const { hub, app, db } = await setupCatalog(t)
  await app.sync.run('cli')
  const before = await sql(db.url, 'SELECT id, sha, downloads FROM models ORDER BY id')
  hub.setCounts('cerebras/Cerebras-GPT-111M', { downloads: 999_999 })
  hub.setSha('cerebras/Cerebras-GPT-1.3B', 'b'.repeat(40))
  // A real PostgreSQL error in the middle of the write: the snapshot insert comes after the model updates.
  await sql(db.url, `CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'could not extend file (simulated disk full)'; END $$`)
  await sql(db.url, 'CREATE TRIGGER refuse BEFORE INSERT ON download_snapshots FOR EACH STATEMENT EXECUTE FUNCTION refuse()')
  await t.rejects(app.sync.run('cli'), /simulated disk full/)
  t.same(await sql(db.url, 'SELECT id, sha, downloads FROM models ORDER BY id'), before, 'models untouched')
  const [run] = await sql(db.url, 'SELECT status, errors FROM sync_runs ORDER BY id DESC LIMIT 1')
  t.match(run, { status: 'failed', errors: [{ code: 'CATALOG_DATABASE_ERROR', message: /simulated disk full/ }] })
  await sql(db.url, 'DROP TRIGGER refuse ON download_snapshots')
  const next = await app.sync.run('cli')
  t.equal(next.status, 'succeeded', 'the next run succeeds')
  t.equal(next.modelsChanged, 1)
})
