// Hub answers that are wrong rather than absent, through a whole sync: malformed and truncated JSON,
// schema drift in the listing and the details, a model the Hub denies, a renamed repo, and Link
// pagination that loops. A bad answer fails its model only (or is tolerated where harmless), coded
// HUB_MALFORMED_ANSWER and never HUB_UNREACHABLE; what was stored before is kept.
import t from 'tap'
import { SEVEN, lastError, newCommit, storedModel, syncedCatalog, unhandledRejections } from './fault-harness.js'
import { sql } from '../helpers/database.js'

const MODEL = 'cerebras/Cerebras-GPT-2.7B'
const details = (r: { path: string }) => r.path.startsWith(`/api/models/${MODEL}/revision/`)
const JSON_TYPE = { 'Content-Type': 'application/json; charset=utf-8' }

t.test('malformed or truncated JSON for one model fails that model as malformed, not retried', async (t) => {
  const c = await syncedCatalog(t)
  const before = await storedModel(c.db.url, MODEL)
  for (const [what, body] of [['not JSON', '{"_id": nope}'], ['truncated JSON', '{"_id":"0001","id":"cerebras/Cerebras-GP']]) {
    newCommit(c.hub, MODEL, what === 'not JSON' ? 'd'.repeat(40) : 'e'.repeat(40))
    c.hub.resetCounts()
    c.hub.fault({ match: details, status: 200, body, headers: JSON_TYPE })
    const summary = await c.app.sync.run('cli')
    t.equal(summary.status, 'partial', what)
    t.match(summary.errors, [{ modelId: MODEL, code: 'HUB_MALFORMED_ANSWER', message: /details of cerebras\/Cerebras-GPT-2\.7B could not be read: .*JSON/ }], what)
    t.equal(c.hub.requests.filter(details).length, 1, `${what}: not retried`)
    t.same(await storedModel(c.db.url, MODEL), before, `${what}: the last good data is kept`)
    t.match(await lastError(c.db.url, MODEL), /could not be read/)
  }
  t.same(unhandledRejections(), [])
})

t.test('a malformed listing fails every model as malformed, and loses nothing', async (t) => {
  const c = await syncedCatalog(t)
  const before = await sql(c.db.url, 'SELECT id, sha, downloads, likes, card_text FROM models ORDER BY id')
  c.hub.fault({ match: (r) => r.path === '/api/models', status: 200, body: '[{"_id":"1","id":"cerebras/Cere', headers: JSON_TYPE })
  const summary = await c.app.sync.run('cli')
  t.equal(summary.status, 'failed')
  t.equal(summary.errors.length, 7)
  t.ok(summary.errors.every((e) => e.code === 'HUB_MALFORMED_ANSWER' && /listing of cerebras could not be read/.test(e.message)))
  t.same(summary.errors.map((e) => e.modelId), SEVEN)
  t.same(await sql(c.db.url, 'SELECT id, sha, downloads, likes, card_text FROM models ORDER BY id'), before)
  t.same(unhandledRejections(), [])
})

t.test('schema drift in a listing entry: a bad count fails that model only; harmless drift is tolerated', async (t) => {
  const c = await syncedCatalog(t)
  const id = 'cerebras/Cerebras-GPT-256M'
  const entry = c.hub.listing.find((e) => e.id === id)!
  const original = { ...entry }
  const [{ downloads: storedDownloads }] = await sql(c.db.url, 'SELECT downloads FROM models WHERE id = $1', [id])
  const cases: Array<[string, (e: Record<string, unknown>) => void, RegExp | null]> = [
    ['a count missing', (e) => { delete e.likes }, /likes is missing, not an integer/],
    ['a count as a string', (e) => { e.downloads = '1200' }, /downloads is "1200", not an integer/],
    ['a negative count', (e) => { e.downloadsAllTime = -5 }, /downloadsAllTime is -5, not an integer/],
    ['a fractional count', (e) => { e.likes = 2.5 }, /likes is 2.5, not an integer/],
    ['a count above MAX_SAFE_INTEGER', (e) => { e.downloads = 2 ** 53 }, /downloads is 9007199254740992, not an integer from 0 to 9007199254740991/],
    ['an extra field', (e) => { e.brandNewField = { nested: [1, 2] } }, null],
    ['an optional field missing', (e) => { delete e.gated; delete e.lastModified }, null]
  ]
  for (const [what, drift, error] of cases) {
    drift(entry)
    const summary = await c.app.sync.run('cli')
    if (error === null) {
      t.equal(summary.status, 'succeeded', `${what}: tolerated`)
    } else {
      t.equal(summary.status, 'partial', what)
      t.match(summary.errors, [{ modelId: id, code: 'HUB_MALFORMED_ANSWER', message: new RegExp(`^Hub answer for ${id}: ${error.source}`) }], what)
      const [m] = await sql(c.db.url, 'SELECT downloads, last_error FROM models WHERE id = $1', [id])
      t.equal(m.downloads, storedDownloads, `${what}: the last good count is kept`)
      t.match(m.last_error, error)
    }
    for (const key of Object.keys(entry)) delete entry[key]
    Object.assign(entry, original)
  }
  t.same(unhandledRejections(), [])
})

