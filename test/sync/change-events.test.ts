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
