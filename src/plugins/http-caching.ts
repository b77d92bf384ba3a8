// HTTP caching and freshness of data answers: strong ETags (304 on If-None-Match), Last-Modified =
// the last sync that committed, a Cache-Control max-age that runs out when the next scheduled sync
// is due, and a Warning header when no sync succeeded within three schedule intervals.
import fp from 'fastify-plugin'
import etag from '@fastify/etag'
import type { FastifyInstance } from 'fastify'
import type { Freshness } from '../catalogue/freshness.js'

/**
 * If-None-Match (RFC 9110 13.1.2): `*` matches any current representation; otherwise a list of
 * entity tags, compared weakly (W/"x" and "x" are the same tag).
 */
export function noneMatchHits (header: string, etag: string): boolean {
  if (header.trim() === '*') return true
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '')
  const ours = opaque(etag)
  return header.split(',').some((tag) => opaque(tag) === ours)
}

// Answers that only a committed sync changes; the rest must be revalidated every time.
const SYNCED_DATA = /^\/api\/(models|licenses|trends|family|compare)(\/|\?|$)/

export default fp<{ freshness: Freshness }>(async function httpCaching (app: FastifyInstance, opts) {
  // @fastify/etag makes the tags; the 304 is ours, for lists and `*` too.
  await app.register(etag, { replyWith304: false })
  app.addHook('onSend', (request, reply, payload, done) => {
    const header = request.headers['if-none-match']
    const tag = reply.getHeader('etag')
    if (header !== undefined && typeof tag === 'string' && reply.statusCode === 200 &&
      (request.method === 'GET' || request.method === 'HEAD') && noneMatchHits(header, tag)) {
      reply.code(304)
      return done(null, '')
    }
    done(null, payload)
  })
  const freshness = opts.freshness
  // The headers only change with the last sync and the clock's second: computed once per pair,
  // not per request (croner's date arithmetic is the costly part).
  let memo: { last: number | null, second: number, headers: Record<string, string> } | null = null
  const freshnessHeaders = (last: Date | null): Record<string, string> => {
    const now = Date.now()
    const second = Math.floor(now / 1000)
    const lastMs = last?.getTime() ?? null
    if (memo === null || memo.last !== lastMs || memo.second !== second) {
      const headers: Record<string, string> = { 'cache-control': `public, max-age=${freshness.maxAgeSeconds(now)}` }
      if (last !== null) headers['last-modified'] = last.toUTCString()
      if (freshness.isStale(last, new Date(now))) {
        headers.warning = `110 - "Response is Stale: no successful sync since ${last?.toISOString() ?? 'ever'}"`
      }
      memo = { last: lastMs, second, headers }
    }
    return memo.headers
  }

  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return done(null, payload)
    // A 304 (set by the ETag hook) carries the same caching headers as the 200 would (RFC 9110).
    if (reply.statusCode !== 200 && reply.statusCode !== 304) return done(null, payload)
    if (!SYNCED_DATA.test(request.url)) {
      if (request.url.startsWith('/api/') || request.url === '/health' || request.url === '/ready') reply.header('cache-control', 'no-cache')
      return done(null, payload)
    }
    freshness.lastSyncAt().then((last) => {
      reply.headers(freshnessHeaders(last))
      done(null, payload)
    }, (err: Error) => done(err))
  })
}, { name: 'http-caching' })
