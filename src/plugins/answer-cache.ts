// Answers that are the same for every caller are computed once per version of the read model:
// the first 200 of a route marked `config.cacheAnswer` is kept as bytes with its ETag (hashed
// once), and later requests for the same URL and representation get those bytes before any
// parsing, validation or handler runs. Nothing is cached while the read model reads through.
import { createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import { LRUCache } from 'lru-cache'
import type { FastifyInstance } from 'fastify'
import type { ReadModel } from '../read-model/read-model.js'

declare module 'fastify' {
  interface FastifyContextConfig { cacheAnswer?: boolean }
  interface FastifyRequest { answerKey: string | null }
}

interface Answer { body: string, etag: string, type: string }

export interface AnswerCacheOptions {
  readModel: ReadModel
  /** Bytes of answers kept, all versions together (old versions age out first). */
  maxBytes?: number
}

export default fp<AnswerCacheOptions>(async function answerCache (app: FastifyInstance, opts) {
  const answers = new LRUCache<string, Answer>({
    maxSize: opts.maxBytes ?? 64 * 1024 * 1024,
    sizeCalculation: (a) => a.body.length + 200
  })
  app.decorateRequest('answerKey', null)

  // Callback style: on the hottest path of the service, no promise per request.
  app.addHook('onRequest', (request, reply, done) => {
    const snapshot = opts.readModel.latest
    if (snapshot === null || !opts.readModel.fresh || (request.method !== 'GET' && request.method !== 'HEAD') ||
      request.routeOptions.config?.cacheAnswer !== true) return done()
    // The URL as sent (its query string included) and the representation Accept chose.
    const key = `${snapshot.version} ${request.method} ${request.answerType} ${request.url}`
    const hit = answers.get(key)
    if (hit === undefined) {
      request.answerKey = key
      return done()
    }
    reply.header('etag', hit.etag).type(hit.type).send(hit.body)
  })

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.answerKey === null || reply.statusCode !== 200 || typeof payload !== 'string') return payload
    // The same hash @fastify/etag gives uncached answers, so an ETag never depends on the path taken.
    const etag = `"${createHash('sha1').update(payload).digest('base64')}"`
    answers.set(request.answerKey, { body: payload, etag, type: String(reply.getHeader('content-type')) })
    reply.header('etag', etag)
    return payload
  })
}, { name: 'answer-cache', dependencies: ['content-negotiation'] })
