// The admin API: absent without ADMIN_TOKEN, 401 with a wrong one; with the right one, start a
// sync (202 + Location), follow it, page through the history, import history; stricter rate limit.
import t from 'tap'
import { setupCatalog } from '../helpers/build.js'
import { waitFor } from '../helpers/cli.js'

const TOKEN = 'admin-token-0123456789abcdef'
const auth = { authorization: `Bearer ${TOKEN}` }

t.test('without ADMIN_TOKEN the admin routes answer 404, as if absent', async (t) => {
  const { app } = await setupCatalog(t)
  for (const [method, url] of [['POST', '/api/syncs'], ['GET', '/api/syncs'], ['GET', '/api/syncs/1'], ['POST', '/api/imports']] as const) {
    const res = await app.inject({ method, url, headers: auth })
    t.equal(res.statusCode, 404, `${method} ${url}`)
    t.match(res.json(), { code: 'CATALOG_ROUTE_NOT_FOUND' })
  }
  // Refused before the body or the query is read: nothing gives the routes away.
  t.equal((await app.inject({ method: 'POST', url: '/api/imports', headers: { 'content-type': 'application/pdf' }, payload: 'x' })).statusCode, 404)
  t.equal((await app.inject('/api/syncs?limit=0')).statusCode, 404)
})

t.test('a missing or wrong token is a 401 with WWW-Authenticate', async (t) => {
  const { app } = await setupCatalog(t, { ADMIN_TOKEN: TOKEN })
  for (const headers of [{}, { authorization: 'Bearer not-the-admin-token-at-all' }, { authorization: TOKEN }]) {
    const res = await app.inject({ method: 'POST', url: '/api/syncs', headers })
    t.equal(res.statusCode, 401)
    t.match(res.headers['www-authenticate'], /^Bearer /)
    t.match(res.json(), { code: 'CATALOG_UNAUTHORIZED' })
    t.notMatch(res.body, TOKEN)
  }
})

t.test('failed authentications are rate-limited per client as valid ones are', async (t) => {
  const { app } = await setupCatalog(t, { ADMIN_TOKEN: TOKEN, ADMIN_RATE_LIMIT_MAX: '3' })
  const guess = (i: number, remoteAddress = '10.0.0.1') => app.inject({ method: 'GET', url: '/api/syncs', remoteAddress, headers: { authorization: `Bearer guess-${i}-0123456789abcdef` } })
  const statuses = []
  for (let i = 0; i < 5; i++) statuses.push((await guess(i)).statusCode)
  t.same(statuses, [401, 401, 401, 429, 429], 'a token guesser is stopped after the limit')
  const limited = await guess(9)
  t.match(limited.json(), { status: 429, code: 'CATALOG_RATE_LIMITED' })
  t.equal((await app.inject({ method: 'GET', url: '/api/syncs', remoteAddress: '10.0.0.1', headers: auth })).statusCode, 429, 'even the right token waits: the limit is per client')
  t.equal((await guess(10, '10.0.0.2')).statusCode, 401, 'another client is not affected')
})

t.test('a token sent in the query string never reaches the logs', async (t) => {
  const { app, logs } = await setupCatalog(t, { ADMIN_TOKEN: TOKEN })
  const secrets = ['query-secret-0123456789', 'another-secret-abcdef']
  await app.inject(`/api/syncs?token=${secrets[0]}&limit=2`)
  await app.inject(`/api/models?access_token=${secrets[1]}&q=gpt`)
  await app.inject(`/api/models?api%5Fkey=${secrets[1]}`)
  const all = logs.join('')
  t.match(all, /"url":"\/api\/syncs\?token=\[REDACTED\]&limit=2"/, 'the request is logged, the value is not')
  t.match(all, /access_token=\[REDACTED\]&q=gpt/)
  for (const secret of secrets) t.notOk(all.includes(secret), `${secret} is not logged`)
})

