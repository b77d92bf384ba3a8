// GET /: the dashboard page, and its two scripts under /assets (nothing comes from a CDN).
import { createRequire } from 'node:module'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync } from 'fastify'
import { modelOrder } from '../catalogue/model-query.js'
import { trackedIds, type Tracking } from '../config.js'
import { renderDashboard } from '../dashboard/render.js'
import { PROJECT_ROOT } from '../paths.js'

const require = createRequire(import.meta.url)
// chart.js exports only its modules; its UMD build sits next to the CommonJS entry in dist/.
const CHART_JS_DIR = path.dirname(require.resolve('chart.js'))
const ASSETS_DIR = path.join(PROJECT_ROOT, 'src', 'dashboard', 'assets')

const dashboardRoutes: FastifyPluginAsync<{ tracking: Tracking, dataNotice?: string }> = async (app, opts) => {
  await app.register(fastifyStatic, { root: [ASSETS_DIR, CHART_JS_DIR], prefix: '/assets/', decorateReply: false, allowedPath: (p) => /^\/(dashboard\.js|chart\.umd\.min\.js)$/.test(p) })

  app.get('/', {
    config: { produces: ['text/html'], cacheAnswer: true },
    schema: {
      tags: ['dashboard'],
      operationId: 'getDashboard',
      summary: 'The dashboard',
      description: 'An HTML page: the tracked models with license, parameters, downloads (30 days and all time), likes, the 7- and 30-day change, and a chart of downloads per day per model plus the family total; then the compute scaling law (each card\'s training FLOPs and Pile test loss on a log-FLOPs chart, with the fitted and the published law), a table of each card\'s training facts against the paper\'s loss, the cells on which the cards\' family tables disagree, and links to the JSON. Figures from synthetic snapshots (source demo) are labelled.',
      response: { 200: { description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } } }
    }
  }, async (_request, reply) => {
    const catalogue = await app.readModel.current()
    const trackedSet = new Set(trackedIds(opts.tracking, catalogue.all().map((m) => m.id)))
    const tracked = catalogue.all().filter((m) => trackedSet.has(m.id)).sort(modelOrder({ sort: 'parameters', order: 'asc' }))
    const ids = tracked.map((m) => m.id)
    const [week, month, daily] = await Promise.all([
      app.history.trends(ids, '7d'),
      app.history.trends(ids, '30d'),
      app.history.series(ids, 'day')
    ])
    const periods = daily.series.get(ids[0])?.map((p) => p.period) ?? []
    const family = periods.map((_, i) => {
      const known = ids.map((id) => daily.series.get(id)![i]).filter((p) => p.complete && p.downloads !== null).map((p) => p.downloads!)
      return known.length === 0 ? null : known.reduce((a, b) => a + b, 0)
    })
    const training = catalogue.training()
    return reply.type('text/html; charset=utf-8').send(renderDashboard({
      models: tracked,
      trends7d: new Map(week.items.map((i) => [i.id, i])),
      trends30d: new Map(month.items.map((i) => [i.id, i])),
      periods,
      series: daily.series,
      family,
      asOf: daily.asOf,
      sources: [...new Set([...week.sources, ...month.sources, ...daily.sources])].sort(),
      training: {
        models: ids.map((id) => ({ id, training: training.model(id) })),
        scaling: training.scalingLaw([]),
        disagreements: training.disagreements()
      },
      notice: opts.dataNotice
    }))
  })
}

export default dashboardRoutes
