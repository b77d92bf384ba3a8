// Webhooks out, end to end: a sync's change event goes from the outbox to a subscriber on 127.0.0.1, signed as
// Standard Webhooks says (verified here with the same package), retried with backoff when the target fails, logged
// per subscription, and delivered after a crash between the commit and the delivery.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import pino from 'pino'
import { createPool, createPrisma } from '../../src/db/prisma.js'
import { JobQueue } from '../../src/db/job-queue.js'
import { HubClient } from '../../src/hub/hub-client.js'
import { runSyncJob } from '../../src/sync/sync-job.js'
import { SyncStore } from '../../src/sync/sync-store.js'
import { verifyDelivery } from '../../src/webhooks/signing.js'
import { WebhookSubscriptions } from '../../src/webhooks/subscriptions.js'
import { deliverOnce } from '../../src/webhooks/deliver.js'
import { parseAllowList } from '../../src/webhooks/target-policy.js'
import { deliveryBody, retryWaitMs, WebhookDeliveries, type AttemptRecord } from '../../src/webhooks/webhook-deliveries.js'
import { buildTestApp, setupCatalog, setupHubAndDatabase, testConfig } from '../helpers/build.js'
import { sql } from '../helpers/database.js'

const TOKEN = 'webhooks-admin-token-0123456789'
const auth = { authorization: `Bearer ${TOKEN}` }
const M111 = 'cerebras/Cerebras-GPT-111M'
const silent = pino({ level: 'silent' })
type Teardown = { teardown: (fn: () => unknown) => void }

interface Received { path: string, headers: http.IncomingHttpHeaders, body: string, at: number }

/** A webhook receiver on 127.0.0.1: answers each request with the next scripted status (the last one repeats). */
async function receiver (t: Teardown, script: number[] = [204]) {
  const received: Received[] = []
  const waiters: Array<{ count: number, resolve: () => void }> = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => { body += chunk })
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body, at: performance.now() })
      const status = script[Math.min(received.length - 1, script.length - 1)]
      res.writeHead(status, status >= 300 && status < 400 ? { location: '/elsewhere' } : {}).end()
      for (const w of waiters.filter((w) => received.length >= w.count)) w.resolve()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const { port } = server.address() as AddressInfo
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    port,
    received,
    /** Resolves once `count` requests have arrived. */
    arrived: async (count: number) => {
      if (received.length >= count) return
      await new Promise<void>((resolve) => waiters.push({ count, resolve }))
    }
  }
}

/** Resolves with the attempts recorded, once `count` of them match. */
function attempts (deliveries: WebhookDeliveries, count: number, match: (r: AttemptRecord) => boolean = () => true): Promise<AttemptRecord[]> {
  const seen: AttemptRecord[] = []
  return new Promise((resolve) => deliveries.onAttempt((r) => {
    if (!match(r)) return
    seen.push(r)
    if (seen.length === count) resolve(seen)
  }))
}

async function catalogWithSubscriber (t: Teardown, env: Record<string, string> = {}) {
  const ctx = await setupCatalog(t, { ADMIN_TOKEN: TOKEN, WEBHOOK_ALLOW_PRIVATE: '127.0.0.0/8', WEBHOOK_RETRY_BASE_S: '0.1', ...env })
  await ctx.app.ready()
  await ctx.app.sync.run('cli')
  const subscribe = async (url: string, events: string[]) => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/webhooks', headers: auth, payload: { url, events } })
    return res.json() as { id: string, secret: string }
  }
  const log = async (id: string, query = '') => (await ctx.app.inject({ url: `/api/webhooks/${id}/deliveries${query}`, headers: auth })).json().items
  return { ...ctx, subscribe, log }
}

t.test('retryWaitMs doubles from the base and stops at an hour; the body is {type, timestamp, data}', async (t) => {
  t.same([1, 2, 3, 4, 7, 8, 20].map((n) => retryWaitMs(n, 30_000)), [30_000, 60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000])
  t.equal(retryWaitMs(1, 100), 100)
  t.equal(deliveryBody({ type: 'model.added', createdAt: new Date('2026-11-29T10:00:00.000Z'), data: { modelId: 'a/b', sha: 'f'.repeat(40) } }),
    `{"type":"model.added","timestamp":"2026-11-29T10:00:00.000Z","data":{"modelId":"a/b","sha":"${'f'.repeat(40)}"}}`)
})

