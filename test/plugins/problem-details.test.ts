// Every error leaves as problem+json: the domain's errors mapped to their statuses, the
// framework's 4xx kept, anything else a 500 that tells nothing of the internals.
import t from 'tap'
import Fastify from 'fastify'
import problemDetails from '../../src/plugins/problem-details.js'
import {
  BadCursorError, BadRangeError, CardNotFoundError, LicenseNotFoundError, ModelNotFoundError, NotAcceptableError,
  SyncAlreadyRunningError, SyncRunNotFoundError, TooManyPeriodsError, UnknownFieldError
} from '../../src/errors.js'

async function appThrowing (err: () => Error) {
  const app = Fastify({ logger: false })
  await app.register(problemDetails)
  app.get('/x', async () => { throw err() })
  app.post('/body', async () => 'ok')
  return app
}

const CASES: Array<[string, () => Error, number, string]> = [
  ['bad cursor', () => new BadCursorError('tampered'), 400, 'CATALOG_BAD_CURSOR'],
  ['unknown field', () => new UnknownFieldError('colour', 'id'), 400, 'CATALOG_UNKNOWN_FIELD'],
  ['bad range', () => new BadRangeError('querystring/from is not a date'), 400, 'CATALOG_BAD_RANGE'],
  ['too many periods', () => new TooManyPeriodsError(2000, 1000), 400, 'CATALOG_TOO_MANY_PERIODS'],
  ['model not found', () => new ModelNotFoundError('a/b'), 404, 'CATALOG_MODEL_NOT_FOUND'],
  ['card not found', () => new CardNotFoundError('a/b'), 404, 'CATALOG_CARD_NOT_FOUND'],
  ['license not found', () => new LicenseNotFoundError('x'), 404, 'CATALOG_LICENSE_NOT_FOUND'],
  ['sync run not found', () => new SyncRunNotFoundError(7), 404, 'CATALOG_SYNC_RUN_NOT_FOUND'],
  ['sync running', () => new SyncAlreadyRunningError(), 409, 'CATALOG_SYNC_RUNNING'],
  ['not acceptable (an HTTP error)', () => new NotAcceptableError('text/xml', 'application/json'), 406, 'CATALOG_NOT_ACCEPTABLE']
]

for (const [what, err, status, code] of CASES) {
  t.test(`${what} answers ${status} ${code}`, async (t) => {
    const app = await appThrowing(err)
    const res = await app.inject('/x')
    t.equal(res.statusCode, status)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.match(res.json(), { status, code, detail: err().message, instance: '/x', type: `urn:cerebras-gpt-catalog:problem:${code}` })
  })
}

t.test('an error nobody mapped is a 500 that names nothing internal', async (t) => {
  const app = await appThrowing(() => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'P1001' }))
  const res = await app.inject('/x')
  t.equal(res.statusCode, 500)
  t.match(res.json(), { code: 'CATALOG_INTERNAL', detail: 'The server could not answer this request; the error is logged' })
  t.notMatch(res.body, /ECONNREFUSED|P1001|5432/)
})

t.test('the framework\'s own 4xx keep their status and code', async (t) => {
  const app = await appThrowing(() => new Error('unused'))
  const res = await app.inject({ method: 'POST', url: '/body', headers: { 'content-type': 'application/x-unknown' }, payload: 'x' })
  t.equal(res.statusCode, 415)
  t.match(res.json(), { status: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' })
  const missing = await app.inject('/nowhere')
  t.match(missing.json(), { status: 404, code: 'CATALOG_ROUTE_NOT_FOUND', detail: 'No route GET /nowhere' })
})
