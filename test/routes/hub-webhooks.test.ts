// POST /api/hub-webhooks: the secret, the decision, and the refresh queued in PostgreSQL (pg-boss) and run through
// the sync with trigger `webhook`, a burst of events making one refresh. A real database, the replay Hub, the
// recorded payload shapes (test/fixtures/webhooks).
import { readFileSync } from 'node:fs'
import t from 'tap'
import { setupCatalog } from '../helpers/build.js'
import { sql } from '../helpers/database.js'

const SECRET = 'hub-webhook-secret-for-tests-0123'
const M590 = 'cerebras/Cerebras-GPT-590M'
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/webhooks/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>
// secret null: no X-Webhook-Secret header at all.
const post = (app: Awaited<ReturnType<typeof setupCatalog>>['app'], body: unknown, secret: string | null = SECRET) =>
  app.inject({ method: 'POST', url: '/api/hub-webhooks', headers: secret === null ? {} : { 'x-webhook-secret': secret }, payload: body as object })

t.test('without HUB_WEBHOOK_SECRET the route is not there', async (t) => {
  const { app } = await setupCatalog(t)
  const res = await post(app, fixture('repo-content-update'))
  t.equal(res.statusCode, 404)
  t.equal(res.json().code, 'CATALOG_ROUTE_NOT_FOUND')
  t.equal(app.refreshQueue, null, 'and no job queue runs')
})

t.test('the secret: missing or wrong is a 401 before the body is read; never logged', async (t) => {
  const { app, logs } = await setupCatalog(t, { HUB_WEBHOOK_SECRET: SECRET })
  for (const secret of [null, 'wrong-secret-wrong-secret', `${SECRET} `, SECRET.slice(0, -1)]) {
    const res = await post(app, fixture('repo-content-update'), secret)
    t.equal(res.statusCode, 401, String(secret))
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.match(res.json().detail, /X-Webhook-Secret/)
  }
  const bad = await app.inject({ method: 'POST', url: '/api/hub-webhooks', headers: { 'x-webhook-secret': 'nope-nope-nope-nope', 'content-type': 'application/json' }, payload: '{not json' })
  t.equal(bad.statusCode, 401, 'a wrong secret with a broken body: 401, the body is never parsed')
  const ok = await post(app, { ...fixture('repo-content-update'), repo: { type: 'model', name: 'someone/else' } })
  t.equal(ok.statusCode, 202)
  t.notOk(logs.join('\n').includes(SECRET), 'the secret is in no log line')
})

t.test('a payload that is not the Hub\'s is a 400 naming the field', async (t) => {
  const { app } = await setupCatalog(t, { HUB_WEBHOOK_SECRET: SECRET })
  const noAction = await post(app, { event: { scope: 'repo' }, repo: { type: 'model', name: M590 } })
  t.equal(noAction.statusCode, 400)
  t.match(noAction.json().detail, /body\/event must have required property 'action'/)
  const noRepo = await post(app, { event: { action: 'update', scope: 'repo' } })
  t.equal(noRepo.statusCode, 400)
  t.match(noRepo.json().detail, /body must have required property 'repo'/)
  const notJson = await app.inject({ method: 'POST', url: '/api/hub-webhooks', headers: { 'x-webhook-secret': SECRET, 'content-type': 'application/json' }, payload: '{not json' })
  t.equal(notJson.statusCode, 400)
})

t.test('events for untracked repos, discussions and PR refs are acknowledged and ignored: nothing queued', async (t) => {
  const { app } = await setupCatalog(t, { HUB_WEBHOOK_SECRET: SECRET })
  await app.sync.run('cli')
  const cases: Array<[unknown, string]> = [
    [{ ...fixture('repo-content-update'), repo: { type: 'model', name: 'someone/else', id: 'x' } }, 'someone/else is not a tracked model'],
    [fixture('discussion-create'), 'discussion events change no model data'],
    [fixture('pr-ref-update'), 'only refs/pr/7 moved, not refs/heads/main']
  ]
  for (const [body, reason] of cases) {
    const res = await post(app, body)
    t.equal(res.statusCode, 202)
    t.same(res.json(), { action: 'ignore', modelId: null, reason, queued: false })
  }
  t.equal(await app.refreshQueue!.pending(), 0)
})

t.test('a burst of ten events for one model: one refresh of that model only, through the sync (trigger webhook)', async (t) => {
  const { app, hub, db } = await setupCatalog(t, { HUB_WEBHOOK_SECRET: SECRET, HUB_WEBHOOK_DEBOUNCE_S: '1' })
  await app.sync.run('cli')
  // The commit the event announces.
  hub.addFile(M590, 'NOTES.md', 'new file\n', '7e57ab1e0000000000000000000000000000beef')
  const refreshed = new Promise<void>((resolve) => app.sync.onRunFinished(() => resolve()))
  const answers = []
  for (let i = 0; i < 10; i++) answers.push((await post(app, fixture('repo-content-update'))).json())
  t.same(answers[0], { action: 'refresh', modelId: M590, reason: 'new commit on refs/heads/main', queued: true })
  t.same(answers.slice(1).map((a) => a.queued), Array(9).fill(false), 'the other nine fold into the waiting refresh')
  t.equal(await app.refreshQueue!.pending(), 1, 'one job waits')
  await refreshed
  const runs = await sql<{ trigger: string, models_total: number, models_changed: number, status: string }>(db.url,
    'SELECT trigger::text, models_total, models_changed, status::text FROM sync_runs ORDER BY id')
  t.same(runs.map((r) => r.trigger), ['cli', 'webhook'], 'exactly one refresh')
  t.match(runs[1], { models_total: 1, models_changed: 1, status: 'succeeded' }, 'of that model only')
  const [m] = await sql<{ sha: string }>(db.url, 'SELECT sha FROM models WHERE id = $1', [M590])
  t.equal(m.sha, '7e57ab1e0000000000000000000000000000beef', 'the new commit is in the catalogue')
})