t.test('a new revision is delivered, signed, to the subscriber of model.revision only, and logged as delivered', async (t) => {
  const { app, hub, subscribe, log } = await catalogWithSubscriber(t)
  const target = await receiver(t)
  const other = await receiver(t)
  const sub = await subscribe(target.url('/hook'), ['model.revision'])
  const unrelated = await subscribe(other.url('/hook'), ['model.license_changed'])
  const oldSha = String(hub.listing.find((e) => e.id === M111)!.sha)
  const recorded = attempts(app.deliveries, 1)
  hub.addFile(M111, 'NOTES.md', 'news\n', 'a'.repeat(40))
  const run = await app.sync.run('cli')
  await target.arrived(1)
  const [{ deliveryId }] = await recorded

  const [got] = target.received
  t.equal(got.path, '/hook')
  t.equal(got.headers['content-type'], 'application/json')
  t.match(got.headers['webhook-id'], /^evt_\d+$/)
  t.same(verifyDelivery(sub.secret, got.headers, got.body), { ok: true }, 'the signature verifies with the subscription\'s secret')
  t.same(verifyDelivery(unrelated.secret, got.headers, got.body).ok, false, 'and not with another secret')
  const body = JSON.parse(got.body)
  t.same(body.data, { modelId: M111, oldSha, newSha: 'a'.repeat(40) })
  t.equal(body.type, 'model.revision')
  t.match(body.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)

  const [entry] = await log(sub.id)
  t.match(entry, { id: deliveryId, eventId: got.headers['webhook-id'], type: 'model.revision', status: 'delivered', attempts: 1, responseStatus: 204, lastError: null, nextAttemptAt: null })
  t.ok(Date.parse(entry.deliveredAt) >= Date.parse(entry.createdAt))
  t.same(await log(unrelated.id), [], 'nothing for a subscription to other events')
  t.equal(other.received.length, 0)
  t.equal(run.status, 'succeeded')
})

t.test('a target that fails three times then succeeds: retried with doubling waits, same webhook-id, each attempt logged', async (t) => {
  const { app, hub, subscribe, log } = await catalogWithSubscriber(t, { WEBHOOK_MAX_ATTEMPTS: '4' })
  const flaky = await receiver(t, [500, 503, 500, 204])
  const redirecting = await receiver(t, [302])
  const sub = await subscribe(flaky.url('/flaky'), ['model.revision'])
  const bounced = await subscribe(redirecting.url('/moved'), ['model.revision'])
  const firstFailure = attempts(app.deliveries, 1, (r) => r.result.status === 500)
  const all = attempts(app.deliveries, 8)
  hub.addFile(M111, 'NOTES.md', 'news\n', 'b'.repeat(40))
  await app.sync.run('cli')

  const [first] = await firstFailure
  t.same(first.result, { ok: false, status: 500, error: 'the target answered 500 (not a 2xx answer)' })
  t.equal(first.attempts, 1)
  await all

  t.equal(flaky.received.length, 4)
  t.same(new Set(flaky.received.map((r) => r.headers['webhook-id'])).size, 1, 'one webhook-id across the retries')
  t.ok(flaky.received.every((r) => verifyDelivery(sub.secret, r.headers, r.body).ok), 'every attempt is signed')
  const gaps = flaky.received.slice(1).map((r, i) => r.at - flaky.received[i].at)
  t.ok(gaps[0] >= 100 && gaps[1] >= 200 && gaps[2] >= 400, `waits of at least 100, 200 and 400 ms (${gaps.map(Math.round).join(', ')})`)
  t.match(await log(sub.id), [{ status: 'delivered', attempts: 4, responseStatus: 204, lastError: null, nextAttemptAt: null }])

  t.equal(redirecting.received.length, 4, 'a redirect is a failed attempt')
  t.ok(redirecting.received.every((r) => r.path === '/moved'), 'and is never followed')
  t.match(await log(bounced.id), [{ status: 'failed', attempts: 4, responseStatus: 302, lastError: /redirect/, nextAttemptAt: null, deliveredAt: null }])
  t.same(await log(bounced.id, '?status=delivered'), [])
  const metrics = (await app.inject('/metrics')).body
  t.match(metrics, /catalog_webhook_delivery_attempts_total\{outcome="delivered"\} 1\n/)
  t.match(metrics, /catalog_webhook_delivery_attempts_total\{outcome="retrying"\} 6\n/, 'three for each target')
  t.match(metrics, /catalog_webhook_delivery_attempts_total\{outcome="failed"\} 1\n/)
  t.equal((await log(sub.id, '?status=delivered&limit=1')).length, 1)
})

