// HTTP caching of data answers: strong ETags (304 on If-None-Match), Last-Modified = the last sync
// that committed, and a Cache-Control max-age that runs out when the next scheduled sync is due.
import fp from 'fastify-plugin'
import etag from '@fastify/etag'
import { Cron } from 'croner'
import type { FastifyInstance } from 'fastify'

export interface HttpCachingOptions {
  schedule: string | null
  /** The longest max-age we give, whatever the schedule says. */
  maxAgeCapSeconds?: number
  /** max-age when there is no schedule: syncs come from outside (cron, CronJob, POST). */
  unscheduledMaxAgeSeconds?: number
}

// Answers that only a committed sync changes; the rest (run history, health) must be revalidated.
const SYNCED_DATA = /^\/api\/(models|licenses|trends|family|compare)(\/|\?|$)/

export default fp<HttpCachingOptions>(async function httpCaching (app: FastifyInstance, opts) {
  await app.register(etag)
  const cron = opts.schedule === null ? null : new Cron(opts.schedule, { paused: true })
  const cap = opts.maxAgeCapSeconds ?? 3600
  let lastSync: Date | null | undefined

  // Read once, then kept current by the sync service rather than queried per request.
  app.sync.onCommit((finishedAt) => { lastSync = finishedAt })

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return payload
    if (reply.statusCode !== 200) return payload
    if (!SYNCED_DATA.test(request.url)) {
      // Run history and health change outside commits: always revalidate (the ETag makes it cheap).
      if (request.url.startsWith('/api/') || request.url.startsWith('/health')) reply.header('cache-control', 'no-cache')
      return payload
    }
    lastSync ??= await app.syncRuns.lastCompletedAt()
    const next = cron?.nextRun() ?? null
    const maxAge = next === null
      ? (opts.unscheduledMaxAgeSeconds ?? 60)
      : Math.max(0, Math.min(cap, Math.floor((next.getTime() - Date.now()) / 1000)))
    reply.header('cache-control', `public, max-age=${maxAge}`)
    if (lastSync !== null) reply.header('last-modified', lastSync.toUTCString())
    return payload
  })
}, { name: 'http-caching' })
