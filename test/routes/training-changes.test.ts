// Training facts when cards change: a new revision is read again, a card that cannot be read whole, a family
// table that disagrees, a model without a point, a card not read yet. A real sync from the replay Hub each time.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { setupCatalog, setupSyncedCatalog } from '../helpers/build.js'
import { sql } from '../helpers/database.js'
import { CARD_PARSER_VERSION } from '../../src/training/training-record.js'

const FIXTURES = new URL('../fixtures/', import.meta.url)
const card = (path: string) => readFileSync(new URL(path, FIXTURES), 'utf8')
const M111 = 'cerebras/Cerebras-GPT-111M'
const M256 = 'cerebras/Cerebras-GPT-256M'
const M13B = 'cerebras/Cerebras-GPT-13B'

const ADMIN_TOKEN = 'training-test-admin-token-0123456789'

const synced = async (t: Parameters<typeof setupSyncedCatalog>[0]) => await setupSyncedCatalog(t, { ADMIN_TOKEN })

t.test('the training route: 404 for a model not tracked, 404 naming the model before its card is read', async (t) => {
  const { app, get, db } = await synced(t)
  const missing = await get('/api/models/cerebras/Cerebras-GPT-999M/training')
  t.equal(missing.status, 404)
  t.equal(missing.body.code, 'CATALOG_MODEL_NOT_FOUND')
  await sql(db.url, `DELETE FROM model_training WHERE model_id = '${M256}'`)
  await app.readModel.reload() // a load that starts after the delete, rather than waiting to hear it
  const unread = await get(`/api/models/${M256}/training`)
  t.equal(unread.status, 404)
  t.equal(unread.body.code, 'CATALOG_TRAINING_NOT_FOUND')
  t.match(unread.body.detail, /Cerebras-GPT-256M has no training facts yet/)
  t.equal(unread.headers['content-type'], 'application/problem+json; charset=utf-8')
})

