// HTTP caching and freshness of data answers: strong ETags (304 on If-None-Match), Last-Modified =
// the last sync that committed, a Cache-Control max-age that runs out when the next scheduled sync
// is due, and a Warning header when no sync succeeded within three schedule intervals.
import fp from 'fastify-plugin'
import etag from '@fastify/etag'
import type { FastifyInstance } from 'fastify'
import type { Freshness } from '../catalogue/freshness.js'

// Answers that only a committed sync changes; the rest must be revalidated every time.
const SYNCED_DATA = /^\/api\/(models|licenses|trends|family|compare)(\/|\?|$)/

export default fp<{ freshness: Freshness }>(async function httpCaching (app: FastifyInstance, opts) {
  await app.register(etag)
  const freshness = opts.freshness

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return payload
    // A 304 (set by the ETag hook) carries the same caching headers as the 200 would (RFC 9110).
    if (reply.statusCode !== 200 && reply.statusCode !== 304) return payload
    if (!SYNCED_DATA.test(request.url)) {
      if (request.url.startsWith('/api/') || request.url === '/health' || request.url === '/ready') reply.header('cache-control', 'no-cache')
      return payload
    }
    const last = await freshness.lastSyncAt()
    reply.header('cache-control', `public, max-age=${freshness.maxAgeSeconds()}`)
    if (last !== null) reply.header('last-modified', last.toUTCString())
    if (freshness.isStale(last)) {
      reply.header('warning', `110 - "Response is Stale: no successful sync since ${last?.toISOString() ?? 'ever'}"`)
    }
    return payload
  })
}, { name: 'http-caching' })