t.test('start a sync, follow it, read the history', async (t) => {
  const { app, hub } = await setupCatalog(t, { ADMIN_TOKEN: TOKEN, ADMIN_RATE_LIMIT_MAX: '100000' })
  const held = hub.hold((r) => r.path === '/api/models')
  const started = await app.inject({ method: 'POST', url: '/api/syncs', headers: auth })
  t.equal(started.statusCode, 202)
  const { id, status, location } = started.json()
  t.equal(status, 'running')
  t.equal(started.headers.location, `/api/syncs/${id}`)
  t.equal(location, `/api/syncs/${id}`)
  await held.arrived
  const busy = await app.inject({ method: 'POST', url: '/api/syncs', headers: auth })
  t.equal(busy.statusCode, 409, 'one at a time')
  t.match(busy.json(), { code: 'CATALOG_SYNC_RUNNING' })
  const running = await app.inject({ url: location, headers: auth })
  t.match(running.json(), { id, status: 'running', trigger: 'api' })
  held.release()
  await waitFor('the run to end', async () => (await app.inject({ url: location, headers: auth })).json().status !== 'running')
  const done = (await app.inject({ url: location, headers: auth })).json()
  t.match(done, { id, status: 'succeeded', modelsTotal: 7, hubRequests: 22 })
  t.equal(done.outcomes.length, 7)
  t.ok(done.outcomes.every((o: { outcome: string }) => o.outcome === 'changed'))

  // The run is recorded before its lock is released: wait for the service, not just the row.
  await waitFor('the service to be idle', async () => !app.sync.running)
  hub.remove('cerebras/Cerebras-GPT-256M')
  const second = (await app.inject({ method: 'POST', url: '/api/syncs', headers: auth })).json()
  await waitFor('the second run to end', async () => (await app.inject({ url: second.location, headers: auth })).json().status !== 'running')
  const partial = (await app.inject({ url: second.location, headers: auth })).json()
  t.equal(partial.status, 'partial')
  t.match(partial.outcomes.find((o: { modelId: string }) => o.modelId === 'cerebras/Cerebras-GPT-256M'), { outcome: 'failed', error: { code: 'HUB_NOT_FOUND', status: 401 } })

  const page1 = (await app.inject({ url: '/api/syncs?limit=1', headers: auth })).json()
  t.same(page1.items.map((r: { id: number }) => r.id), [second.id])
  t.equal(page1.nextCursor, String(second.id))
  const page2 = (await app.inject({ url: `/api/syncs?limit=1&before=${page1.nextCursor}`, headers: auth })).json()
  t.same(page2.items.map((r: { id: number }) => r.id), [id])
  t.equal(page2.nextCursor, null)
  t.equal((await app.inject({ url: '/api/syncs/99999', headers: auth })).statusCode, 404)
  t.equal((await app.inject({ url: '/api/syncs/abc', headers: auth })).statusCode, 400)
  t.equal((await app.inject({ url: '/api/syncs?before=9999999999', headers: auth })).statusCode, 400, 'beyond the id column: a 400, not a 500')
})

t.test('imports over HTTP', async (t) => {
  const { app } = await setupCatalog(t, { ADMIN_TOKEN: TOKEN })
  await app.sync.run('cli')
  const body = [
    '{"id":"cerebras/Cerebras-GPT-111M","takenAt":"2026-01-01T00:00:00Z","downloads":10,"downloadsAllTime":90,"likes":1}',
    '{"id":"cerebras/Cerebras-GPT-111M","takenAt":"not a date","downloads":10}'
  ].join('\n')
  const imported = await app.inject({ method: 'POST', url: '/api/imports', headers: { ...auth, 'content-type': 'application/x-ndjson' }, payload: body })
  t.equal(imported.statusCode, 200)
  t.match(imported.json(), { lines: 2, imported: 1, duplicates: 0, rejected: [{ line: 2, reason: /takenAt/ }] })
  const csv = 'id,takenAt,downloads,downloadsAllTime,likes\ncerebras/Cerebras-GPT-111M,2026-01-01T00:00:00Z,10,90,1\n'
  const again = await app.inject({ method: 'POST', url: '/api/imports', headers: { ...auth, 'content-type': 'text/csv' }, payload: csv })
  t.match(again.json(), { lines: 1, imported: 0, duplicates: 1, rejected: [] }, 'idempotent, CSV too')
  const wrongType = await app.inject({ method: 'POST', url: '/api/imports', headers: { ...auth, 'content-type': 'application/pdf' }, payload: 'x' })
  t.equal(wrongType.statusCode, 415)
  t.match(wrongType.headers['content-type'], /problem\+json/)
})

t.test('admin routes have a stricter rate limit; /api answers carry RateLimit headers', async (t) => {
  const { app } = await setupCatalog(t, { ADMIN_TOKEN: TOKEN, ADMIN_RATE_LIMIT_MAX: '2', RATE_LIMIT_MAX: '50' })
  const statuses = []
  for (let i = 0; i < 3; i++) statuses.push((await app.inject({ url: '/api/syncs', headers: auth })).statusCode)
  t.same(statuses, [200, 200, 429])
  const limited = await app.inject({ url: '/api/syncs', headers: auth })
  t.match(limited.headers['content-type'], /problem\+json/)
  t.match(limited.json(), { status: 429, code: 'CATALOG_RATE_LIMITED', detail: /2 requests per 1 minute/ })
  t.ok(limited.headers['retry-after'])
  const data = await app.inject('/api/models')
  t.equal(data.headers['ratelimit-limit'], '50')
  t.ok(data.headers['ratelimit-remaining'])
  t.equal((await app.inject('/health')).headers['ratelimit-limit'], undefined, 'only /api is limited')
  t.equal((await app.inject('/%61pi/models')).headers['ratelimit-limit'], '50', 'an encoded path is limited too')
})
