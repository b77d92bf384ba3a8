// buildApp: the whole service as one Fastify instance, shared by production and tests (no listen).
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Cron } from 'croner'
import { scheduleOf, type Config } from './config.js'
import { createPrisma, type Db } from './db/prisma.js'
import { HubClient } from './hub/hub-client.js'
import { createHubAgent } from './hub/hub-fetch.js'
import type { HubApi } from './hub/hub-types.js'
import { ModelsRepo } from './catalogue/models-repo.js'
import { LicensesRepo } from './catalogue/licenses-repo.js'
import { SyncRunsRepo } from './catalogue/sync-runs-repo.js'
import { SyncService } from './sync/sync-service.js'
import { DownloadsHistory } from './history/downloads-history.js'
import { HistoryRepo } from './history/history-repo.js'
import { startSchedule } from './sync/scheduler.js'
import problemDetails from './plugins/problem-details.js'
import contentNegotiation from './plugins/content-negotiation.js'
import httpCaching from './plugins/http-caching.js'
import sharedSchemas from './plugins/shared-schemas.js'
import openapi from './plugins/swagger.js'
import modelsRoutes from './routes/models.js'
import syncsRoutes from './routes/syncs.js'
import security from './plugins/security.js'
import metrics from './plugins/metrics.js'
import importsRoutes from './routes/imports.js'
import adminAuth from './plugins/admin-auth.js'
import licensesRoutes from './routes/licenses.js'
import downloadsRoutes from './routes/downloads.js'
import healthRoutes from './routes/health.js'
import dashboardRoutes from './routes/dashboard.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    models: ModelsRepo
    licenses: LicensesRepo
    syncRuns: SyncRunsRepo
    sync: SyncService
    history: DownloadsHistory
  }
}

export interface BuildAppOptions {
  config: Config
  databaseUrl: string
  logger?: FastifyServerOptions['logger']
  /** A ready logger (tests capture lines with one); wins over `logger`. */
  loggerInstance?: FastifyBaseLogger
  /** Replace the Hub client (tests of faults a real server cannot produce). */
  createHub?: (signal: AbortSignal) => HubApi
  /** Run the in-process schedule (off in tests unless asked). */
  schedule?: boolean
  /** Stopped last, after the sync, the pools and the app (the embedded PostgreSQL, the demo's Hub). */
  closeAfter?: () => Promise<void>
}

// Secrets never reach the logs: request headers that may carry them are censored.
export const LOG_REDACT = ['req.headers.authorization', 'req.headers.cookie', '*.token', '*.accessToken']

export async function buildApp (opts: BuildAppOptions): Promise<FastifyInstance> {
  const config = opts.config
  const app = Fastify({
    ...(opts.loggerInstance
      ? { loggerInstance: opts.loggerInstance }
      : { logger: opts.logger ?? { level: config.logLevel, redact: LOG_REDACT } }),
    bodyLimit: config.bodyLimitBytes,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } }
  }).withTypeProvider<TypeBoxTypeProvider>()

  const db = createPrisma(opts.databaseUrl)
  const agent = createHubAgent(config.hub)
  const syncLog = app.log.child({ component: 'sync' })
  const createHub = opts.createHub ??
    ((signal: AbortSignal) => new HubClient({ config: config.hub, agent, signal, logger: syncLog, metrics: app.metrics }))
  const sync = new SyncService({
    db,
    databaseUrl: opts.databaseUrl,
    createHub,
    logger: syncLog,
    trackedModels: config.trackedModels,
    shutdownGraceMs: config.shutdownGraceMs
  })
  const schedule = scheduleOf(config)

  app.decorate('db', db)
  app.decorate('models', new ModelsRepo(db, config.hub.endpoint))
  app.decorate('licenses', new LicensesRepo(db))
  app.decorate('syncRuns', new SyncRunsRepo(db))
  app.decorate('sync', sync)
  app.decorate('history', new DownloadsHistory(new HistoryRepo(db)))

  let cron: Cron | undefined
  if (opts.schedule === true && schedule !== null) {
    cron = startSchedule(schedule, async () => {
      try {
        await sync.run('schedule')
      } catch (err) {
        // Another process (system cron, a CronJob, another replica) is syncing: wait for the next tick.
        if ((err as { code?: string }).code === 'CATALOG_SYNC_RUNNING') app.log.info('scheduled sync skipped: another sync holds the lock')
        else app.log.error({ err }, 'scheduled sync failed')
      }
    })
    app.log.info({ schedule: schedule.cron, timezone: schedule.timezone, next: cron.nextRun()?.toISOString() }, 'sync scheduled')
  }

  // Stop what we started, in order: no new ticks, let the run in flight finish (or interrupt it
  // after SHUTDOWN_GRACE_MS), then the pools.
  app.addHook('onClose', async () => {
    cron?.stop()
    await sync.close()
    await agent.close()
    await db.$disconnect()
    // Here, not in a hook of the caller's: Fastify runs onClose hooks last-registered first,
    // and the database must outlive the sync that may still be committing.
    await opts.closeAfter?.()
  })

  await app.register(sharedSchemas)
  await app.register(problemDetails)
  await app.register(security, { corsOrigin: config.corsOrigin, rateLimitMax: config.rateLimitMax })
  await app.register(contentNegotiation)
  await app.register(adminAuth, { adminToken: config.adminToken })
  await app.register(httpCaching, { schedule })
  // The OpenAPI plugin must see every route: it comes before the first one (/metrics).
  await app.register(openapi, { dataNotice: config.dataNotice })
  await app.register(metrics)
  if (config.dataNotice !== undefined) {
    const notice = config.dataNotice
    app.addHook('onSend', async (_request, reply) => { reply.header('x-data-notice', notice) })
  }
  await app.register(modelsRoutes, { dataNotice: config.dataNotice })
  await app.register(licensesRoutes)
  await app.register(downloadsRoutes, { trackedModels: config.trackedModels })
  await app.register(syncsRoutes, { adminRateLimit: { max: config.adminRateLimitMax, timeWindow: '1 minute' } })
  await app.register(importsRoutes, { adminRateLimit: { max: config.adminRateLimitMax, timeWindow: '1 minute' } })
  await app.register(healthRoutes)
  await app.register(dashboardRoutes, { trackedModels: config.trackedModels, dataNotice: config.dataNotice })
  return app
}
