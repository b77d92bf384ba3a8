// The composition root: every service of the catalogue (database, Hub client factory, sync,
// repositories, the read model and its change listener, metrics), built once from the config.
// The app and the CLI both take them from here.
import { scheduleOf, type Config } from './config.js'
import { ChangeListener } from './db/change-listener.js'
import { MigrationStatus } from './db/migration-status.js'
import { createPool, createPrisma } from './db/prisma.js'
import { JobQueue } from './db/job-queue.js'
import { RefreshQueue } from './db/refresh-queue.js'
import { HubClient } from './hub/hub-client.js'
import { createHubAgent } from './hub/hub-fetch.js'
import type { HubApi } from './hub/hub-types.js'
import { CursorCodec } from './catalogue/cursor.js'
import { Freshness } from './catalogue/freshness.js'
import { LicensesRepo } from './catalogue/licenses-repo.js'
import { ModelsRepo } from './catalogue/models-repo.js'
import { SyncRunsRepo } from './catalogue/sync-runs-repo.js'
import { DownloadsHistory } from './history/downloads-history.js'
import { HistoryRepo } from './history/history-repo.js'
import { SnapshotImporter } from './history/import.js'
import type { Logger } from './logger.js'
import { CatalogMetrics } from './metrics.js'
import { ReadModel } from './read-model/read-model.js'
import { SyncService } from './sync/sync-service.js'
import { WebhookSubscriptions } from './webhooks/subscriptions.js'
import { WebhookDeliveries } from './webhooks/webhook-deliveries.js'
import { parseAllowList } from './webhooks/target-policy.js'

export interface ServicesOptions {
  config: Config
  databaseUrl: string
  /** The sync's and the Hub client's logger. */
  logger: Logger
  /** Connections in the Prisma pool (the CLI needs few). */
  poolSize?: number
  /** Replace the Hub client (faults a real server cannot produce on demand). */
  createHub?: (signal: AbortSignal) => HubApi
}

export interface Services {
  /** The catalogue in memory, kept current by committed changes. */
  readModel: ReadModel
  /** Signs and checks the cursors of GET /api/models. */
  cursors: CursorCodec
  models: ModelsRepo
  licenses: LicensesRepo
  syncRuns: SyncRunsRepo
  history: DownloadsHistory
  imports: SnapshotImporter
  migrationStatus: MigrationStatus
  freshness: Freshness
  sync: SyncService
  metrics: CatalogMetrics
  /** Subscriptions to the catalogue's change events (webhooks out). */
  webhooks: WebhookSubscriptions
  /** The refreshes Hub webhooks ask for (pg-boss); null without HUB_WEBHOOK_SECRET. */
  refreshQueue: RefreshQueue | null
  /** Change events from the outbox to the subscriptions: dispatch, signed attempts, retries (pg-boss). */
  deliveries: WebhookDeliveries
  /** Starts hearing committed changes (LISTEN), so the read model can answer from memory. */
  listen: () => Promise<void>
  /** Lets a sync in flight finish (or interrupts it after the grace period), then closes the pools. */
  close: () => Promise<void>
}

export function createServices (opts: ServicesOptions): Services {
  const { config } = opts
  const pool = createPool(opts.databaseUrl, { ...config.db, poolSize: opts.poolSize })
  const db = createPrisma(pool)
  const agent = createHubAgent(config.hub)
  const models = new ModelsRepo(db, config.hub.endpoint)
  const syncRuns = new SyncRunsRepo(db)
  const historyRepo = new HistoryRepo(db, pool)
  const readModel = new ReadModel(models, opts.logger)
  const snapshot = async () => readModel.latest ?? await readModel.current()
  const metrics = new CatalogMetrics({
    lastSyncAt: async () => (await snapshot()).lastSyncAt,
    modelCounts: async () => (await readModel.current()).all()
  })
  const listener = new ChangeListener(opts.databaseUrl, {
    onChange: () => {
      readModel.changed()
      deliveries.poke()
    },
    onDown: () => readModel.hearing(false),
    onUp: () => readModel.hearing(true)
  }, opts.logger)
  const sync = new SyncService({
    db,
    databaseUrl: opts.databaseUrl,
    createHub: opts.createHub ?? ((signal) => new HubClient({ config: config.hub, agent, signal, logger: opts.logger, metrics })),
    logger: opts.logger,
    trackedModels: config.trackedModels,
    trackedAuthors: config.trackedAuthors,
    shutdownGraceMs: config.shutdownGraceMs,
    concurrency: config.hub.maxConnections,
    changeEventRules: config.changeEvents
  })
  const freshness = new Freshness(async () => (await snapshot()).lastSyncAt, { schedule: scheduleOf(config) })
  // This process's own writes are loaded before the sync or import answers, not when heard.
  const reload = async () => { await readModel.reload() }
  sync.onCommit(reload)
  sync.onRunFinished((end) => metrics.syncRunFinished(end))
  // Stopping waits for a delivery attempt in flight (its deadline) or a refresh's first steps.
  const jobs = new JobQueue(opts.databaseUrl, opts.logger, Math.max(10_000, config.webhookDelivery.timeoutMs + 5000))
  const allow = parseAllowList(config.webhookAllowPrivate)
  const deliveries = new WebhookDeliveries({ pool, jobs, logger: opts.logger, allow, ...config.webhookDelivery })
  // Every run may have written change events (a failed one too: sync.failed); other replicas' are heard.
  sync.onRunFinished(() => deliveries.poke())
  deliveries.onAttempt(({ result, nextAttemptAt }) => metrics.webhookAttempt(result.ok ? 'delivered' : nextAttemptAt === null ? 'failed' : 'retrying'))
  // A refresh that finds a sync running throws (SyncAlreadyRunningError): the queue retries it later.
  const refreshQueue = config.hubWebhook.secret === undefined
    ? null
    : new RefreshQueue({ jobs, debounceSeconds: config.hubWebhook.debounceSeconds, logger: opts.logger, refresh: async (ids) => { await sync.refresh(ids) } })

  return {
    readModel,
    cursors: new CursorCodec(config.cursorSecret),
    models,
    licenses: new LicensesRepo(db),
    syncRuns,
    history: new DownloadsHistory(historyRepo),
    imports: new SnapshotImporter(historyRepo, reload),
    migrationStatus: new MigrationStatus(db),
    freshness,
    sync,
    metrics,
    refreshQueue,
    deliveries,
    webhooks: new WebhookSubscriptions(db, allow, { onCreated: () => deliveries.poke() }),
    async listen () {
      await listener.start()
      await refreshQueue?.start()
      deliveries.start()
    },
    async close () {
      // The sync first: a run that still commits reloads the read model. Then no more reloads. The queue stops
      // with it: a refresh the shutdown interrupts fails and is retried, by this process or another.
      await Promise.all([sync.close(), deliveries.stop()])
      await jobs.stop()
      await listener.close()
      await readModel.close()
      await agent.close()
      await db.$disconnect()
    }
  }
}
