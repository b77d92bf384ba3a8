// The answer cache: one computation per version, URL and representation; bytes and ETag reused
// before the handler runs; nothing cached while the read model reads through, no errors cached.
import t from 'tap'
import Fastify from 'fastify'
import answerCache from '../../src/plugins/answer-cache.js'
import contentNegotiation from '../../src/plugins/content-negotiation.js'
import type { ReadModel } from '../../src/read-model/read-model.js'

async function appWith (model: { fresh: boolean, latest: { version: number } | null }) {
  const calls = { n: 0 }
  const app = Fastify()
  await app.register(contentNegotiation)
  await app.register(answerCache, { readModel: model as unknown as ReadModel })
  app.get('/api/x', { config: { cacheAnswer: true, produces: ['application/json', 'text/csv'] } }, async (request, reply) => {
    calls.n++
    if ((request.query as { fail?: string }).fail !== undefined) return reply.code(404).send({ calls: calls.n })
    return request.answerType === 'text/csv' ? reply.type('text/csv').send(`n\n${calls.n}\n`) : { calls: calls.n }
  })
  app.get('/api/live', async () => ({ calls: ++calls.n }))
  t.teardown(() => app.close())
  return { app, calls }
}

t.test('computed once per version and URL, then served as the same bytes and ETag', async (t) => {
  const model = { fresh: true, latest: { version: 1 } }
  const { app, calls } = await appWith(model)
  const first = await app.inject('/api/x')
  const again = await app.inject('/api/x')
  t.equal(calls.n, 1, 'the handler ran once')
  t.equal(again.body, first.body)
  t.equal(again.headers.etag, first.headers.etag)
  t.match(again.headers['content-type'], /^application\/json/)
  await app.inject('/api/x?a=1')
  t.equal(calls.n, 2, 'another URL is another answer')
  const csv = await app.inject({ url: '/api/x', headers: { accept: 'text/csv' } })
  t.equal(csv.body, 'n\n3\n', 'another representation is another answer')
  t.match(csv.headers['content-type'], /^text\/csv/)
  model.latest = { version: 2 }
  t.same((await app.inject('/api/x')).json(), { calls: 4 }, 'a new version computes anew')
})

t.test('nothing is cached while reading through, nor errors, nor routes that do not ask', async (t) => {
  const model = { fresh: false, latest: { version: 1 } }
  const { app, calls } = await appWith(model)
  await app.inject('/api/x')
  await app.inject('/api/x')
  t.equal(calls.n, 2, 'read-through: computed each time')
  model.fresh = true
  await app.inject('/api/x?fail=1')
  t.equal((await app.inject('/api/x?fail=1')).statusCode, 404)
  t.equal(calls.n, 4, 'errors are not kept')
  await app.inject('/api/live')
  await app.inject('/api/live')
  t.equal(calls.n, 6, 'a route without cacheAnswer is never cached')
})
