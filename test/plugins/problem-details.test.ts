// Every error leaves as problem+json: the domain's errors mapped to their statuses, the
// framework's 4xx kept, anything else a 500 that tells nothing of the internals.
import t from 'tap'
import Fastify from 'fastify'
import net, { type AddressInfo } from 'node:net'
import problemDetails, { frameworkErrorOptions } from '../../src/plugins/problem-details.js'
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
  const app = await appThrowing(() => Object.assign(new Error('relation "models" has no column secret_x at /srv/app/db.ts:12'), { code: 'P2022' }))
  const res = await app.inject('/x')
  t.equal(res.statusCode, 500)
  t.match(res.json(), { code: 'CATALOG_INTERNAL', detail: 'The server could not answer this request; the error is logged' })
  t.notMatch(res.body, /secret_x|P2022|db\.ts/)
})

// The shapes a database outage takes on its way up: Prisma's codes, node-postgres' words,
// SQLSTATEs and socket errors, bare or wrapped as a cause.
const UNAVAILABLE: Array<[string, () => Error]> = [
  ['Prisma cannot reach the server (P1001)', () => Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { code: 'P1001' })],
  ['no connection from the pool in time (P2024)', () => Object.assign(new Error('Timed out fetching a new connection'), { code: 'P2024' })],
  ['a transaction that cannot start (P2028)', () => Object.assign(new Error('Transaction API error: Unable to start a transaction in the given time.'), { code: 'P2028' })],
  ['node-postgres gives up waiting (black hole)', () => new Error('Query read timeout')],
  ['the connection is cut', () => new Error('Connection terminated unexpectedly')],
  ['the server shuts down (57P01), as a cause', () => new Error('driver error', { cause: Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }) })],
  ['statement_timeout cancels (57014)', () => Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })],
  ['a refused socket', () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
  ['Prisma driver adapter kind', () => Object.assign(new Error('x'), { meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } } })]
]

for (const [what, err] of UNAVAILABLE) {
  t.test(`database unavailable: ${what} answers 503 with Retry-After`, async (t) => {
    const app = await appThrowing(err)
    const res = await app.inject('/x')
    t.equal(res.statusCode, 503)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.equal(res.headers['retry-after'], '5')
    t.match(res.json(), { status: 503, code: 'CATALOG_DATABASE_UNAVAILABLE' })
    t.notMatch(res.body, /5432|P1001|P2024|57P01|ECONNREFUSED|Query read/, 'no internals')
  })
}

t.test('framework errors before routing are problem+json: bad percent-encoding 400, an over-long segment 414', async (t) => {
  const app = Fastify({ logger: false, ...frameworkErrorOptions })
  await app.register(problemDetails)
  app.get('/m/:id', async () => 'ok')
  const bad = await app.inject('/m/%E0%A4%A')
  t.equal(bad.statusCode, 400)
  t.match(bad.headers['content-type'], /^application\/problem\+json/)
  t.match(bad.json(), { status: 400, code: 'FST_ERR_BAD_URL' })
  const long = await app.inject(`/m/${'a'.repeat(500)}`)
  t.equal(long.statusCode, 414)
  t.match(long.headers['content-type'], /^application\/problem\+json/)
  t.match(long.json(), { status: 414, code: 'FST_ERR_MAX_PARAM_LENGTH' })
})

t.test('headers too large and malformed HTTP are answered problem+json at the socket', async (t) => {
  const app = Fastify({ logger: false, ...frameworkErrorOptions })
  await app.register(problemDetails)
  app.get('/', async () => 'ok')
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  const { port } = app.server.address() as AddressInfo
  const raw = (request: string) => new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request))
    let answer = ''
    socket.on('data', (d) => { answer += d })
    socket.on('close', () => resolve(answer))
    socket.on('error', reject)
  })
  const big = await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)
  t.match(big, /^HTTP\/1\.1 431 /)
  t.match(big, /content-type: application\/problem\+json/i)
  t.match(JSON.parse(big.slice(big.indexOf('\r\n\r\n') + 4)), { status: 431 })
  const many = await raw(`GET / HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 3000 }, (_, i) => `X-H${i}: ${'v'.repeat(10)}`).join('\r\n')}\r\n\r\n`)
  t.match(many, /^HTTP\/1\.1 431 /, 'too many headers overflow the header size limit')
  const garbage = await raw('GARBAGE\r\n\r\n')
  t.match(garbage, /^HTTP\/1\.1 400 /)
  t.match(JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4)), { status: 400, code: 'CATALOG_BAD_HTTP' })
})

t.test('the framework\'s own 4xx keep their status and code', async (t) => {
  const app = await appThrowing(() => new Error('unused'))
  const res = await app.inject({ method: 'POST', url: '/body', headers: { 'content-type': 'application/x-unknown' }, payload: 'x' })
  t.equal(res.statusCode, 415)
  t.match(res.json(), { status: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' })
  const missing = await app.inject('/nowhere')
  t.match(missing.json(), { status: 404, code: 'CATALOG_ROUTE_NOT_FOUND', detail: 'No route GET /nowhere' })
})