t.test('a card that changes: a new revision is read, the facts and the fit follow, and the run says what it could not read', async (t) => {
  const { app, hub, get } = await synced(t)
  const before = (await get('/api/scaling-law')).body
  // A new commit whose card lost its training table and renamed a column of the architecture table.
  const text = card('cards/111M-no-training-table.md').replace('| d_model |', '| Width   |')
  hub.addFile(M111, 'README.md', text, 'a'.repeat(40))
  const run = await app.sync.run('cli')
  t.equal(run.status, 'succeeded', 'a card that cannot be read whole never fails the sync')
  const runView = (await app.inject({ url: `/api/syncs/${run.runId}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()
  const outcome = runView.outcomes.find((o: { modelId: string }) => o.modelId === M111)
  t.equal(outcome.outcome, 'changed')
  t.same(outcome.cardWarnings, [
    'architecture table: column "Width" not recognised, ignored',
    'architecture table: no column for d_model (accepted headers: d_model, hidden_size, n_embd, Hidden dim, Embedding size)',
    'training table: not found (no table with at least 3 of the headers Sequence Length, Number of Steps, Tokens, Tokens per Parameter)'
  ])

  const training = (await get(`/api/models/${M111}/training`)).body
  t.equal(training.cardRevision, 'a'.repeat(40))
  t.same(training.facts.dModel, { value: null, raw: null }, 'the renamed column reads as null')
  t.same(training.facts.trainingSteps, { value: null, raw: null }, 'the missing table reads as null')
  t.same(training.facts.flops, { value: 2.6e18, raw: '2.6E+18' }, 'FLOPs still come from the 0-shot table')
  t.same(training.warnings, outcome.cardWarnings, 'the same warnings on the model')

  // The fit is of the new catalogue version: the same points here, so the same fit, but a loss change moves it.
  const moved = card('hub/Cerebras-GPT-13B/README.md').replace('| 13B   | 2.3E+22        | 1.575 ', '| 13B   | 2.3E+22        | 1.600 ')
  hub.addFile(M13B, 'README.md', moved, 'b'.repeat(40))
  await app.sync.run('cli')
  const after = (await get('/api/scaling-law')).body
  t.equal(after.points.at(-1).loss, 1.6)
  t.not(after.fit.coefficients.alpha, before.fit.coefficients.alpha, 'the fit is recomputed when a card changes')
  t.same(after.familyDisagreements, [{ table: 'zeroShot', model: '13B', column: 'pileTestXent', modelId: M13B, raw: '1.600', referenceModelId: 'cerebras/Cerebras-GPT-111M', referenceRaw: '1.575' }],
    'the 13B card now disagrees with the six others')
  const m13 = (await get(`/api/models/${M13B}/training`)).body
  t.equal(m13.familyDisagreements.length, 1)
  t.equal(m13.paper.cardMinusPaper, 0.028)
})

t.test('a card whose family table disagrees with the others is reported, naming the card and the cell', async (t) => {
  const ctx = await setupCatalog(t)
  ctx.hub.addFile(M256, 'README.md', card('cards/256M-family-disagrees.md'), 'c'.repeat(40))
  await ctx.app.sync.run('cli')
  const body = (await ctx.app.inject('/api/evaluations')).json()
  t.same(body.familyDisagreements, [{
    table: 'training', model: '590M', column: 'steps', modelId: M256, raw: '21863', referenceModelId: M111, referenceRaw: '21836'
  }])
  const own = (await ctx.app.inject(`/api/models/${M256}/training`)).json()
  t.same(own.familyDisagreements, body.familyDisagreements)
  const other = (await ctx.app.inject('/api/models/cerebras/Cerebras-GPT-590M/training')).json()
  t.same(other.familyDisagreements, [], 'the 590M card itself agrees with the majority')
  t.same(other.facts.trainingSteps, { value: 21836, raw: '21836' })
})

t.test('a model without FLOPs or loss in its card is skipped from the fit, with the reason', async (t) => {
  const ctx = await setupCatalog(t)
  ctx.hub.addFile(M111, 'README.md', '---\nlicense: apache-2.0\n---\n# A card without tables\n', 'd'.repeat(40))
  const run = await ctx.app.sync.run('cli')
  t.equal(run.status, 'succeeded')
  const law = (await ctx.app.inject('/api/scaling-law')).json()
  t.same(law.skipped, [{ id: M111, reason: 'its card gives no training FLOPs' }])
  t.equal(law.points.length, 6)
  t.equal(law.fit.degreesOfFreedom, 3)
  const model = (await ctx.app.inject(`/api/models/${M111}`)).json()
  t.equal(model.parametersSource, 'weights-estimate', 'no card parameters: the weight files are the estimate')
})

t.test('facts written by an older parser are read again at the next sync, whatever the sha', async (t) => {
  const { app, db } = await synced(t)
  await sql(db.url, 'UPDATE model_training SET parser_version = 0')
  const again = await app.sync.run('cli')
  t.equal(again.modelsChanged, 7, 'every card is fetched and read again')
  const rows = await sql<{ parser_version: number }>(db.url, 'SELECT DISTINCT parser_version FROM model_training')
  t.same(rows, [{ parser_version: CARD_PARSER_VERSION }])
  const steady = await app.sync.run('cli')
  t.equal(steady.modelsChanged, 0, 'then nothing moves until a sha does')
})

t.test('the answers are computed once per catalogue version, and again for the next one', async (t) => {
  const { app, hub } = await synced(t)
  const first = await app.readModel.current()
  t.equal(first.training(), first.training(), 'one TrainingAnswers per snapshot')
  t.equal(first.training().scalingLaw([]), first.training().scalingLaw([]), 'the fit is memoised, not recomputed per request')
  hub.addFile(M111, 'README.md', card('hub/Cerebras-GPT-111M/README.md').replace('| 111M  | 2.6E+18        | 2.566 ', '| 111M  | 2.6E+18        | 2.570 '), 'e'.repeat(40))
  await app.sync.run('cli')
  const next = await app.readModel.current()
  t.not(next.version, first.version)
  t.not(next.training().scalingLaw([]), first.training().scalingLaw([]))
  t.equal(next.training().scalingLaw([]).points[0].loss, 2.57)
})

t.test('facts stored by another parser version, missing tables, rows or cells, never break an answer', async (t) => {
  const { app, db, get } = await synced(t)
  // A row as an older parser might have written it: no family tables, a row without cells.
  await sql(db.url, `UPDATE model_training SET facts = facts - 'family' WHERE model_id = '${M111}'`)
  await sql(db.url, `UPDATE model_training SET facts = jsonb_set(facts, '{family,training,rows,0}', '{"label": "111M", "name": null}') WHERE model_id = '${M256}'`)
  await sql(db.url, `UPDATE model_training SET facts = facts #- '{model,layers}' WHERE model_id = '${M13B}'`)
  await app.readModel.reload()
  for (const url of [`/api/models/${M111}/training`, `/api/models/${M13B}/training`, '/api/evaluations', '/api/scaling-law', '/']) {
    t.equal((await get(url)).status, 200, url)
  }
  t.same((await get(`/api/models/${M13B}/training`)).body.facts.layers, { value: null, raw: null }, 'a fact the row lacks reads as null')
})

t.test('evaluations name the tracked models whose card is not read yet', async (t) => {
  const { app, db, get } = await synced(t)
  await sql(db.url, `DELETE FROM model_training WHERE model_id = '${M256}'`)
  await app.readModel.reload()
  const body = (await get('/api/evaluations')).body
  t.same(body.notRead, [M256])
  t.equal(body.items.length, 6)
})
