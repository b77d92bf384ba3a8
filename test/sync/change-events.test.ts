// The outbox of change events (webhooks out): written by a sync run in its own transaction, one row per change.
import t from 'tap'
import { setupCatalog } from '../helpers/build.js'
import { sql } from '../helpers/database.js'

const M111 = 'cerebras/Cerebras-GPT-111M'
const M256 = 'cerebras/Cerebras-GPT-256M'
type Row = { type: string, model_id: string, sync_run_id: number, data: Record<string, unknown> }
const events = async (url: string, after = 0) =>
  await sql<Row>(url, 'SELECT type, model_id, sync_run_id, data FROM webhook_events WHERE id > $1 ORDER BY id', [after])
const lastId = async (url: string) => Number((await sql<{ n: string | null }>(url, 'SELECT max(id)::text AS n FROM webhook_events'))[0].n ?? 0)

t.test('model.added, model.revision and model.license_changed, each once, with the run that saw it', async (t) => {
  const { app, hub, db } = await setupCatalog(t)
  const first = await app.sync.run('cli')
  const added = await events(db.url)
  t.equal(added.length, 7)
  t.ok(added.every((e) => e.type === 'model.added' && e.sync_run_id === first.runId))
  t.same(added.find((e) => e.model_id === M111)!.data, { modelId: M111, sha: hub.listing.find((e) => e.id === M111)!.sha })

  let seen = await lastId(db.url)
  await app.sync.run('cli')
  t.same(await events(db.url, seen), [], 'nothing changed, nothing written')

  const oldSha = String(hub.listing.find((e) => e.id === M111)!.sha)
  hub.addFile(M111, 'NOTES.md', 'a new file\n', '1'.repeat(40))
  const third = await app.sync.run('cli')
  t.same(await events(db.url, seen), [{ type: 'model.revision', model_id: M111, sync_run_id: third.runId, data: { modelId: M111, oldSha, newSha: '1'.repeat(40) } }])

  seen = await lastId(db.url)
  const info = hub.repos.get(M256)!.info as { cardData: Record<string, unknown> }
  info.cardData = { ...info.cardData, license: 'mit' }
  const before256 = String(hub.listing.find((e) => e.id === M256)!.sha)
  hub.setSha(M256, '2'.repeat(40))
  const fourth = await app.sync.run('cli')
  t.same(await events(db.url, seen), [
    { type: 'model.revision', model_id: M256, sync_run_id: fourth.runId, data: { modelId: M256, oldSha: before256, newSha: '2'.repeat(40) } },
    { type: 'model.license_changed', model_id: M256, sync_run_id: fourth.runId, data: { modelId: M256, oldLicense: 'apache-2.0', newLicense: 'mit' } }
  ])
})

t.test('a run that cannot commit writes no event', async (t) => {
  const { app, hub, db } = await setupCatalog(t)
  await app.sync.run('cli')
  const seen = await lastId(db.url)
  hub.addFile(M111, 'NOTES.md', 'x\n', '3'.repeat(40))
  // The commit fails (the snapshot table is gone): the transaction, events included, rolls back.
  await sql(db.url, 'ALTER TABLE download_snapshots RENAME TO download_snapshots_away')
  await t.rejects(app.sync.run('cli'))
  await sql(db.url, 'ALTER TABLE download_snapshots_away RENAME TO download_snapshots')
  t.same(await events(db.url, seen), [], 'no model.revision for a change that was not stored')
  await app.sync.run('cli')
  t.equal((await events(db.url, seen)).length, 1, 'the next run that stores it writes it, once')
})

