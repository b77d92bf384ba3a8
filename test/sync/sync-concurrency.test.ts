// The sync fetches changed models a few at a time: never more than its bound against a slow Hub,
// with the same results, order, failures and interruption as one at a time.
import t from 'tap'
import pino from 'pino'
import { setTimeout as sleep } from 'node:timers/promises'
import { createPrisma } from '../../src/db/prisma.js'
import { ReplayHub } from '../../src/dev/replay-hub.js'
import { HubClient } from '../../src/hub/hub-client.js'
import { mapBounded } from '../../src/sync/map-bounded.js'
import { runSyncJob } from '../../src/sync/sync-job.js'
import { SyncStore } from '../../src/sync/sync-store.js'
import type { ModelOutcome } from '../../src/sync/sync-types.js'
import { loadConfig } from '../../src/config.js'
import { buildTestApp, setupHubAndDatabase, testConfig } from '../helpers/build.js'
import { createTestDatabase, sql } from '../helpers/database.js'

const silent = pino({ level: 'silent' })

type Teardown = { teardown: (fn: () => unknown) => void }

// Every column the Hub's answers decide (no timestamps of ours).
const MODEL_COLUMNS = `id, hub_id, author, sha, hub_created_at, last_modified, pipeline_tag, library_name, tags,
  card_data, config, gated, private, disabled, safetensors, used_storage, license_id, parameters, parameters_source,
  card_text, downloads, downloads_all_time, likes, last_error`

/** Runs the real job against `hub` into a fresh database, with `concurrency` models at a time. */
async function syncInto (t: Teardown, hub: ReplayHub, trackedModels: string[], concurrency: number, signal?: AbortSignal) {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const prisma = createPrisma(db.url, { poolSize: 2 })
  t.teardown(() => prisma.$disconnect())
  // A pool wider than the bound, so the job's bound is what is measured, not the pool's.
  const client = new HubClient({ config: testConfig(hub.url, { HUB_MAX_CONNECTIONS: '32' }).hub, signal, backoff: { baseMs: 1, maxMs: 5 } })
  t.teardown(() => client.close())
  const progress: ModelOutcome[] = []
  hub.resetCounts()
  const run = runSyncJob(
    { hub: client, store: new SyncStore(prisma), logger: silent, trackedModels, concurrency },
    { trigger: 'cli', onProgress: (o) => progress.push(o) }
  )
  return { db, run, progress }
}

t.test('mapBounded: results and callbacks in input order, at most `limit` calls at once', async (t) => {
  let running = 0
  let peak = 0
  const seen: number[] = []
  // Later items finish first, so any reordering would show.
  const out = await mapBounded([50, 40, 30, 20, 10, 5, 1], 3, async (ms, i) => {
    peak = Math.max(peak, ++running)
    await sleep(ms)
    running--
    return i * 10
  }, (r, i) => { seen.push(i); t.equal(r, i * 10) })
  t.same(out, [0, 10, 20, 30, 40, 50, 60])
  t.same(seen, [0, 1, 2, 3, 4, 5, 6])
  t.equal(peak, 3)
  t.same(await mapBounded([], 4, async () => 1), [])
  await t.rejects(mapBounded([1], 0, async (x) => x), RangeError)
})

t.test('mapBounded: the first error stops new calls and waits for those in flight', async (t) => {
  const started: number[] = []
  let finished = 0
  const err = new Error('boom')
  await t.rejects(mapBounded([0, 1, 2, 3, 4, 5], 2, async (i) => {
    started.push(i)
    if (i === 1) throw err
    await sleep(20)
    finished++
    return i
  }), err)
  t.same(started, [0, 1], 'nothing started after the failure')
  t.equal(finished, 1, 'the call in flight was awaited')
})

t.test('against a Hub with latency, at most N models are fetched at once', async (t) => {
  const hub = new ReplayHub({ latencyMs: 20 })
  await hub.start()
  t.teardown(() => hub.stop())
  const ids = hub.addSyntheticAuthor({ author: 'bench', count: 24 })
  t.equal(ids[0], 'bench/model-00001')

  const { run } = await syncInto(t, hub, ids, 3)
  const summary = await run
  t.match(summary, { status: 'succeeded', modelsChanged: 24, hubRequests: 1 + 24 * 3 })
  // Each model's requests follow one another, so requests in flight = models in flight.
  t.equal(hub.peakInFlight, 3, 'three at once, never more')
  t.equal(hub.inFlight, 0)
})

