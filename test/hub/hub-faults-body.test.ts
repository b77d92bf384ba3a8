// Hub faults in the answer's transport and body, one model at a time, through a whole sync: a reset
// mid-body, headers slower than HUB_TIMEOUT_MS, a trickling body, a 10 MB answer. Each checks the
// run's status, the model's outcome and error, that its stored data is intact, and no unhandled
// rejection.
import t from 'tap'
import { expectFailedOnly, expectSynced, newCommit, storedModel, syncedCatalog } from './fault-harness.js'

const MODEL = 'cerebras/Cerebras-GPT-1.3B'
const details = (r: { path: string }) => r.path.startsWith(`/api/models/${MODEL}/revision/`)
const tree = (r: { path: string }) => r.path.startsWith(`/api/models/${MODEL}/tree/`)

t.test('a connection reset mid-body is retried, and the model syncs', async (t) => {
  const c = await syncedCatalog(t)
  const sha = newCommit(c.hub, MODEL)
  c.hub.fault({ match: details, status: 200, body: c.hub.repos.get(MODEL)!.info, cutAfterBytes: 40 })
  await expectSynced(t, c, await c.app.sync.run('cli'), MODEL, sha)
  t.equal(c.hub.requests.filter(details).length, 2)
})

t.test('a reset mid-body on every attempt fails that model as unreachable', async (t) => {
  const c = await syncedCatalog(t, { HUB_MAX_ATTEMPTS: '2' })
  const before = await storedModel(c.db.url, MODEL)
  newCommit(c.hub, MODEL)
  c.hub.fault({ match: tree, status: 200, body: c.hub.repos.get(MODEL)!.tree, cutAfterBytes: 40, times: Infinity })
  const summary = await c.app.sync.run('cli')
  await expectFailedOnly(t, c, summary, MODEL, before, 'HUB_UNREACHABLE', /terminated|closed|reset/)
  t.equal(c.hub.requests.filter(tree).length, 2)
})

t.test('headers slower than HUB_TIMEOUT_MS: each attempt times out, that model fails as a timeout', async (t) => {
  const c = await syncedCatalog(t, { HUB_TIMEOUT_MS: '1000', HUB_MAX_ATTEMPTS: '2' })
  const before = await storedModel(c.db.url, MODEL)
  newCommit(c.hub, MODEL)
  c.hub.fault({ match: tree, status: 200, stall: true, times: Infinity })
  const summary = await c.app.sync.run('cli')
  await expectFailedOnly(t, c, summary, MODEL, before, 'HUB_TIMEOUT', /no complete answer within 1000 ms \(HUB_TIMEOUT_MS\)/)
  t.equal(c.hub.requests.filter(tree).length, 2)
  t.equal(c.hub.inFlight, 0, 'the stalled requests were given up')
})

t.test('a trickling body: the whole answer is bounded by HUB_TIMEOUT_MS, not only the gaps', async (t) => {
  const c = await syncedCatalog(t, { HUB_TIMEOUT_MS: '1000', HUB_MAX_ATTEMPTS: '2' })
  const before = await storedModel(c.db.url, MODEL)
  newCommit(c.hub, MODEL)
  // 10 bytes every 100 ms: no gap reaches undici's body timeout, the whole would take ~15 s.
  const body = c.hub.repos.get(MODEL)!.info
  c.hub.fault({ match: details, status: 200, body, trickle: { bytes: 10, everyMs: 100 }, times: Infinity })
  const started = Date.now()
  const summary = await c.app.sync.run('cli')
  const took = Date.now() - started
  await expectFailedOnly(t, c, summary, MODEL, before, 'HUB_TIMEOUT', /no complete answer within 1000 ms/)
  t.ok(JSON.stringify(body).length / 10 * 100 > 10_000, 'the trickle alone would take more than 10 s')
  t.ok(took < 10_000, `two attempts gave up in ${took} ms`)
})

t.test('a 10 MB answer is refused as malformed, read no further than the cap, and not retried', async (t) => {
  const c = await syncedCatalog(t)
  const before = await storedModel(c.db.url, MODEL)
  newCommit(c.hub, MODEL)
  const huge = JSON.stringify({ _id: 'x', id: MODEL, padding: 'x'.repeat(10_000_000) })
  // Chunked: no Content-Length to refuse it by, so the reader must count.
  c.hub.fault({ match: details, status: 200, body: huge, chunked: true, times: Infinity })
  const summary = await c.app.sync.run('cli')
  await expectFailedOnly(t, c, summary, MODEL, before, 'HUB_MALFORMED_ANSWER', /larger than 8388608 bytes/)
  t.equal(c.hub.requests.filter(details).length, 1)
})

t.test('a 10 MB answer announced by Content-Length is refused unread', async (t) => {
  const c = await syncedCatalog(t)
  const before = await storedModel(c.db.url, MODEL)
  newCommit(c.hub, MODEL)
  c.hub.fault({ match: tree, status: 200, body: JSON.stringify([{ type: 'file', path: 'x', size: 1, pad: 'x'.repeat(10_000_000) }]), headers: { 'Content-Type': 'application/json' } })
  const summary = await c.app.sync.run('cli')
  await expectFailedOnly(t, c, summary, MODEL, before, 'HUB_MALFORMED_ANSWER', /larger than/)
})