t.test('the delivery log: the next attempt\'s time while pending; admin only, 404 for an unknown subscription, 400 for a bad query', async (t) => {
  const { app, hub, subscribe, log } = await catalogWithSubscriber(t, { WEBHOOK_RETRY_BASE_S: '3600' })
  const down = await receiver(t, [500])
  const sub = await subscribe(down.url('/down'), ['model.revision'])
  const failed = attempts(app.deliveries, 1)
  hub.addFile(M111, 'NOTES.md', 'news\n', 'e'.repeat(40))
  await app.sync.run('cli')
  await failed
  const [entry] = await log(sub.id)
  t.match(entry, { status: 'pending', attempts: 1, responseStatus: 500, lastError: 'the target answered 500 (not a 2xx answer)', deliveredAt: null })
  t.equal(Date.parse(entry.nextAttemptAt) - Date.parse(entry.lastAttemptAt), 3_600_000, 'due an hour after the failed attempt (the base wait)')

  const get = async (url: string, headers: Record<string, string> = auth) => await app.inject({ url, headers })
  t.equal((await get('/api/webhooks/whsub_AAAAAAAAAAAAAAAAAAAAAA/deliveries')).statusCode, 404)
  t.equal((await get(`/api/webhooks/${sub.id}/deliveries`, {})).statusCode, 401)
  const bad = await get(`/api/webhooks/${sub.id}/deliveries?limit=0`)
  t.equal(bad.statusCode, 400)
  t.match(bad.json().detail, /limit/)
  t.equal((await get(`/api/webhooks/${sub.id}/deliveries?status=lost`)).statusCode, 400)
})

t.test('an attempt connects only to the addresses it checked, and checks again at delivery time', async (t) => {
  const target = await receiver(t)
  const message = { id: 'evt_1', body: '{"type":"model.added"}' }
  const secret = 'whsec_' + Buffer.alloc(32, 7).toString('base64')
  // A host name that resolves (here, by the injected lookup) to the allowed loopback address reaches it.
  const lookup = async () => [{ address: '127.0.0.1', family: 4 }]
  const ok = await deliverOnce({ url: `http://hooks.example.test:${target.port}/x`, secret }, message, { allow: parseAllowList('127.0.0.0/8'), timeoutMs: 5000, lookup })
  t.same(ok, { ok: true, status: 204 })
  t.equal(target.received[0].headers.host, `hooks.example.test:${target.port}`, 'the Host header names the URL\'s host')
  // The same target, no longer allowed: refused before any connection.
  const refused = await deliverOnce({ url: target.url('/x'), secret }, message, { allow: [], timeoutMs: 5000 })
  t.match(refused, { ok: false, status: null, error: /target refused: 127\.0\.0\.1 is in 127\.0\.0\.0\/8, loopback/ })
  // One private address among public ones is enough to refuse (DNS rebinding).
  const mixed = async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.1.2.3', family: 4 }]
  t.match(await deliverOnce({ url: 'http://rebind.example.test/x', secret }, message, { allow: [], timeoutMs: 5000, lookup: mixed }), { ok: false, error: /10\.1\.2\.3/ })
  t.equal(target.received.length, 1)
  // Nobody listening: a failed attempt naming the error, not a throw.
  t.match(await deliverOnce({ url: 'http://127.0.0.1:1/x', secret }, message, { allow: parseAllowList('127.0.0.0/8'), timeoutMs: 2000 }), { ok: false, status: null, error: /ECONNREFUSED/ })
})

/** Commits one sync run the way the service does, in a process that then dies before dispatching anything. */
async function commitWithoutDispatch (t: Teardown, hubUrl: string, databaseUrl: string) {
  const prisma = createPrisma(databaseUrl, { poolSize: 2 })
  const client = new HubClient({ config: testConfig(hubUrl).hub })
  try {
    return await runSyncJob({ hub: client, store: new SyncStore(prisma), logger: silent, trackedModels: testConfig(hubUrl).trackedModels }, { trigger: 'cli' })
  } finally {
    await client.close()
    await prisma.$disconnect()
  }
}

