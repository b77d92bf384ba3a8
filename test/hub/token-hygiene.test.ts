// HF_TOKEN goes to the Hub as a bearer token and nowhere else: not logs, errors, the database, or answers.
import t from 'tap'
import { loadConfig } from '../../src/config.js'
import { buildTestApp, setupCatalog, testConfig } from '../helpers/build.js'
import { sql } from '../helpers/database.js'
import { runCli } from '../helpers/cli.js'

const TOKEN = 'hf_testSecretToken1234567890abcdef'

t.test('the token is sent as a bearer token on every Hub request', async (t) => {
  const { hub, app } = await setupCatalog(t, { HF_TOKEN: TOKEN })
  hub.requiredToken = TOKEN
  const s = await app.sync.run('cli')
  t.equal(s.status, 'succeeded')
  t.ok(hub.requests.length > 0)
  t.ok(hub.requests.every((r) => r.authorization === `Bearer ${TOKEN}`))
})

t.test('the token appears in no log line, stored error or response, even when the Hub rejects it', async (t) => {
  const { hub, app, logs, db } = await setupCatalog(t, { HF_TOKEN: TOKEN, ADMIN_TOKEN: 'sync-api-token-0123456789' })
  hub.requiredToken = 'hf_theOtherTokenTheHubWants'
  const s = await app.sync.run('cli')
  t.equal(s.status, 'failed')
  t.match(s.errors[0], { code: 'HUB_INVALID_TOKEN', status: 401, message: /Invalid credentials/ })
  hub.requiredToken = undefined
  hub.remove('cerebras/Cerebras-GPT-111M')
  await app.sync.run('cli')

  const responses = await Promise.all(['/api/models', '/ready', '/metrics', '/health', '/openapi.json', '/api/models/cerebras/Cerebras-GPT-111M']
    .map((url) => app.inject(url)))
  const api = await app.inject({ method: 'GET', url: '/api/syncs', headers: { authorization: 'Bearer sync-api-token-0123456789' } })
  t.equal(api.statusCode, 200, 'the admin call went through')
  responses.push(api)
  const stored = JSON.stringify(await sql(db.url, 'SELECT * FROM sync_runs')) + JSON.stringify(await sql(db.url, 'SELECT last_error FROM models'))
  t.ok(logs.length > 10, 'there are logs to check')
  t.notOk(logs.some((l) => l.includes(TOKEN)), 'not in logs')
  t.notOk(logs.some((l) => l.includes('sync-api-token-0123456789')), 'the API token is redacted from request logs')
  t.notOk(stored.includes(TOKEN), 'not in the database')
  t.notOk(responses.some((r) => r.body.includes(TOKEN)), 'not in responses')
})

t.test('a token that does not start with hf_ stops the boot, naming the variable but not the value', async (t) => {
  t.throws(() => loadConfig({ HF_TOKEN: 'secret-value-123' }), { code: 'CATALOG_CONFIG_INVALID', message: /HF_TOKEN/ })
  try {
    loadConfig({ HF_TOKEN: 'secret-value-123' })
  } catch (err) {
    t.notMatch((err as Error).message, 'secret-value-123')
  }
  const cli = await runCli(['status'], { HF_TOKEN: 'secret-value-123', DATABASE_URL: 'postgresql://127.0.0.1:1/none' })
  t.equal(cli.code, 1)
  t.match(cli.stderr, /HF_TOKEN/)
  t.notMatch(cli.stdout + cli.stderr, 'secret-value-123')
})

// With trust authentication (the local server CI uses) any password is accepted, so a URL can carry
// a recognisable one; the embedded server's password is fixed, so there this check does not apply.
t.test('the DATABASE_URL password appears in no log line or answer', { skip: process.env.DATABASE_URL ? false : 'needs a trust-auth server at DATABASE_URL' }, async (t) => {
  const { hub, db } = await setupCatalog(t)
  const url = new URL(db.url)
  url.password = 'dbSecretPassword-4242'
  const { app, logs } = await buildTestApp({ config: testConfig(hub.url, { ADMIN_TOKEN: 'admin-token-0123456789abcdef' }), databaseUrl: url.href })
  t.teardown(() => app.close())
  await app.sync.run('cli')
  const answers = await Promise.all(['/api/models', '/ready', '/metrics', '/docs/json', '/api/syncs'].map((u) => app.inject({ url: u, headers: { authorization: 'Bearer admin-token-0123456789abcdef' } })))
  t.ok(answers.every((a) => a.statusCode === 200))
  t.notOk(logs.some((l) => l.includes('dbSecretPassword-4242')), 'not in logs')
  t.notOk(answers.some((a) => a.body.includes('dbSecretPassword-4242')), 'not in answers or /metrics')
  t.notOk(logs.some((l) => l.includes('admin-token-0123456789abcdef')), 'the admin token is not logged')
})
