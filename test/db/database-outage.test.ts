// A database that stops answering (black-holed: connections accepted, nothing comes back) or goes
// away: /ready says so with 503, data routes answer 503 problem+json within the configured
// timeouts instead of hanging, and both recover by themselves when the database is back.
import t from 'tap'
import { setupCatalogBehindProxy } from '../helpers/build.js'
import { waitFor } from '../helpers/cli.js'

const TIMEOUTS = { DB_CONNECT_TIMEOUT_MS: '1000', DB_STATEMENT_TIMEOUT_MS: '1500' }
// Generous against the timeouts above: the point is "bounded", not "fast".
const BOUND_MS = 10_000

async function setup (t: { teardown: (fn: () => unknown) => void }) {
  const { app, proxy, logs } = await setupCatalogBehindProxy(t, TIMEOUTS)
  await app.sync.run('cli')
  return { app, proxy, logs }
}

async function timed (app: Awaited<ReturnType<typeof setup>>['app'], url: string) {
  const started = Date.now()
  const res = await app.inject(url)
  return { res, ms: Date.now() - started }
}

const HISTORY = '/api/models/cerebras/Cerebras-GPT-111M/downloads'

for (const outage of ['black-holed', 'cut'] as const) {
  t.test(`database ${outage}: 503s within the timeouts, then recovery`, async (t) => {
    const { app, proxy, logs } = await setup(t)
    t.equal((await app.inject(HISTORY)).statusCode, 200, 'history answers before the outage')
    if (outage === 'black-holed') proxy.blackHole()
    else await proxy.stop()

    const ready = await timed(app, '/ready')
    t.equal(ready.res.statusCode, 503)
    t.match(ready.res.json(), { ready: false, database: 'unreachable' })
    t.ok(ready.ms < BOUND_MS, `/ready answered in ${ready.ms} ms`)

    const history = await timed(app, `${HISTORY}?interval=week`)
    t.equal(history.res.statusCode, 503, history.res.body)
    t.match(history.res.headers['content-type'], /^application\/problem\+json/)
    t.equal(history.res.headers['retry-after'], '5')
    t.match(history.res.json(), { status: 503, code: 'CATALOG_DATABASE_UNAVAILABLE' })
    t.notMatch(history.res.body, /timeout|terminated|127\.0\.0\.1/i, 'no driver internals')
    t.ok(history.ms < BOUND_MS, `history answered in ${history.ms} ms`)

    // The catalogue may still be answered from memory; it is never a 500.
    const list = await timed(app, '/api/models')
    t.ok([200, 503].includes(list.res.statusCode), `/api/models answered ${list.res.statusCode}`)
    t.ok(list.ms < BOUND_MS)

    if (outage === 'black-holed') proxy.pass()
    else await proxy.start()
    await waitFor('/ready to recover', async () => (await app.inject('/ready')).statusCode === 200)
    t.equal((await app.inject(`${HISTORY}?interval=month`)).statusCode, 200, 'history answers again')
    t.notOk(logs.some((l) => l.includes('"msg":"request failed"')), 'no request was treated as a bug')
  })
}
