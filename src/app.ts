// buildApp: the whole service as one Fastify instance, shared by production and tests (no listen).
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Cron } from 'croner'
import type { Config } from './config.js'
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
import syncRoutes from './routes/sync.js'
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
}

// Secrets never reach the logs: request headers that may carry them are censored.
export const LOG_REDACT = ['req.headers.authorization', 'req.headers.cookie', '*.token', '*.accessToken']

export async function buildApp (opts: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.loggerInstance
      ? { loggerInstance: opts.loggerInstance }
      : { logger: opts.logger ?? { level: opts.config.logLevel, redact: LOG_REDACT } }),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } }
  }).withTypeProvider<TypeBoxTypeProvider>()

  const db = createPrisma(opts.databaseUrl)
  const agent = createHubAgent(opts.config.hub)
  const syncLog = app.log.child({ component: 'sync' })
  const createHub = opts.createHub ?? ((signal: AbortSignal) => new HubClient({ config: opts.config.hub, agent, signal, logger: syncLog }))
  const sync = new SyncService({
    db,
    databaseUrl: opts.databaseUrl,
    createHub,
    logger: syncLog,
    trackedModels: opts.config.trackedModels
  })

  app.decorate('db', db)
  app.decorate('models', new ModelsRepo(db, opts.config.hub.endpoint))
  app.decorate('licenses', new LicensesRepo(db))
  app.decorate('syncRuns', new SyncRunsRepo(db))
  app.decorate('sync', sync)
  app.decorate('history', new DownloadsHistory(new HistoryRepo(db)))

  let cron: Cron | undefined
  if (opts.schedule === true && opts.config.syncSchedule !== null) {
    cron = startSchedule(opts.config.syncSchedule, async () => {
      await sync.run('schedule').catch((err) => app.log.error({ err }, 'scheduled sync failed'))
    })
    app.log.info({ schedule: opts.config.syncSchedule, next: cron.nextRun()?.toISOString() }, 'sync scheduled')
  }

  // Stop what we started, in order: no new ticks, abort the run in flight, then the pools.
  app.addHook('onClose', async () => {
    cron?.stop()
    await sync.close()
    await agent.close()
    await db.$disconnect()
  })

  await app.register(sharedSchemas)
  await app.register(problemDetails)
  await app.register(contentNegotiation)
  await app.register(adminAuth, { adminToken: opts.config.adminToken })
  await app.register(httpCaching, { schedule: opts.config.syncSchedule })
  await app.register(openapi, { dataNotice: opts.config.dataNotice })
  if (opts.config.dataNotice !== undefined) {
    const notice = opts.config.dataNotice
    app.addHook('onSend', async (_request, reply) => { reply.header('x-data-notice', notice) })
  }
  await app.register(modelsRoutes, { dataNotice: opts.config.dataNotice })
  await app.register(licensesRoutes)
  await app.register(downloadsRoutes, { trackedModels: opts.config.trackedModels })
  await app.register(syncRoutes)
  await app.register(importsRoutes)
  await app.register(healthRoutes)
  await app.register(dashboardRoutes, { trackedModels: opts.config.trackedModels, dataNotice: opts.config.dataNotice })
  return app
}
