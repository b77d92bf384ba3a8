// Security headers: exactly what helmet itself sets on a real response, computed once; rate
// limits only on /api.
import http from 'node:http'
import t from 'tap'
import Fastify from 'fastify'
import helmet from 'helmet'
import security, { helmetHeaders } from '../../src/plugins/security.js'

const OPTIONS = { contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } } }

t.test('the headers computed once are the ones helmet sets on a real response', async (t) => {
  const server = http.createServer((req, res) => helmet(OPTIONS)(req, res, () => res.end()))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => server.close())
  const { port } = server.address() as { port: number }
  const real = await fetch(`http://127.0.0.1:${port}/`)
  const expected: Record<string, string> = {}
  real.headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name)) expected[name] = value
  })
  t.same(helmetHeaders(OPTIONS), expected)
  t.ok(Object.keys(expected).length >= 10, 'helmet sets its full set')
})

t.test('every answer carries them; /api is rate limited, the rest is not', async (t) => {
  const app = Fastify()
  await app.register(security, { corsOrigin: null, rateLimitMax: 2 })
  app.get('/api/x', async () => 'x')
  app.get('/page', async () => 'p')
  t.teardown(() => app.close())
  const res = await app.inject('/api/x')
  t.match(res.headers['content-security-policy'], /frame-ancestors 'none'/)
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  t.equal(res.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains')
  await app.inject('/api/x')
  const limited = await app.inject('/api/x')
  t.equal(limited.statusCode, 429)
  t.equal(limited.headers['x-content-type-options'], 'nosniff', 'errors carry them too')
  for (let i = 0; i < 3; i++) t.equal((await app.inject('/page')).statusCode, 200)
})
