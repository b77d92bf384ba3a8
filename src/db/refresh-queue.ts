// The refreshes Hub webhooks ask for, queued in PostgreSQL with pg-boss: they survive a restart, any replica
// may run them, and a burst of events for one model makes one refresh. The queue's policy is `stately` with
// the model id as singleton key: at most one refresh per model waits (HUB_WEBHOOK_DEBOUNCE_S, so the burst
// settles first) and one runs; a send while one waits is folded into it. A refresh that finds a sync running
// (here or on another replica: the sync lock) fails and is retried with backoff.
import PgBoss from 'pg-boss'
import type { Logger } from '../logger.js'

export const HUB_REFRESH_QUEUE = 'hub-refresh'

export interface RefreshQueueOptions {
  databaseUrl: string
  /** How long a queued refresh waits before it may run. */
  debounceSeconds: number
  logger: Logger
  /** Runs the refresh of these models (the sync service's targeted refresh). */
  refresh: (modelIds: string[]) => Promise<void>
  /** How often an idle worker asks for work (pg-boss polls; at least 0.5 s). */
  pollingIntervalSeconds?: number
}

export interface Enqueued {
  /** False when a refresh of this model was already waiting: this event is folded into it. */
  queued: boolean
  jobId: string | null
}

export class RefreshQueue {
  readonly #boss: PgBoss
  #started: Promise<void> | null = null

  constructor (private readonly opts: RefreshQueueOptions) {
    this.#boss = new PgBoss({ connectionString: opts.databaseUrl, schema: 'pgboss', max: 2, application_name: 'cerebras-gpt-catalog jobs', schedule: false })
    this.#boss.on('error', (err: Error) => opts.logger.error({ err: err.message }, 'job queue error'))
  }

  /** Creates pg-boss's schema on first use and starts working the queue. */
  async start (): Promise<void> {
    this.#started ??= (async () => {
      await this.#boss.start()
      await this.#boss.createQueue(HUB_REFRESH_QUEUE, { name: HUB_REFRESH_QUEUE, policy: 'stately', retryLimit: 20, retryDelay: 5, retryBackoff: true, expireInSeconds: 15 * 60 })
      await this.#boss.work<{ modelId: string }>(HUB_REFRESH_QUEUE, { batchSize: 100, pollingIntervalSeconds: this.opts.pollingIntervalSeconds ?? 2 }, async (jobs: Array<PgBoss.Job<{ modelId: string }>>) => {
        const ids = [...new Set(jobs.map((job) => String(job.data.modelId)))]
        this.opts.logger.info({ models: ids, jobs: jobs.length }, 'refreshing models a Hub webhook named')
        await this.opts.refresh(ids)
      })
    })()
    await this.#started
  }

  /** Queues a refresh of one model, unless one is already waiting. */
  async enqueue (modelId: string): Promise<Enqueued> {
    await this.start()
    const jobId = await this.#boss.send(HUB_REFRESH_QUEUE, { modelId }, { singletonKey: modelId, startAfter: this.opts.debounceSeconds })
    return { queued: jobId !== null, jobId }
  }

  /** Refreshes waiting or running, for tests and status: by state. */
  async pending (): Promise<number> {
    await this.start()
    return await this.#boss.getQueueSize(HUB_REFRESH_QUEUE, { before: 'completed' })
  }

  /** Stops working: a refresh in flight may finish within the timeout. */
  async stop (): Promise<void> {
    if (this.#started === null) return
    await this.#started.catch(() => {})
    await this.#boss.stop({ graceful: true, wait: true, timeout: 10_000 })
  }
}
