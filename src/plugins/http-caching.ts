// HTTP caching and freshness of data answers: strong ETags (304 on If-None-Match), Last-Modified =
// the last sync that committed, a Cache-Control max-age that runs out when the next scheduled sync
// is due, and a Warning header when no sync succeeded within three schedule intervals.
import fp from 'fastify-plugin'
import etag from '@fastify/etag'
import type { FastifyInstance } from 'fastify'
import { nextRun, scheduleInterval, type Schedule } from '../sync/scheduler.js'

export interface HttpCachingOptions {
  schedule: Schedule | null
  /** The longest max-age we give, whatever the schedule says. */
  maxAgeCapSeconds?: number
  /** max-age when there is no schedule: syncs come from outside (cron, CronJob, admin API). */
  unscheduledMaxAgeSeconds?: number
}

declare module 'fastify' {
  interface FastifyInstance {
    freshness: { isStale: (lastSync: Date | null, now?: Date) => boolean }
  }
}

// Answers that only a committed sync changes; the rest must be revalidated every time.
const SYNCED_DATA = /^\/api\/(models|licenses|trends|family|compare)(\/|\?|$)/
const STALE_AFTER_INTERVALS = 3

export default fp<HttpCachingOptions>(async function httpCaching (app: FastifyInstance, opts) {
  await app.register(etag)
  const cap = opts.maxAgeCapSeconds ?? 3600
  // Other processes (replicas, system cron, a CronJob) commit syncs too: re-read every 30 s, and
  // at once after a commit of our own.
  const LAST_SYNC_TTL_MS = 30_000
  let lastSync: { value: Date | null, readAt: number } | null = null
  const lastSyncAt = async () => {
    if (lastSync === null || Date.now() - lastSync.readAt > LAST_SYNC_TTL_MS) {
      lastSync = { value: await app.syncRuns.lastCompletedAt(), readAt: Date.now() }
    }
    return lastSync.value
  }

  const isStale = (last: Date | null, now = new Date()) => {
    if (last === null) return true
    if (opts.schedule === null) return false
    const interval = scheduleInterval(opts.schedule, now)
    return interval !== null && now.getTime() - last.getTime() > STALE_AFTER_INTERVALS * interval
  }
  app.decorate('freshness', { isStale })

  // Read once, then kept current by the sync service rather than queried per request.
  app.sync.onCommit((finishedAt) => { lastSync = { value: finishedAt, readAt: Date.now() } })

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return payload
    // A 304 (set by the ETag hook) carries the same caching headers as the 200 would (RFC 9110).
    if (reply.statusCode !== 200 && reply.statusCode !== 304) return payload
    if (!SYNCED_DATA.test(request.url)) {
      if (request.url.startsWith('/api/') || request.url === '/health' || request.url === '/ready') reply.header('cache-control', 'no-cache')
      return payload
    }
    const last = await lastSyncAt()
    const next = nextRun(opts.schedule)
    const maxAge = next === null
      ? (opts.unscheduledMaxAgeSeconds ?? 60)
      : Math.max(0, Math.min(cap, Math.floor((next.getTime() - Date.now()) / 1000)))
    reply.header('cache-control', `public, max-age=${maxAge}`)
    if (last !== null) reply.header('last-modified', last.toUTCString())
    if (isStale(last)) {
      reply.header('warning', `110 - "Response is Stale: no successful sync since ${last?.toISOString() ?? 'ever'}"`)
    }
    return payload
  })
}, { name: 'http-caching' })