t.test('a crash between the commit and the delivery: the event is delivered once the service is back', async (t) => {
  const { hub, db } = await setupHubAndDatabase(t)
  const env = { ADMIN_TOKEN: TOKEN, WEBHOOK_ALLOW_PRIVATE: '127.0.0.0/8' }
  const target = await receiver(t)
  // A service subscribes, then stops.
  const first = await buildTestApp({ config: testConfig(hub.url, env), databaseUrl: db.url })
  await first.app.ready()
  await first.app.sync.run('cli')
  const sub = (await first.app.inject({ method: 'POST', url: '/api/webhooks', headers: auth, payload: { url: target.url('/in'), events: ['model.revision'] } })).json()
  await first.app.close()

  // 1. A run commits its change (and the event, in the outbox), is dispatched (its attempt queued in pg-boss) and
  //    its process dies before the attempt.
  hub.addFile(M111, 'NOTES.md', 'one\n', 'c'.repeat(40))
  await commitWithoutDispatch(t, hub.url, db.url)
  const pool = createPool(db.url)
  const jobs = new JobQueue(db.url, silent)
  const dying = new WebhookDeliveries({ pool, jobs, logger: silent, allow: parseAllowList('127.0.0.0/8'), maxAttempts: 3, retryBaseMs: 100, timeoutMs: 5000 })
  t.equal(await dying.dispatch(), 1, 'one delivery queued')
  await jobs.stop()
  await pool.end()

  // 2. Another run commits and its process dies before dispatching anything.
  hub.addFile(M111, 'MORE.md', 'two\n', 'd'.repeat(40))
  await commitWithoutDispatch(t, hub.url, db.url)
  t.same(await sql(db.url, 'SELECT type FROM webhook_events WHERE dispatched_at IS NULL'), [{ type: 'model.revision' }], 'its event waits in the outbox')
  t.equal(target.received.length, 0, 'nothing was sent before the crashes')

  // The service is back: it dispatches the waiting event, works both attempts, and each event arrives once.
  const back = await buildTestApp({ config: testConfig(hub.url, env), databaseUrl: db.url })
  t.teardown(() => back.app.close())
  const both = attempts(back.app.deliveries, 2)
  await back.app.ready()
  await both
  const shas = target.received.map((r) => JSON.parse(r.body).data.newSha).sort()
  t.same(shas, ['c'.repeat(40), 'd'.repeat(40)])
  t.equal(new Set(target.received.map((r) => r.headers['webhook-id'])).size, 2, 'one message per event')
  const logged = (await back.app.inject({ url: `/api/webhooks/${String(sub.id)}/deliveries`, headers: auth })).json().items
  t.match(logged, [{ status: 'delivered', attempts: 1 }, { status: 'delivered', attempts: 1 }])
})

t.test('an event is delivered only to subscriptions older than it (by the outbox sequence); without any, it is only marked dispatched', async (t) => {
  const { hub, db } = await setupHubAndDatabase(t)
  const pool = createPool(db.url)
  const prisma = createPrisma(db.url, { poolSize: 2 })
  const jobs = new JobQueue(db.url, silent)
  t.teardown(async () => { await jobs.stop(); await pool.end(); await prisma.$disconnect() })
  const deliveries = new WebhookDeliveries({ pool, jobs, logger: silent, allow: [], maxAttempts: 3, retryBaseMs: 100, timeoutMs: 5000 })

  await commitWithoutDispatch(t, hub.url, db.url)
  await deliveries.sweep()
  t.same(await sql(db.url, 'SELECT count(*)::int AS n FROM webhook_events WHERE dispatched_at IS NULL'), [{ n: 0 }], 'seven model.added, nobody subscribed: marked dispatched')
  t.notOk(jobs.started, 'pg-boss was never started')

  // Seven more model.added wait undispatched; the subscription comes after them.
  await sql(db.url, 'DELETE FROM models')
  await commitWithoutDispatch(t, hub.url, db.url)
  const subscriptions = new WebhookSubscriptions(prisma, parseAllowList('127.0.0.0/8'))
  const sub = await subscriptions.create({ url: 'http://127.0.0.1:9/x', events: ['model.added', 'model.revision'] })
  t.equal(await deliveries.dispatch(), 0, 'seven waiting events older than the subscription: no delivery')
  hub.addFile(M111, 'NOTES.md', 'new\n', 'f'.repeat(40))
  await commitWithoutDispatch(t, hub.url, db.url)
  t.equal(await deliveries.dispatch(), 1, 'the revision after it: one delivery')
  t.match(await subscriptions.deliveries(sub.id, {}), [{ type: 'model.revision', status: 'pending', attempts: 0 }])
})

