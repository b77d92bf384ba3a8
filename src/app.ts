// buildApp: the whole service as one Fastify instance, shared by production and tests (no listen).
// The services come from the composition root (services.ts); here they are only handed to the
// plugins and routes that speak HTTP for them.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { scheduleOf, type Config } from './config.js'
import { LOG_REDACT, LOG_SERIALIZERS } from './logger.js'
import { createServices, type Services, type ServicesOptions } from './services.js'
import problemDetails, { frameworkErrorOptions } from './plugins/problem-details.js'
import strictNumbers from './plugins/strict-numbers.js'
import contentNegotiation from './plugins/content-negotiation.js'
import answerCache from './plugins/answer-cache.js'
import httpCaching from './plugins/http-caching.js'
import sharedSchemas from './plugins/shared-schemas.js'
import openapi from './plugins/swagger.js'
import security from './plugins/security.js'
import metrics from './plugins/metrics.js'
import adminAuth from './plugins/admin-auth.js'
import dataNotice from './plugins/data-notice.js'
import schedule from './plugins/schedule.js'
import modelsRoutes from './routes/models.js'
import syncsRoutes from './routes/syncs.js'
import importsRoutes from './routes/imports.js'
import licensesRoutes from './routes/licenses.js'
import downloadsRoutes from './routes/downloads.js'
import healthRoutes from './routes/health.js'
import dashboardRoutes from './routes/dashboard.js'
import trainingRoutes from './routes/training.js'
import hubWebhooksRoutes from './routes/hub-webhooks.js'
import webhooksRoutes from './routes/webhooks.js'

// What routes may use: the services, one decorator each (as fastify/demo decorates repositories).
type Decorated = Omit<Services, 'close' | 'listen'>

declare module 'fastify' {
  interface FastifyInstance extends Decorated {}
}

export interface BuildAppOptions {
  config: Config
  databaseUrl: string
  logger?: FastifyServerOptions['logger']
  /** A ready logger (tests capture lines with one); wins over `logger`. */
  loggerInstance?: FastifyBaseLogger
  /** Replace the Hub client (faults a real server cannot produce on demand). */
  createHub?: ServicesOptions['createHub']
  /** Run the in-process schedule (off in tests unless asked). */
  schedule?: boolean
  /** Stopped last, after the sync, the pools and the app (the embedded PostgreSQL, the demo's Hub). */
  closeAfter?: () => Promise<void>
}

export { LOG_REDACT }

export async function buildApp (opts: BuildAppOptions): Promise<FastifyInstance> {
  const config = opts.config
  const app = Fastify({
    ...(opts.loggerInstance
      ? { loggerInstance: opts.loggerInstance }
      : { logger: opts.logger ?? { level: config.logLevel, redact: LOG_REDACT, serializers: LOG_SERIALIZERS } }),
    bodyLimit: config.bodyLimitBytes,
    ...frameworkErrorOptions,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } }
  }).withTypeProvider<TypeBoxTypeProvider>()

  const { close, listen, ...services } = createServices({
    config,
    databaseUrl: opts.databaseUrl,
    logger: app.log.child({ component: 'sync' }),
    createHub: opts.createHub
  })
  app.decorate('readModel', services.readModel)
  app.decorate('cursors', services.cursors)
  app.decorate('models', services.models)
  app.decorate('licenses', services.licenses)
  app.decorate('syncRuns', services.syncRuns)
  app.decorate('history', services.history)
  app.decorate('imports', services.imports)
  app.decorate('migrationStatus', services.migrationStatus)
  app.decorate('freshness', services.freshness)
  app.decorate('sync', services.sync)
  app.decorate('metrics', services.metrics)
  app.decorate('refreshQueue', services.refreshQueue)
  app.decorate('webhooks', services.webhooks)
  app.decorate('deliveries', services.deliveries)

  // Change notifications are heard once the app is ready (the database is up by then).
  app.addHook('onReady', listen)

  // Registered first, so it runs after every plugin's onClose (Fastify runs them last-registered
  // first): the schedule stops ticking, then the run in flight finishes or is interrupted, then
  // the pools close, and last what the caller owns (the database must outlive the sync).
  app.addHook('onClose', async () => {
    await close()
    await opts.closeAfter?.()
  })

  const syncSchedule = scheduleOf(config)
  // What the sync tracks: the trends, the family and the dashboard show the same set.
  const tracking = { trackedModels: config.trackedModels, trackedAuthors: config.trackedAuthors }
  await app.register(sharedSchemas)
  await app.register(problemDetails)
  await app.register(strictNumbers)
  await app.register(security, { corsOrigin: config.corsOrigin, rateLimitMax: config.rateLimitMax })
  await app.register(contentNegotiation)
  await app.register(adminAuth, { adminToken: config.adminToken, rateLimitMax: config.adminRateLimitMax })
  // Before http-caching: a cached answer brings its ETag, so none is hashed per request.
  await app.register(answerCache, { readModel: services.readModel })
  await app.register(httpCaching, { freshness: services.freshness })
  // The OpenAPI plugin must see every route: it comes before the first one (/metrics).
  await app.register(openapi, { dataNotice: config.dataNotice })
  await app.register(metrics, { metrics: services.metrics })
  await app.register(dataNotice, { notice: config.dataNotice })
  if (opts.schedule === true && syncSchedule !== null) await app.register(schedule, { schedule: syncSchedule, sync: services.sync })
  await app.register(modelsRoutes, { dataNotice: config.dataNotice })
  await app.register(licensesRoutes)
  await app.register(downloadsRoutes, { tracking })
  await app.register(trainingRoutes)
  await app.register(hubWebhooksRoutes, { secret: config.hubWebhook.secret, queue: services.refreshQueue, trackedAuthors: config.trackedAuthors })
  await app.register(webhooksRoutes)
  await app.register(syncsRoutes)
  await app.register(importsRoutes)
  await app.register(healthRoutes)
  await app.register(dashboardRoutes, { tracking, dataNotice: config.dataNotice })
  return app
}
