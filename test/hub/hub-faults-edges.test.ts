// Hub edges through a whole sync, each with its own error code or outcome: a gated repo (the
// recorded 403), an answer about another repo, a commit that vanishes between two requests of one
// model, a card served from LFS (302 to the CDN) and a LICENSE file past the size cap.
import t from 'tap'
import { expectFailedOnly, expectSynced, lastError, newCommit, storedModel, syncedCatalog } from './fault-harness.js'
import { sql } from '../helpers/database.js'
import { loadErrorFixture } from '../../src/dev/replay-hub.js'

const MODEL = 'cerebras/Cerebras-GPT-590M'
const details = (r: { path: string }) => r.path.startsWith(`/api/models/${MODEL}/revision/`)
const tree = (r: { path: string }) => r.path.startsWith(`/api/models/${MODEL}/tree/`)
const readme = (r: { path: string }) => r.path.startsWith(`/${MODEL}/resolve/`) && r.path.endsWith('/README.md')

t.test('a gated repo (the recorded 403) fails the model as HUB_FORBIDDEN, not as a generic HTTP error', async (t) => {
  const c = await syncedCatalog(t)
  const before = await storedModel(c.db.url, MODEL)
  newCommit(c.hub, MODEL)
  const gated = loadErrorFixture('403-gated-not-authorized')
  c.hub.fault({ match: readme, status: gated.status, headers: gated.headers, body: gated.body })
  const summary = await c.app.sync.run('cli')
  await expectFailedOnly(t, c, summary, MODEL, before, 'HUB_FORBIDDEN', /^403 Access to model ardent-figment\/gated-model is restricted/)
  t.match(summary.errors, [{ status: 403 }])
  t.equal(c.hub.requests.filter(readme).length, 1, 'a 403 is not retried')
})

t.test('an answer about another repo than the one asked for is malformed', async (t) => {
  const c = await syncedCatalog(t)
  const before = await storedModel(c.db.url, MODEL)
  newCommit(c.hub, MODEL)
  const other = c.hub.repos.get('cerebras/Cerebras-GPT-256M')!.info
  c.hub.fault({ match: details, status: 200, body: other })
  const summary = await c.app.sync.run('cli')
  await expectFailedOnly(t, c, summary, MODEL, before, 'HUB_MALFORMED_ANSWER', /^Hub answered cerebras\/Cerebras-GPT-256M when asked for cerebras\/Cerebras-GPT-590M$/)
})

t.test('a revision that vanishes mid-sync fails the model and keeps its last good data; the next sync takes the new one', async (t) => {
  const c = await syncedCatalog(t)
  const before = await storedModel(c.db.url, MODEL)
  const first = newCommit(c.hub, MODEL, 'a'.repeat(40))
  // The details are read at `first`; before the tree is asked for, the branch moves on.
  const hold = c.hub.hold(tree)
  const seen = c.hub.requests.length
  const running = c.app.sync.run('cli')
  await hold.arrived
  c.hub.setSha(MODEL, 'b'.repeat(40))
  hold.release()
  const summary = await running
  await expectFailedOnly(t, c, summary, MODEL, before, 'HUB_NOT_FOUND', new RegExp(`^404 Invalid rev id: ${first}`))
  // Every read after the details is pinned to the commit they named: a tree or a file read at `main`
  // would have been answered from the new commit and mixed two revisions into one model.
  const reads = c.hub.requests.slice(seen).filter((r) => tree(r) || readme(r))
  t.ok(reads.length > 0 && reads.every((r) => r.path.includes(`/${first}`)), `pinned to ${first}: ${reads.map((r) => r.path).join(', ')}`)
  const next = await c.app.sync.run('cli')
  await expectSynced(t, c, next, MODEL, 'b'.repeat(40))
})

t.test('a card stored in LFS is read through the 302 to the CDN', async (t) => {
  const c = await syncedCatalog(t)
  const text = '---\nlicense: apache-2.0\n---\n# A card kept in LFS\n'
  c.hub.addLfsFile(MODEL, 'README.md', text, 'c'.repeat(40))
  const summary = await c.app.sync.run('cli')
  await expectSynced(t, c, summary, MODEL, 'c'.repeat(40))
  t.equal((await storedModel(c.db.url, MODEL)).card_text, text)
  t.ok(c.hub.requests.some((r) => r.path.startsWith('/cdn/')), 'the file came from the CDN')
  t.equal(c.hub.requests.filter(readme).length, 1, 'one redirect, not retried')
})

t.test('a LICENSE file past 256 KiB is listed but not fetched; one of exactly 256 KiB is', async (t) => {
  const c = await syncedCatalog(t)
  const license = (r: { path: string }) => r.path.endsWith('/LICENSE')
  c.hub.addFile(MODEL, 'LICENSE', 'x'.repeat(256 * 1024 + 1), 'd'.repeat(40))
  await expectSynced(t, c, await c.app.sync.run('cli'), MODEL, 'd'.repeat(40))
  t.equal(c.hub.requests.filter(license).length, 0, 'too large: never asked for')
  t.same(await sql(c.db.url, 'SELECT license_file_path, license_file_text FROM models WHERE id = $1', [MODEL]), [{ license_file_path: 'LICENSE', license_file_text: null }])

  c.hub.addFile(MODEL, 'LICENSE', 'y'.repeat(256 * 1024), 'e'.repeat(40))
  c.hub.resetCounts()
  await expectSynced(t, c, await c.app.sync.run('cli'), MODEL, 'e'.repeat(40))
  t.equal(c.hub.requests.filter(license).length, 1, 'at the cap: fetched')
  const [row] = await sql(c.db.url, 'SELECT length(license_file_text) AS n FROM models WHERE id = $1', [MODEL])
  t.equal(row.n, 262144)
  t.equal(await lastError(c.db.url, MODEL), null)
})