t.test('a job run twice sends once; a lost job is queued again; a dispatch that cannot queue its jobs dispatches nothing', async (t) => {
  const { hub, db } = await setupHubAndDatabase(t)
  const target = await receiver(t, [500])
  const pool = createPool(db.url)
  const prisma = createPrisma(db.url, { poolSize: 2 })
  const jobs = new JobQueue(db.url, silent)
  t.teardown(async () => { await jobs.stop(); await pool.end(); await prisma.$disconnect() })
  const deliveries = new WebhookDeliveries({ pool, jobs, logger: silent, allow: parseAllowList('127.0.0.0/8'), maxAttempts: 3, retryBaseMs: 3_600_000, timeoutMs: 5000 })
  await commitWithoutDispatch(t, hub.url, db.url)
  await deliveries.sweep()
  const sub = await new WebhookSubscriptions(prisma, parseAllowList('127.0.0.0/8')).create({ url: target.url('/x'), events: ['model.revision'] })
  const jobsOf = async () => await sql<{ attempt: number, state: string }>(db.url, 'SELECT (data->>\'attempt\')::int AS attempt, state::text FROM pgboss.job WHERE name = \'webhook-deliver\' ORDER BY created_on')

  // The queue's table is away: the dispatch transaction fails whole (no delivery, the event still waits).
  hub.addFile(M111, 'NOTES.md', 'one\n', '1'.repeat(40))
  await commitWithoutDispatch(t, hub.url, db.url)
  await jobs.start()
  await sql(db.url, 'ALTER TABLE pgboss.job RENAME TO job_away')
  await t.rejects(deliveries.dispatch())
  await sql(db.url, 'ALTER TABLE pgboss.job_away RENAME TO job')
  t.same(await sql(db.url, 'SELECT type FROM webhook_events WHERE dispatched_at IS NULL'), [{ type: 'model.revision' }])
  t.same(await sql(db.url, 'SELECT count(*)::int AS n FROM webhook_deliveries'), [{ n: 0 }])
  t.equal(await deliveries.dispatch(), 1, 'dispatched once the queue is back')
  const [{ id }] = await sql<{ id: string }>(db.url, 'SELECT id::text FROM webhook_deliveries')
  t.same(await jobsOf(), [{ attempt: 1, state: 'created' }])

  // Attempt 1 runs twice (a batch retried, an expired job): the second run claims nothing and sends nothing.
  t.match(await deliveries.attempt(id, 1), { ok: false, status: 500 })
  t.equal(await deliveries.attempt(id, 1), null)
  t.equal(target.received.length, 1)
  t.same((await jobsOf()).map((j) => j.attempt), [1, 2], 'one job queued for attempt 2, not two')

  // Attempt 2's job is lost (pg-boss gave up on it, or its storage was cleared), and it is long overdue.
  await sql(db.url, 'DELETE FROM pgboss.job WHERE name = \'webhook-deliver\' AND data->>\'attempt\' = \'2\'')
  t.equal(await deliveries.requeueLost(), 0, 'not yet overdue: nothing to do')
  await sql(db.url, 'UPDATE webhook_deliveries SET next_attempt_at = now() - interval \'1 hour\'')
  t.equal(await deliveries.requeueLost(), 1)
  t.same((await jobsOf()).map((j) => j.attempt), [1, 2], 'attempt 2 queued again')
  t.match(await deliveries.attempt(id, 2), { ok: false, status: 500 })
  // Attempt 3 is claimed by a process that dies before recording it: after the deadline it is the last, so failed.
  await sql(db.url, 'UPDATE webhook_deliveries SET attempts = 3, next_attempt_at = NULL, last_attempt_at = now() - interval \'1 hour\'')
  t.equal(await deliveries.requeueLost(), 0)
  t.match(await new WebhookSubscriptions(prisma, []).deliveries(sub.id, {}), [{ status: 'failed', attempts: 3, lastError: /not recorded/ }])
})