t.test('the service fetches as many models at once as the Hub pool has connections', async (t) => {
  const { hub, db, cleanups } = await setupHubAndDatabase(t)
  hub.latencyMs = 20
  const ids = hub.addSyntheticAuthor({ author: 'bench', count: 40 })
  const config = testConfig(hub.url, { TRACKED_MODELS: ids.join(','), HUB_MAX_CONNECTIONS: '5' })
  const { app } = await buildTestApp({ config, databaseUrl: db.url })
  cleanups.push(() => app.close())
  const summary = await app.sync.run('cli')
  t.match(summary, { status: 'succeeded', modelsChanged: 40, hubRequests: 1 + 40 * 3 })
  t.equal(hub.peakInFlight, 5)
  t.equal(loadConfig({}).hub.maxConnections, 16, 'the default')

  hub.resetCounts()
  t.match(await app.sync.run('cli'), { status: 'succeeded', modelsChanged: 0, hubRequests: 1 }, 'steady state: the listing only')
})

t.test('the results, their order and failures match a sequential run', async (t) => {
  const hub = new ReplayHub({ latencyMs: 5 })
  await hub.start()
  t.teardown(() => hub.stop())
  const ids = hub.addSyntheticAuthor({ author: 'bench', count: 20 })
  // Gone from the listing: asked for by id (the Hub answers 401); a broken tree; a retried card.
  hub.remove('bench/model-00004')
  hub.fault({ match: (r) => r.path.startsWith('/api/models/bench/model-00009/tree/'), status: 404, times: Infinity })
  const tracked = [...ids, 'cerebras/Cerebras-GPT-111M']

  const runs = []
  for (const concurrency of [1, 6]) {
    hub.fault({ match: (r) => r.path.startsWith('/bench/model-00013/resolve/'), status: 503 })
    const { db, run, progress } = await syncInto(t, hub, tracked, concurrency)
    const summary = await run
    // The replay Hub numbers its answers' request ids: the only thing the order of requests changes.
    const requestIds = (v: unknown) => JSON.parse(JSON.stringify(v).replace(/Root=replay-\d+/g, 'Root=replay-N'))
    runs.push(requestIds({
      summary: { ...summary, runId: undefined, startedAt: undefined, finishedAt: undefined, durationMs: undefined },
      progress: progress.map((o) => `${o.modelId} ${o.kind}`),
      models: await sql(db.url, `SELECT ${MODEL_COLUMNS} FROM models ORDER BY id`),
      files: await sql(db.url, 'SELECT model_id, path, size, oid, lfs_oid FROM model_files ORDER BY model_id, path'),
      snapshots: await sql(db.url, 'SELECT model_id, downloads, downloads_all_time, likes FROM download_snapshots ORDER BY model_id'),
      run: await sql(db.url, 'SELECT status, hub_requests, models_total, models_changed, models_failed, errors FROM sync_runs')
    }))
  }
  const [sequential, bounded] = runs
  t.match(sequential!.summary, { status: 'partial', modelsTotal: 21, modelsChanged: 19, modelsFailed: 2 })
  t.match(sequential!.summary.errors, [{ modelId: 'bench/model-00004', status: 401 }, { modelId: 'bench/model-00009', status: 404 }])
  // A listing per author + 19 models x 3 + the gone one by id + the broken one's details and tree + the retry.
  t.equal(sequential!.summary.hubRequests, 2 + 19 * 3 + 1 + 2 + 1)
  t.same(sequential!.progress, tracked.map((id) => `${id} ${id.endsWith('04') || id.endsWith('09') ? 'failed' : 'changed'}`), 'progress in tracked order')
  t.equal(sequential!.models.length, 19)
  t.same(bounded, sequential, 'the bounded run stores and reports exactly what the sequential one does')
})

t.test('an abort while several models are in flight ends the run as interrupted', async (t) => {
  const hub = new ReplayHub({ latencyMs: 10 })
  await hub.start()
  t.teardown(() => hub.stop())
  const ids = hub.addSyntheticAuthor({ author: 'bench', count: 30 })
  const held = hub.hold((r) => r.path.startsWith('/api/models/bench/model-00005/tree/'))
  const abort = new AbortController()
  const { db, run } = await syncInto(t, hub, ids, 4, abort.signal)
  await held.arrived
  abort.abort()
  const err = await run.catch((e: Error) => e)
  t.equal((err as Error).name, 'AbortError')
  const sent = hub.requests.length
  await sleep(100)
  t.equal(hub.requests.length, sent, 'no request starts after the abort')
  held.release()
  t.match(await sql(db.url, 'SELECT status::text, errors FROM sync_runs'), [{ status: 'interrupted', errors: [{ code: 'SYNC_INTERRUPTED' }] }])
  t.same(await sql(db.url, 'SELECT id FROM models'), [], 'nothing of the run was stored')
})