t.test('schema drift in the details of a changed model: a missing sha fails it, missing tags do not', async (t) => {
  const c = await syncedCatalog(t)
  const before = await storedModel(c.db.url, MODEL)
  const sha = newCommit(c.hub, MODEL)
  const info = c.hub.repos.get(MODEL)!.info
  const { sha: _sha, ...noSha } = info
  c.hub.fault({ match: details, status: 200, body: noSha })
  const failed = await c.app.sync.run('cli')
  t.equal(failed.status, 'partial')
  t.match(failed.errors, [{ modelId: MODEL, code: 'HUB_MALFORMED_ANSWER', message: /^Hub answer for cerebras\/Cerebras-GPT-2\.7B: sha is not a 40-hex commit id/ }])
  t.same(await storedModel(c.db.url, MODEL), before)

  const { tags: _tags, ...noTags } = info
  c.hub.fault({ match: details, status: 200, body: { ...noTags, someNewKey: 'ignored' } })
  const tolerated = await c.app.sync.run('cli')
  t.equal(tolerated.status, 'succeeded')
  t.match(await storedModel(c.db.url, MODEL), { sha, tags: [] })
  t.same(unhandledRejections(), [])
})

t.test('401 and 404 for one model: it fails as not found and keeps its data', async (t) => {
  const c = await syncedCatalog(t, { HF_TOKEN: 'hf_testFaultToken0123456789' })
  const before = await storedModel(c.db.url, MODEL)
  c.hub.remove(MODEL) // with a token the Hub says 404 for a repo it does not have
  const gone = await c.app.sync.run('cli')
  t.equal(gone.status, 'partial')
  t.match(gone.errors, [{ modelId: MODEL, code: 'HUB_NOT_FOUND', status: 404, message: /^404 Repository not found/ }])
  t.same(await storedModel(c.db.url, MODEL), before)
  t.match(await lastError(c.db.url, MODEL), /404/)

  const other = 'cerebras/Cerebras-GPT-111M'
  const otherBefore = await storedModel(c.db.url, other)
  newCommit(c.hub, other)
  c.hub.fault({ match: (r) => r.path.startsWith(`/api/models/${other}/tree/`), status: 401, body: { error: 'Invalid username or password.' } })
  const denied = await c.app.sync.run('cli')
  t.match(denied.errors, [{ modelId: other, code: 'HUB_NOT_FOUND', status: 401, message: /^401 Invalid username or password/ }, { modelId: MODEL }])
  t.same(await storedModel(c.db.url, other), otherBefore)
  t.same(unhandledRejections(), [])
})

t.test('a renamed repo that redirects: the old id is kept, marked renamed, never deleted', async (t) => {
  const c = await syncedCatalog(t)
  const before = await storedModel(c.db.url, MODEL)
  const renamed = 'cerebras/Cerebras-GPT-2.7B-v2'
  c.hub.rename(MODEL, renamed, { redirect: true })
  const summary = await c.app.sync.run('cli')
  t.equal(summary.status, 'partial')
  t.match(summary.errors, [{ modelId: MODEL, code: 'HUB_REPO_RENAMED', message: `${MODEL} was renamed on the Hub to ${renamed}` }])
  t.ok(c.hub.requests.some((r) => r.path === `/api/models/${renamed}/revision/HEAD`), 'the redirect was followed')
  t.same(await storedModel(c.db.url, MODEL), before, 'kept as last synced')
  t.match(await lastError(c.db.url, MODEL), /renamed/)
  t.same(await sql(c.db.url, 'SELECT id FROM models WHERE id = $1', [renamed]), [], 'the new id is not tracked')
  t.same(unhandledRejections(), [])
})

t.test('a renamed repo whose old id is unknown: kept and marked not found', async (t) => {
  const c = await syncedCatalog(t)
  const before = await storedModel(c.db.url, MODEL)
  c.hub.rename(MODEL, 'cerebras/Cerebras-GPT-2.7B-v2', { redirect: false })
  const summary = await c.app.sync.run('cli')
  t.match(summary.errors, [{ modelId: MODEL, code: 'HUB_NOT_FOUND', status: 401 }])
  t.same(await storedModel(c.db.url, MODEL), before)
  t.same(unhandledRejections(), [])
})

t.test('Link pagination that loops back: the listing stops at the pages seen, a looping tree fails its model', async (t) => {
  const c = await syncedCatalog(t)
  const before = await storedModel(c.db.url, MODEL)
  c.hub.pageSize = 2
  // The page starting at item 4 links back to the one starting at item 2, listing and tree alike.
  c.hub.paginationLoop = { at: 4, backTo: 2 }
  newCommit(c.hub, MODEL)
  const summary = await c.app.sync.run('cli')
  t.equal(summary.status, 'partial')
  t.match(summary.errors, [{ modelId: MODEL, code: 'HUB_MALFORMED_ANSWER', message: /file tree of cerebras\/Cerebras-GPT-2\.7B: its next page \(Link\) loops back/ }])
  t.same(await storedModel(c.db.url, MODEL), before, 'no partial file list is stored')
  t.equal(c.hub.count('/api/models') - c.hub.requests.filter((r) => r.path.startsWith('/api/models/')).length, 3, 'three listing pages, then it stopped')
  t.ok(c.hubLogs.some((l) => l.includes('Hub listing pagination loops')), 'the loop is logged')
  const listedOnFirstPages = new Set(c.hub.listing.slice(0, 6).map((e) => e.id))
  for (const id of SEVEN.filter((m) => m !== MODEL && !listedOnFirstPages.has(m))) {
    t.ok(c.hub.requests.some((r) => r.path === `/api/models/${id}/revision/HEAD`), `${id} was asked for by id`)
  }
  t.same(unhandledRejections(), [])
})
