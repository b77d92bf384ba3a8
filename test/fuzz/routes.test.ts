// Property-based hostile-input test of every route, generated from the app's own OpenAPI document
// (issue 10). Each run picks a documented operation (a GET is sometimes sent as HEAD) and gives it
// path parameters, query values, unknown and repeated keys, Authorization and Accept headers and,
// for POST /api/imports, JSONL and CSV bodies, from the schemas: valid values, the schemas' edges
// and hostile ones (NUL, lone surrogates, 10k strings, injection text, Infinity, 1e309, year 0...).
//
// Properties: never a 5xx; every 4xx is application/problem+json whose `status` is the status code
// and whose `detail` is not empty; a GET or HEAD leaves every table as it was.
//
// The seed is fixed (FUZZ_SEED overrides it) and FUZZ_RUNS sets the number of runs (300 by
// default, a few seconds). The long fuzz:
//
//   FUZZ_RUNS=10000 npx tap --timeout 1800 test/fuzz/routes.test.ts
//
// A failure prints the seed, the shrunk counterexample (`GET "/api/models?limit=Infinity" ...`)
// and the path; fc.assert({ seed, path }) replays just that case.
import t from 'tap'
import fc from 'fast-check'
import pg from 'pg'
import { setupCatalog } from '../helpers/build.js'
import { operationsOf, requestArb } from './openapi-arbitraries.js'
import { explain, fingerprint, violations } from './properties.js'

const ADMIN_TOKEN = 'fuzz-admin-token-0123456789abcdef'
const RUNS = Number(process.env.FUZZ_RUNS ?? 300)
const SEED = Number(process.env.FUZZ_SEED ?? 20261110)

t.test('every route answers hostile input without a 5xx, with problem+json 4xxs, and GETs write nothing', async (t) => {
  const { app, db, config } = await setupCatalog(t, { ADMIN_TOKEN, RATE_LIMIT_MAX: '0', ADMIN_RATE_LIMIT_MAX: '1000000' })
  await app.ready()
  await app.sync.run('cli')
  const operations = operationsOf(app.swagger() as unknown as Parameters<typeof operationsOf>[0])
  t.ok(operations.length >= 17, `${operations.length} operations documented`)
  const ctx = { adminToken: ADMIN_TOKEN, modelIds: config.trackedModels }
  const request = fc.oneof(...operations.map((op) => requestArb(op, ctx)))

  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  try {
    await fc.assert(fc.asyncProperty(request, async (req) => {
      const readOnly = req.method === 'GET' || req.method === 'HEAD'
      const before = readOnly ? await fingerprint(client) : ''
      const res = await app.inject({ method: req.method as 'GET', url: req.url, headers: req.headers, payload: req.payload })
      // A started sync goes on in the background: let it end before the next run reads the tables.
      while (app.sync.running) await new Promise((resolve) => setTimeout(resolve, 10))
      const problems = violations(req, res)
      if (problems.length > 0) throw new Error(explain(problems, res))
      if (readOnly) {
        const after = await fingerprint(client)
        if (after !== before) throw new Error(`a ${req.method} changed the database: ${before} -> ${after}`)
      }
    }), { seed: SEED, numRuns: RUNS })
    t.pass(`${RUNS} hostile requests (seed ${SEED})`)
  } finally {
    await client.end()
  }
})
