// Tracking whole authors (TRACKED_AUTHORS) over the replay Hub: a model that appears is added, one that vanishes is
// kept and marked missing (model.missing once, no Hub request for it afterwards), one that comes back is refetched.
import t from 'tap'
import { setupCatalog } from '../helpers/build.js'
import { sql } from '../helpers/database.js'

const M111 = 'cerebras/Cerebras-GPT-111M'
const M256 = 'cerebras/Cerebras-GPT-256M'
const NEW = 'cerebras/Cerebras-GPT-111M-new'
// The recorded listing also holds two cerebras repos the fixtures have no details of: the tests leave them out.
const UNRECORDED = ['cerebras/btlm-3b-8k-base', 'cerebras/Cerebras-GPT-Intermediate']

type Row = { type: string, model_id: string, sync_run_id: number, data: Record<string, unknown> }
const events = async (url: string, after = 0) =>
  await sql<Row>(url, 'SELECT type, model_id, sync_run_id, data FROM webhook_events WHERE id > $1 ORDER BY id', [after])
const lastId = async (url: string) => Number((await sql<{ n: string | null }>(url, 'SELECT max(id)::text AS n FROM webhook_events'))[0].n ?? 0)
const outcomesOf = async (url: string, runId: number) =>
  (await sql<{ outcomes: Array<Record<string, unknown>> }>(url, 'SELECT outcomes FROM sync_runs WHERE id = $1', [runId]))[0].outcomes

async function setupAuthor (t: Parameters<typeof setupCatalog>[0], env: Record<string, string> = {}) {
  const ctx = await setupCatalog(t, { TRACKED_AUTHORS: 'cerebras', ...env })
  for (const id of UNRECORDED) ctx.hub.remove(id)
  const get = async (url: string) => {
    const res = await ctx.app.inject(url)
    return { status: res.statusCode, body: res.json() }
  }
  return { ...ctx, get }
}

t.test('two syncs with a model added and one removed between them, a third that asks nothing of the gone one, and its return', async (t) => {
  const { app, hub, db, get } = await setupAuthor(t)
  const first = await app.sync.run('cli')
  t.match(first, { status: 'succeeded', modelsTotal: 7, modelsChanged: 7, modelsFailed: 0 })
  t.equal((await events(db.url)).length, 7, 'seven model.added')
  const sha256 = String(hub.listing.find((e) => e.id === M256)!.sha)
  const before256 = (await get(`/api/models/${M256}`)).body

  // Between the syncs: a new model in the author's listing, and 256M deleted (gone from the listing, not found by id).
  hub.addModel(NEW)
  const newSha = String(hub.listing.find((e) => e.id === NEW)!.sha)
  const saved = { repo: hub.repos.get(M256)!, entry: hub.listing.find((e) => e.id === M256)! }
  hub.remove(M256)
  let seen = await lastId(db.url)
  hub.resetCounts()
  const second = await app.sync.run('cli')
  t.match(second, { status: 'succeeded', modelsTotal: 8, modelsChanged: 1, modelsFailed: 0, errors: [] })
  // 1 listing page, the direct lookup of 256M (401: the Hub does not have it), the new model's details, tree, card
  // (the two models are fetched at once: in path order).
  t.same(hub.requests.map((r) => r.path).sort(), [
    '/api/models',
    `/api/models/${NEW}/revision/${newSha}`,
    `/api/models/${NEW}/tree/${newSha}`,
    `/api/models/${M256}/revision/HEAD`,
    `/${NEW}/resolve/${newSha}/README.md`
  ])
  const missingSince = second.startedAt.toISOString()
  t.same(await events(db.url, seen), [
    { type: 'model.missing', model_id: M256, sync_run_id: second.runId, data: { modelId: M256, lastSha: sha256, missingSince } },
    { type: 'model.added', model_id: NEW, sync_run_id: second.runId, data: { modelId: NEW, sha: newSha } }
  ])
  const outcomes = await outcomesOf(db.url, second.runId)
  t.same(outcomes.find((o) => o.modelId === M256), { modelId: M256, outcome: 'missing', missingSince })
  t.same(outcomes.map((o) => o.modelId).slice(-1), [NEW], 'the models only the listing names come after the named ones')

  // Served: the gone model is kept as last synced, with missingSince; the new one is in the catalogue.
  const gone = await get(`/api/models/${M256}`)
  t.equal(gone.status, 200)
  t.same(gone.body, { ...before256, missingSince }, 'as last synced, counts and date of them included')
  t.equal(gone.body.sha, sha256)
  t.equal(before256.missingSince, null)
  const added = await get(`/api/models/${NEW}`)
  t.match(added, { status: 200, body: { id: NEW, sha: newSha, missingSince: null } })
  const list = await get('/api/models?author=cerebras&fields=missingSince&sort=id&limit=100')
  t.equal(list.body.total, 8, 'the list keeps the missing model')
  t.same(list.body.items.filter((m: { missingSince: string | null }) => m.missingSince !== null), [{ id: M256, missingSince }])
  const trends = await get('/api/trends?window=7d')
  t.equal(trends.body.items.length, 8, 'trends cover what the sync tracks')

  // A third sync: 256M is still gone; no request is made for it, no second event, the date stays.
  seen = await lastId(db.url)
  hub.resetCounts()
  const third = await app.sync.run('cli')
  t.match(third, { status: 'succeeded', modelsTotal: 8, modelsChanged: 0, modelsFailed: 0 })
  t.same(hub.requests.map((r) => r.path), ['/api/models'], 'one listing request, nothing else')
  t.equal(third.hubRequests, 1)
  t.same(await events(db.url, seen), [])
  t.same((await outcomesOf(db.url, third.runId)).find((o) => o.modelId === M256), { modelId: M256, outcome: 'missing', missingSince })
  const [row] = await sql<{ missing_since: Date }>(db.url, 'SELECT missing_since FROM models WHERE id = $1', [M256])
  t.equal(row.missing_since.toISOString(), missingSince)

  // 256M comes back (same sha): it is refetched whatever its sha, missingSince is cleared, model.added says it reappeared.
  hub.repos.set(M256, saved.repo)
  hub.listing.push(saved.entry)
  seen = await lastId(db.url)
  hub.resetCounts()
  const fourth = await app.sync.run('cli')
  t.match(fourth, { status: 'succeeded', modelsTotal: 8, modelsChanged: 1 })
  t.equal(hub.count(`/api/models/${M256}/revision/`), 1, 'its details fetched again')
  t.same(await events(db.url, seen), [
    { type: 'model.added', model_id: M256, sync_run_id: fourth.runId, data: { modelId: M256, sha: sha256, reappeared: true, missingSince } }
  ])
  t.match(await get(`/api/models/${M256}`), { status: 200, body: { missingSince: null, sha: sha256 } })
})

