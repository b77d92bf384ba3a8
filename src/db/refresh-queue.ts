// The refreshes Hub webhooks ask for, queued in PostgreSQL with pg-boss: they survive a restart, any replica
// may run them, and a burst of events for one model makes one refresh. The queue's policy is `stately` with
// the model id as singleton key: at most one refresh per model waits (HUB_WEBHOOK_DEBOUNCE_S, so the burst
// settles first) and one runs; a send while one waits is folded into it. A refresh that finds a sync running
// (here or on another replica: the sync lock) fails and is retried with backoff.
import type { Logger } from '../logger.js'
import type { JobQueue, PgBoss } from './job-queue.js'

export const HUB_REFRESH_QUEUE = 'hub-refresh'

export interface RefreshQueueOptions {
  jobs: JobQueue
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
  #started: Promise<PgBoss> | null = null

  constructor (private readonly opts: RefreshQueueOptions) {}

  /** Creates the queue on first use and starts working it. */
  async start (): Promise<PgBoss> {
    this.#started ??= (async () => {
      const boss = await this.opts.jobs.start()
      await boss.createQueue(HUB_REFRESH_QUEUE, { name: HUB_REFRESH_QUEUE, policy: 'stately', retryLimit: 20, retryDelay: 5, retryBackoff: true, expireInSeconds: 15 * 60 })
      await boss.work<{ modelId: string }>(HUB_REFRESH_QUEUE, { batchSize: 100, pollingIntervalSeconds: this.opts.pollingIntervalSeconds ?? 2 }, async (jobs: Array<PgBoss.Job<{ modelId: string }>>) => {
        const ids = [...new Set(jobs.map((job) => String(job.data.modelId)))]
        this.opts.logger.info({ models: ids, jobs: jobs.length }, 'refreshing models a Hub webhook named')
        await this.opts.refresh(ids)
      })
      return boss
    })()
    return await this.#started
  }

  /** Queues a refresh of one model, unless one is already waiting. */
  async enqueue (modelId: string): Promise<Enqueued> {
    const boss = await this.start()
    const jobId = await boss.send(HUB_REFRESH_QUEUE, { modelId }, { singletonKey: modelId, startAfter: this.opts.debounceSeconds })
    return { queued: jobId !== null, jobId }
  }

  /** Refreshes waiting or running, for tests and status: by state. */
  async pending (): Promise<number> {
    const boss = await this.start()
    return await boss.getQueueSize(HUB_REFRESH_QUEUE, { before: 'completed' })
  }
}
