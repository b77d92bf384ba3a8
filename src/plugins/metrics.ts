// GET /metrics in the Prometheus text format (prom-client, one registry per app): HTTP durations
// by route and status, sync runs and their duration, Hub requests by status and retries, the last
// successful sync, and per-model download gauges read from the catalogue at scrape time.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

export interface HubMetrics {
  hubResponse: (status: number | 'network-error') => void
  hubRetry: () => void
}

declare module 'fastify' {
  interface FastifyInstance { metrics: { registry: Registry } & HubMetrics }
}

export default fp(async function metrics (app: FastifyInstance) {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'catalog_process_' })

  const http = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry]
  })
  const runs = new Counter({ name: 'catalog_sync_runs_total', help: 'Sync runs by outcome', labelNames: ['status'] as const, registers: [registry] })
  const runDuration = new Histogram({ name: 'catalog_sync_duration_seconds', help: 'Duration of sync runs', buckets: [0.5, 1, 5, 15, 60, 300, 900], registers: [registry] })
  const hubRequests = new Counter({ name: 'catalog_hub_requests_total', help: 'Hub answers by HTTP status (network-error when none came)', labelNames: ['status'] as const, registers: [registry] })
  const hubRetries = new Counter({ name: 'catalog_hub_retries_total', help: 'Hub requests retried', registers: [registry] })
  // eslint-disable-next-line no-new
  new Gauge({
    name: 'catalog_last_successful_sync_timestamp_seconds',
    help: 'End of the newest succeeded or partial sync (Unix seconds); 0 when there was none',
    registers: [registry],
    async collect () {
      const last = await app.syncRuns.lastCompletedAt()
      this.set(last === null ? 0 : last.getTime() / 1000)
    }
  })
  const perModel = (name: string, help: string, pick: (m: { downloads: number | null, downloadsAllTime: number | null }) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['model'] as const,
      registers: [registry],
      async collect () {
        this.reset()
        const { items } = await app.models.list({ limit: 100, fields: 'downloads,downloadsAllTime' })
        for (const m of items) {
          const value = pick(m as { downloads: number | null, downloadsAllTime: number | null })
          if (value !== null) this.set({ model: m.id }, value)
        }
      }
    })
  perModel('catalog_model_downloads_30d', 'The Hub\'s rolling 30-day download count at the last sync', (m) => m.downloads)
  perModel('catalog_model_downloads_all_time', 'All-time downloads at the last sync', (m) => m.downloadsAllTime)

  app.sync.onRunFinished((end) => {
    runs.inc({ status: end.status })
    runDuration.observe(end.durationMs / 1000)
  })

  app.decorate('metrics', {
    registry,
    hubResponse: (status: number | 'network-error') => hubRequests.inc({ status: String(status) }),
    hubRetry: () => hubRetries.inc()
  })

  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL: bounded label values.
    const route = request.routeOptions.url ?? 'unmatched'
    http.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000)
  })

  app.get('/metrics', {
    schema: {
      tags: ['health'],
      summary: 'Prometheus metrics',
      description: 'HTTP durations by route and status, sync runs by outcome and duration, Hub requests by status, retries, the last successful sync, and downloads per tracked model.',
      response: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } } }
    },
    config: { produces: ['text/plain', 'application/openmetrics-text'] }
  }, async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()))
}, { name: 'metrics' })
