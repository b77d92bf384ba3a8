// GET /metrics in the Prometheus text format, and the HTTP duration of every request by route
// pattern and status; the instruments themselves live in src/metrics.ts.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { CatalogMetrics } from '../metrics.js'

export default fp<{ metrics: CatalogMetrics }>(async function metrics (app: FastifyInstance, opts) {
  app.addHook('onResponse', (request, reply, done) => {
    // The route pattern (/api/models/:author/:name), never the URL: the label's values are the
    // routes, however many URLs clients try. No route matched (a 404 from the not-found handler): 'unmatched'.
    opts.metrics.httpRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000)
    done()
  })

  app.get('/metrics', {
    schema: {
      tags: ['health'],
      summary: 'Prometheus metrics',
      description: 'Every metric the service defines is named catalog_*; process_* and nodejs_* are the standard process and Node.js runtime metrics. HTTP durations by method, route pattern and status, sync runs by outcome and duration, Hub requests by status, retries, the last successful sync, and downloads per tracked model.',
      response: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } } }
    },
    config: { produces: ['text/plain', 'application/openmetrics-text'] }
  }, async (_request, reply) => reply.type(opts.metrics.registry.contentType).send(await opts.metrics.registry.metrics()))
}, { name: 'metrics' })
