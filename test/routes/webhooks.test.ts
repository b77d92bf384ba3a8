// The admin API of webhook subscriptions: create (201, the secret once), list and read (never the secret),
// delete; targets that are not http(s) or that resolve to private addresses refused unless allowed.
import t from 'tap'
import { setupCatalog } from '../helpers/build.js'
import { verifyDelivery, signDelivery } from '../../src/webhooks/signing.js'

const TOKEN = 'webhooks-admin-token-0123456789'
const auth = { authorization: `Bearer ${TOKEN}` }

async function catalog (t: Parameters<typeof setupCatalog>[0], env: Record<string, string> = {}) {
  const { app } = await setupCatalog(t, { ADMIN_TOKEN: TOKEN, ...env })
  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = auth) => {
    const res = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) })
    return { status: res.statusCode, body: res.body === '' ? null : res.json(), headers: res.headers }
  }
  return { app, call }
}

t.test('create, list, read and delete a subscription; the secret is shown once and signs', async (t) => {
  const { call } = await catalog(t, { WEBHOOK_ALLOW_PRIVATE: '127.0.0.0/8' })
  const created = await call('POST', '/api/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['model.revision', 'sync.failed'] })
  t.equal(created.status, 201)
  t.match(created.body, { id: /^whsub_[A-Za-z0-9_-]{16,64}$/, url: 'http://127.0.0.1:9/hook', events: ['model.revision', 'sync.failed'], createdAt: String })
  t.match(created.body.secret, /^whsec_[A-Za-z0-9+/=]+$/)
  t.equal(created.headers.location, `/api/webhooks/${created.body.id}`)
  const headers = signDelivery(created.body.secret, { id: 'msg_1', timestamp: new Date(), body: '{}' })
  t.same(verifyDelivery(created.body.secret, headers, '{}'), { ok: true }, 'the secret is a Standard Webhooks signing secret')

  const list = await call('GET', '/api/webhooks')
  t.same(list.body, { items: [{ id: created.body.id, url: 'http://127.0.0.1:9/hook', events: ['model.revision', 'sync.failed'], createdAt: created.body.createdAt }] }, 'listed without the secret')
  const one = await call('GET', `/api/webhooks/${created.body.id}`)
  t.notOk('secret' in one.body, 'read without the secret')
  t.equal((await call('DELETE', `/api/webhooks/${created.body.id}`)).status, 204)
  t.equal((await call('GET', `/api/webhooks/${created.body.id}`)).status, 404)
  t.equal((await call('DELETE', `/api/webhooks/${created.body.id}`)).status, 404)
  t.same((await call('GET', '/api/webhooks')).body, { items: [] })
})

t.test('targets that could probe internal networks are refused, naming why', async (t) => {
  const { call } = await catalog(t)
  const cases: Array<[string, RegExp]> = [
    ['http://127.0.0.1:8080/x', /127\.0\.0\.1/],
    ['http://localhost/x', /resolves to/],
    ['http://10.0.0.5/x', /10\.0\.0\.0\/8/],
    ['http://169.254.169.254/latest/meta-data', /169\.254/],
    ['http://[::1]/x', /::1/],
    ['http://2130706433/x', /127\.0\.0\.1/],
    ['ftp://93.184.216.34/x', /http/],
    ['http://user:pass@93.184.216.34/x', /credentials|user/]
  ]
  for (const [url, reason] of cases) {
    const res = await call('POST', '/api/webhooks', { url, events: ['model.revision'] })
    t.equal(res.status, 400, url)
    t.equal(res.body.code, 'CATALOG_WEBHOOK_TARGET_REFUSED', url)
    t.match(res.body.detail, reason, url)
  }
  const ok = await call('POST', '/api/webhooks', { url: 'https://93.184.216.34/hook', events: ['downloads.milestone'] })
  t.equal(ok.status, 201, 'a public address literal needs no DNS and is accepted')
})

t.test('bad bodies are 400s; the routes are admin routes', async (t) => {
  const { call } = await catalog(t)
  t.equal((await call('POST', '/api/webhooks', { url: 'https://93.184.216.34/', events: [] })).status, 400)
  t.equal((await call('POST', '/api/webhooks', { url: 'https://93.184.216.34/', events: ['model.nope'] })).status, 400)
  t.equal((await call('POST', '/api/webhooks', { url: 'https://93.184.216.34/', events: ['sync.failed', 'sync.failed'] })).status, 400)
  t.equal((await call('POST', '/api/webhooks', { url: 'https://93.184.216.34/', events: ['sync.failed'], extra: 1 })).status, 400)
  t.equal((await call('GET', '/api/webhooks', undefined, {})).status, 401)
  t.equal((await call('GET', '/api/webhooks/not-an-id')).status, 400)
  const { app } = await setupCatalog(t)
  t.equal((await app.inject('/api/webhooks')).statusCode, 404, 'without ADMIN_TOKEN, not there')
})
