// The admin routes: absent without ADMIN_TOKEN, 401 with a wrong one, working with the right one.
import t from 'tap'
import { setupCatalog } from '../helpers/build.js'

const TOKEN = 'admin-token-0123456789abcdef'

t.test('without ADMIN_TOKEN the admin routes answer 404, as if absent', async (t) => {
  const { app } = await setupCatalog(t)
  for (const url of ['/api/sync', '/api/imports']) {
    const res = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${TOKEN}` } })
    t.equal(res.statusCode, 404, url)
    t.match(res.json(), { code: 'CATALOG_ROUTE_NOT_FOUND' })
  }
})

t.test('a missing or wrong token is a 401 with WWW-Authenticate', async (t) => {
  const { app } = await setupCatalog(t, { ADMIN_TOKEN: TOKEN })
  for (const headers of [{}, { authorization: 'Bearer not-the-admin-token-at-all' }, { authorization: TOKEN }]) {
    const res = await app.inject({ method: 'POST', url: '/api/sync', headers })
    t.equal(res.statusCode, 401)
    t.match(res.headers['www-authenticate'], /^Bearer /)
    t.match(res.json(), { code: 'CATALOG_UNAUTHORIZED' })
    t.notMatch(res.body, TOKEN)
  }
})

t.test('the right token runs a sync and imports history', async (t) => {
  const { app } = await setupCatalog(t, { ADMIN_TOKEN: TOKEN })
  const auth = { authorization: `Bearer ${TOKEN}` }
  const sync = await app.inject({ method: 'POST', url: '/api/sync', headers: auth })
  t.equal(sync.statusCode, 200)
  t.match(sync.json(), { trigger: 'api', status: 'succeeded', modelsTotal: 7 })

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