t.test('under author tracking, a named model the Hub never had stays a failure', async (t) => {
  const { app, hub } = await setupAuthor(t, { TRACKED_MODELS: `${M111},cerebras/never-was` })
  const first = await app.sync.run('cli')
  // Only a stored model can be kept as missing: one never synced and not found is an error, as without authors.
  t.match(first, { status: 'partial', modelsTotal: 8, modelsFailed: 1, errors: [{ modelId: 'cerebras/never-was', code: 'HUB_NOT_FOUND', status: 401 }] })
  t.equal(hub.requests.filter((r) => r.path === '/api/models').length, 1, 'one listing for the named models and the author together')
})

t.test('without TRACKED_AUTHORS a vanished model is a failure, as before', async (t) => {
  const { app, hub, db } = await setupCatalog(t)
  await app.sync.run('cli')
  hub.remove(M256)
  const run = await app.sync.run('cli')
  t.match(run, { status: 'partial', modelsTotal: 7, modelsFailed: 1, errors: [{ modelId: M256, code: 'HUB_NOT_FOUND', status: 401 }] })
  const [row] = await sql<{ missing_since: Date | null }>(db.url, 'SELECT missing_since FROM models WHERE id = $1', [M256])
  t.equal(row.missing_since, null)
  t.same((await events(db.url, 7)).map((e) => e.type), [], 'no model.missing')
})

t.test('a refresh (a Hub webhook) takes a new repo of a tracked author, and marks a deleted one missing', async (t) => {
  const { app, hub, db } = await setupAuthor(t)
  await app.sync.run('cli')
  t.equal(await app.sync.refresh(['someone/else']), null, 'an untracked author\'s repo runs nothing')

  hub.addModel(NEW)
  let seen = await lastId(db.url)
  hub.resetCounts()
  const created = await app.sync.refresh([NEW])
  t.match(created, { trigger: 'webhook', status: 'succeeded', modelsTotal: 1, modelsChanged: 1 })
  t.same((await events(db.url, seen)).map((e) => [e.type, e.model_id]), [['model.added', NEW]])

  hub.remove(M256)
  seen = await lastId(db.url)
  const deleted = await app.sync.refresh([M256])
  t.match(deleted, { trigger: 'webhook', status: 'succeeded', modelsTotal: 1, modelsChanged: 0, modelsFailed: 0 })
  t.same((await events(db.url, seen)).map((e) => [e.type, e.model_id]), [['model.missing', M256]])
  // A second delete event for it asks the Hub again (a webhook may say it is back) but makes no second event.
  seen = await lastId(db.url)
  hub.resetCounts()
  await app.sync.refresh([M256])
  t.equal(hub.count(`/api/models/${M256}/revision/`), 1)
  t.same(await events(db.url, seen), [])
})