t.test('downloads.milestone: once per model and threshold passed, never for a model seen for the first time', async (t) => {
  const { app, hub, db } = await setupCatalog(t, { DOWNLOAD_MILESTONES: '1000, 5000,50000' })
  hub.setCounts(M111, { downloadsAllTime: 4000 })
  await app.sync.run('cli')
  let seen = await lastId(db.url)
  t.same((await events(db.url)).filter((e) => e.type === 'downloads.milestone'), [], 'a first count of 4000 passes nothing: it is where the model starts')

  hub.setCounts(M111, { downloadsAllTime: 4999 })
  await app.sync.run('cli')
  t.same(await events(db.url, seen), [], '4000 -> 4999 passes no threshold')

  // Two thresholds at once (5000 and 50000 are both passed by 4999 -> 60000): two events, ascending.
  hub.setCounts(M111, { downloadsAllTime: 60000 })
  const run = await app.sync.run('cli')
  t.same(await events(db.url, seen), [
    { type: 'downloads.milestone', model_id: M111, sync_run_id: run.runId, data: { modelId: M111, threshold: 5000, downloadsAllTime: 60000, previousDownloadsAllTime: 4999 } },
    { type: 'downloads.milestone', model_id: M111, sync_run_id: run.runId, data: { modelId: M111, threshold: 50000, downloadsAllTime: 60000, previousDownloadsAllTime: 4999 } }
  ])

  seen = await lastId(db.url)
  // Exactly on a threshold counts as passing it; a count that falls (a Hub correction) and rises again does not repeat.
  hub.setCounts(M256, { downloadsAllTime: 999 })
  await app.sync.run('cli')
  seen = await lastId(db.url)
  hub.setCounts(M256, { downloadsAllTime: 1000 })
  await app.sync.run('cli')
  t.same((await events(db.url, seen)).map((e) => [e.model_id, e.data.threshold]), [[M256, 1000]], '999 -> 1000 reaches the threshold')
  seen = await lastId(db.url)
  hub.setCounts(M111, { downloadsAllTime: 40000 })
  await app.sync.run('cli')
  hub.setCounts(M111, { downloadsAllTime: 60000 })
  await app.sync.run('cli')
  t.same(await events(db.url, seen), [], 'falling to 40000 (a recount) and rising to 60000 passes 50000 again: not news, no second event')
})

t.test('sync.failed: once when the streak of failed runs reaches SYNC_FAILED_AFTER, again only after a run that stores data', async (t) => {
  const { app, hub, db } = await setupCatalog(t, { SYNC_FAILED_AFTER: '2', HUB_MAX_ATTEMPTS: '1' })
  await app.sync.run('cli')
  const seen = await lastId(db.url)
  const listingFails = () => hub.fault({ match: (r) => r.path === '/api/models', status: 503, times: 1 })
  const failedRun = async () => {
    listingFails()
    const summary = await app.sync.run('cli')
    t.equal(summary.status, 'failed')
    return summary.runId
  }
  await failedRun()
  t.same(await events(db.url, seen), [], 'one failed run is not a streak of two')
  const second = await failedRun()
  const failed = await events(db.url, seen)
  t.equal(failed.length, 1)
  t.same(failed[0].type, 'sync.failed')
  t.same(failed[0].model_id, null)
  t.same(failed[0].sync_run_id, second)
  const errors = ['111M', '256M', '590M', '1.3B', '2.7B'].map((size) => ({ modelId: `cerebras/Cerebras-GPT-${size}`, code: 'HUB_HTTP_ERROR', status: 503 }))
  t.same(failed[0].data, { consecutiveFailures: 2, lastRunId: second, errors }, 'the first five of the seven errors, codes and statuses only (no message: it may name internal hosts)')

  await failedRun()
  t.equal((await events(db.url, seen)).length, 1, 'a third failure in the same streak makes no second event')

  t.equal((await app.sync.run('cli')).status, 'succeeded')
  const afterSuccess = await lastId(db.url)
  await failedRun()
  const last = await failedRun()
  t.same((await events(db.url, afterSuccess)).map((e) => [e.type, e.sync_run_id]), [['sync.failed', last]], 'a new streak after a success makes a new event')
})

t.test('sync.failed: a Hub webhook\'s refresh of one model counts neither as a failure nor as a success', async (t) => {
  const { app, hub, db } = await setupCatalog(t, { SYNC_FAILED_AFTER: '2', HUB_MAX_ATTEMPTS: '1' })
  await app.sync.run('cli')
  const seen = await lastId(db.url)
  const fails = (path: string) => hub.fault({ match: (r) => r.path.startsWith(path), status: 503, times: 1 })
  fails('/api/models')
  t.equal((await app.sync.run('cli')).status, 'failed')
  // Two refreshes of 111M that fail: no streak of two.
  for (let i = 0; i < 2; i++) {
    fails('/api/models')
    t.equal((await app.sync.refresh([M111]))?.status, 'failed')
  }
  t.same(await events(db.url, seen), [], 'refresh failures are not counted')
  // A refresh that succeeds does not end the streak of the full runs: the next full failure makes two.
  t.equal((await app.sync.refresh([M111]))?.status, 'succeeded')
  fails('/api/models')
  const run = await app.sync.run('cli')
  t.same((await events(db.url, seen)).map((e) => [e.type, e.sync_run_id, e.data.consecutiveFailures]), [['sync.failed', run.runId, 2]])
})
