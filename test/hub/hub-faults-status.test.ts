// Hub faults in the answer's status, one model at a time, through a whole sync: rate limits (429
// with Retry-After in seconds or as a date, the Hub's RateLimit header) and 5xx bursts. Each checks
// the run's status, the model's outcome and error, that its stored data is intact, and no
// unhandled rejection. Waits are recorded, not slept (see fault-harness.ts).
import t from 'tap'
import { expectFailedOnly, expectSynced, newCommit, storedModel, syncedCatalog } from './fault-harness.js'

const MODEL = 'cerebras/Cerebras-GPT-1.3B'
const details = (r: { path: string }) => r.path.startsWith(`/api/models/${MODEL}/revision/`)
const tree = (r: { path: string }) => r.path.startsWith(`/api/models/${MODEL}/tree/`)

t.test('429 with Retry-After in seconds: the model waits that long and syncs', async (t) => {
  const c = await syncedCatalog(t)
  const sha = newCommit(c.hub, MODEL)
  c.hub.fault({ match: details, status: 429, headers: { 'Retry-After': '7' } })
  await expectSynced(t, c, await c.app.sync.run('cli'), MODEL, sha)
  t.same(c.delays, [7000])
})

t.test('429 with Retry-After as an HTTP date: waits until then', async (t) => {
  const c = await syncedCatalog(t)
  const sha = newCommit(c.hub, MODEL)
  c.hub.fault({ match: details, status: 429, headers: { 'Retry-After': new Date(c.now() + 30_000).toUTCString() } })
  await expectSynced(t, c, await c.app.sync.run('cli'), MODEL, sha)
  t.equal(c.delays.length, 1)
  t.ok(c.delays[0] > 28_000 && c.delays[0] <= 30_000, `waited ${c.delays[0]} ms`)
})

t.test('429 with the Hub\'s RateLimit header (quota spent): waits for the reset', async (t) => {
  const c = await syncedCatalog(t)
  const sha = newCommit(c.hub, MODEL)
  c.hub.fault({ match: tree, status: 429, headers: { RateLimit: '"api";r=0;t=42', 'RateLimit-Policy': '"fixed window";"api";q=500;w=300' } })
  await expectSynced(t, c, await c.app.sync.run('cli'), MODEL, sha)
  t.same(c.delays, [42_000])
})

t.test('429 asking for a wait past the retry deadline fails that model at once', async (t) => {
  const c = await syncedCatalog(t, { HUB_RETRY_DEADLINE_MS: '5000' })
  const before = await storedModel(c.db.url, MODEL)
  newCommit(c.hub, MODEL)
  c.hub.fault({ match: details, status: 429, headers: { RateLimit: '"api";r=0;t=600' }, body: { error: 'rate limited' }, times: Infinity })
  const summary = await c.app.sync.run('cli')
  await expectFailedOnly(t, c, summary, MODEL, before, 'HUB_RATE_LIMITED', /429 rate limited/)
  t.match(summary.errors[0], { status: 429 })
  t.same(c.delays, [], 'no wait was started')
  t.equal(c.hub.requests.filter(details).length, 1)
})

t.test('a burst of 5xx that ends: retried with backoff, the model syncs', async (t) => {
  const c = await syncedCatalog(t)
  const sha = newCommit(c.hub, MODEL)
  c.hub.fault({ match: tree, status: 502, times: 1 })
  c.hub.fault({ match: tree, status: 503, times: 1 })
  await expectSynced(t, c, await c.app.sync.run('cli'), MODEL, sha)
  t.same(c.delays, [100, 200])
})

t.test('5xx that never ends: bounded attempts, that model fails with the Hub\'s status', async (t) => {
  const c = await syncedCatalog(t, { HUB_MAX_ATTEMPTS: '3' })
  const before = await storedModel(c.db.url, MODEL)
  newCommit(c.hub, MODEL)
  c.hub.fault({ match: details, status: 503, body: { error: 'Service Unavailable' }, times: Infinity })
  const summary = await c.app.sync.run('cli')
  await expectFailedOnly(t, c, summary, MODEL, before, 'HUB_HTTP_ERROR', /503 Service Unavailable/)
  t.equal(c.hub.requests.filter(details).length, 3, 'HUB_MAX_ATTEMPTS requests')
})

t.test('5xx that never ends: bounded total time (the retry deadline) before the attempts run out', async (t) => {
  const c = await syncedCatalog(t, { HUB_MAX_ATTEMPTS: '20', HUB_RETRY_DEADLINE_MS: '2000' })
  const before = await storedModel(c.db.url, MODEL)
  newCommit(c.hub, MODEL)
  c.hub.fault({ match: details, status: 500, times: Infinity })
  const summary = await c.app.sync.run('cli')
  await expectFailedOnly(t, c, summary, MODEL, before, 'HUB_HTTP_ERROR', /500/)
  t.same(c.delays, [100, 200, 400, 800], 'the next wait (1000 ms) would pass the deadline')
  t.equal(c.hub.requests.filter(details).length, 5)
})
