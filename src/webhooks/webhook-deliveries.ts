// Webhooks out, from the outbox to the subscriber. Two steps, each one transaction:
//  1. dispatch: an undispatched event (webhook_events, written with the change that caused it) gets one delivery
//     per subscription to its type created before it (by the outbox's sequence: after_event_id), the first
//     attempt of each is queued in pg-boss (`webhook-deliver`), and the event is marked dispatched: all in one
//     transaction. A crash before the commit leaves the event undispatched (the next sweep, here or on another
//     replica, dispatches it); after it, the attempts are jobs in PostgreSQL that any replica runs.
//  2. attempt n: a job first claims attempt n on its delivery (attempts n-1 -> n, only while pending), so a job
//     run twice (a batch retried, an expired job, two replicas) sends nothing the second time; then it sends one
//     signed attempt (deliver.ts) and records the result; if it failed and attempts remain, attempt n+1 is queued
//     after an exponential wait (base, 2 base, ... at most an hour) in the same transaction. The message id is
//     the event's, so every attempt carries the same webhook-id.
// A sweep (after each sync, on a change heard from another replica, every 30 s, at start) dispatches, re-queues a
// delivery whose job was lost (a claim never recorded, a job pg-boss gave up on) and prunes old rows.
// Delivery is at least once: a process that dies between a 2xx and its record sends that attempt again.
import type pg from 'pg'
import type { Logger } from '../logger.js'
import { inTransaction, transaction, type JobQueue, type PgBoss } from '../db/job-queue.js'
import { deliverOnce, type AttemptResult } from './deliver.js'
import type { CidrList, Lookup } from './target-policy.js'

export const WEBHOOK_DELIVER_QUEUE = 'webhook-deliver'
/** The longest wait between two attempts. */
export const MAX_RETRY_WAIT_MS = 60 * 60 * 1000
const DISPATCH_BATCH = 100
const SWEEP_INTERVAL_MS = 30_000
/** How long past its due time (or its claim) a pending delivery may go unrecorded before its job counts as lost. */
const LOST_AFTER_MS = 5 * 60 * 1000
const PRUNE_INTERVAL_MS = 60 * 60 * 1000

export interface WebhookDeliveriesOptions {
  pool: pg.Pool
  jobs: JobQueue
  logger: Logger
  /** CIDRs targets may resolve to although not public (WEBHOOK_ALLOW_PRIVATE). */
  allow: CidrList
  /** Attempts before a delivery is marked failed. */
  maxAttempts: number
  /** The wait after the first failed attempt; it doubles after each. */
  retryBaseMs: number
  /** One attempt's deadline. */
  timeoutMs: number
  lookup?: Lookup
  /** How often an idle worker asks pg-boss for work (at least 0.5 s). */
  pollingIntervalSeconds?: number
  /** Delivered or failed deliveries, and dispatched events, older than this are deleted (default 30 days). */
  retentionDays?: number
}

/** A job of the delivery queue: attempt `attempt` (1-based) of one delivery. */
interface AttemptJob { deliveryId: string, attempt: number }

/** The wait before attempt n + 1 after n failed ones: base * 2^(n-1), at most an hour. */
export function retryWaitMs (failedAttempts: number, baseMs: number): number {
  return Math.min(MAX_RETRY_WAIT_MS, baseMs * 2 ** Math.max(0, failedAttempts - 1))
}

interface DeliveryRow {
  id: string
  event_id: string
  url: string
  secret: string
  type: string
  data: unknown
  created_at: Date
}

/** The body every attempt of an event sends: the Standard Webhooks shape ({type, timestamp, data}). */
export function deliveryBody (event: { type: string, createdAt: Date, data: unknown }): string {
  return JSON.stringify({ type: event.type, timestamp: event.createdAt.toISOString(), data: event.data })
}

/** One recorded attempt, for listeners (tests, logs). */
export interface AttemptRecord {
  deliveryId: string
  eventId: string
  attempts: number
  result: AttemptResult
  /** When the next attempt is due; null when delivered or out of attempts. */
  nextAttemptAt: Date | null
}

export class WebhookDeliveries {
  #queue: Promise<PgBoss> | null = null
  #working: Promise<string> | null = null
  #attemptListeners: Array<(record: AttemptRecord) => void> = []
  #sweeping: Promise<void> | null = null
  #again = false
  #timer: NodeJS.Timeout | null = null
  #stopped = false
  #prunedAt = 0

  constructor (private readonly opts: WebhookDeliveriesOptions) {}

  /** Called after each attempt is recorded. */
  onAttempt (listener: (record: AttemptRecord) => void): void {
    this.#attemptListeners.push(listener)
  }

  /** Starts the periodic sweep and, once a subscription exists, the worker: this replica delivers. */
  start (): void {
    if (this.#timer !== null || this.#stopped) return
    this.#timer = setInterval(() => this.poke(), SWEEP_INTERVAL_MS).unref()
    this.poke()
  }

  /** Asks for a sweep soon (after a commit, a failed run, a new subscription); concurrent asks coalesce. */
  poke (): void {
    if (this.#stopped) return
    if (this.#sweeping !== null) {
      this.#again = true
      return
    }
    this.#sweeping = (async () => {
      do {
        this.#again = false
        await this.sweep().catch((err: Error) => this.opts.logger.error({ err: err.message }, 'webhook dispatch failed; the next sweep tries again'))
      } while (this.#again && !this.#stopped)
    })().finally(() => { this.#sweeping = null })
  }

  /** Resolves when no sweep is running (tests, shutdown). */
  async idle (): Promise<void> {
    while (this.#sweeping !== null) await this.#sweeping
  }

  /**
   * Dispatches every undispatched event (one without a subscription to it is only marked dispatched, and
   * pg-boss is not even started). In a serving process (started), the worker runs too once a subscription
   * exists, and is woken when there is new work; a one-shot process (the CLI's sync) only dispatches.
   */
  async sweep (): Promise<void> {
    const { rows: [{ subscribed }] } = await this.opts.pool.query<{ subscribed: boolean }>('SELECT EXISTS (SELECT 1 FROM webhook_subscriptions) AS subscribed')
    // pg-boss is started before any transaction that queues a job (not while that one holds its locks).
    if (subscribed) await this.#ensureQueue()
    const worker = subscribed && this.#timer !== null && !this.#stopped ? await this.work() : null
    const created = await this.dispatch()
    const requeued = subscribed ? await this.requeueLost() : 0
    if (worker !== null && created + requeued > 0) (await this.#ensureQueue()).notifyWorker(worker)
    if (Date.now() - this.#prunedAt > PRUNE_INTERVAL_MS) await this.prune()
  }

  /** Step 1 for every undispatched event, in batches, each one transaction. Returns the deliveries created. */
  async dispatch (): Promise<number> {
    let created = 0
    for (;;) {
      const { events, deliveries } = await transaction(this.opts.pool, async (client) => {
        const { rows: events } = await client.query<{ id: string }>(
          'SELECT id FROM webhook_events WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED', [DISPATCH_BATCH])
        if (events.length === 0) return { events: 0, deliveries: 0 }
        const ids = events.map((e) => e.id)
        const { rows: deliveries } = await client.query<{ id: string }>(`
          INSERT INTO webhook_deliveries (subscription_id, event_id, next_attempt_at)
          SELECT s.id, e.id, now() FROM webhook_events e
          JOIN webhook_subscriptions s ON e.type = ANY (s.events) AND s.after_event_id < e.id
          WHERE e.id = ANY ($1::bigint[])
          ORDER BY e.id, s.created_at, s.id
          ON CONFLICT (subscription_id, event_id) DO NOTHING
          RETURNING id`, [ids])
        if (deliveries.length > 0) await this.#queueAttempts(client, deliveries.map((d) => ({ deliveryId: String(d.id), attempt: 1 })))
        await client.query('UPDATE webhook_events SET dispatched_at = now() WHERE id = ANY ($1::bigint[])', [ids])
        return { events: events.length, deliveries: deliveries.length }
      })
      created += deliveries
      if (deliveries > 0) this.opts.logger.info({ events, deliveries }, 'webhook events dispatched')
      if (events < DISPATCH_BATCH) return created
    }
  }

  /**
   * Queues again the next attempt of each pending delivery whose job is gone: due (or claimed) more than five
   * minutes past its deadline and still not recorded, because pg-boss gave up on the job, or the process that
   * claimed the attempt died before recording it (then that attempt counts as made: it may have been sent).
   */
  async requeueLost (): Promise<number> {
    return await transaction(this.opts.pool, async (client) => {
      const stale = new Date(Date.now() - LOST_AFTER_MS - this.opts.timeoutMs)
      const { rows } = await client.query<{ id: string, attempts: number, claimed: boolean }>(`
        SELECT id, attempts, next_attempt_at IS NULL AS claimed FROM webhook_deliveries
        WHERE status = 'pending' AND COALESCE(next_attempt_at, last_attempt_at) < $1
        ORDER BY id LIMIT 1000 FOR UPDATE SKIP LOCKED`, [stale])
      if (rows.length === 0) return 0
      const out = rows.filter((r) => r.claimed && r.attempts >= this.opts.maxAttempts).map((r) => r.id)
      if (out.length > 0) {
        await client.query('UPDATE webhook_deliveries SET status = \'failed\', last_error = \'the last attempt was not recorded (the process making it stopped)\' WHERE id = ANY ($1::bigint[])', [out])
      }
      // The next attempt, due now: after a claimed one that was never recorded, or in place of a lost job.
      const again = rows.filter((r) => !out.includes(r.id)).map((r) => ({ deliveryId: String(r.id), attempt: r.attempts + 1 }))
      if (again.length > 0) {
        await client.query('UPDATE webhook_deliveries SET next_attempt_at = now() WHERE id = ANY ($1::bigint[])', [again.map((a) => a.deliveryId)])
        await this.#queueAttempts(client, again)
      }
      this.opts.logger.warn({ requeued: again.length, failed: out.length }, 'webhook deliveries whose job was lost')
      return again.length
    })
  }

  /** Deletes settled deliveries and dispatched events past the retention (pending deliveries and their events stay). */
  async prune (): Promise<void> {
    this.#prunedAt = Date.now()
    const before = new Date(Date.now() - (this.opts.retentionDays ?? 30) * 24 * 60 * 60 * 1000)
    await this.opts.pool.query('DELETE FROM webhook_deliveries WHERE status <> \'pending\' AND created_at < $1', [before])
    await this.opts.pool.query(`
      DELETE FROM webhook_events e WHERE e.dispatched_at IS NOT NULL AND e.created_at < $1
      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id)`, [before])
  }

  /** Starts working the delivery queue on this replica (once); resolves to pg-boss's worker id. */
  async work (): Promise<string> {
    this.#working ??= (async () => {
      const boss = await this.#ensureQueue()
      return await boss.work<AttemptJob>(WEBHOOK_DELIVER_QUEUE, { batchSize: 8, pollingIntervalSeconds: this.opts.pollingIntervalSeconds ?? 2 }, async (jobs) => {
        const results = await Promise.allSettled(jobs.map(async (job) => { await this.attempt(String(job.data.deliveryId), Number(job.data.attempt ?? 1)) }))
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
        // Only the database can make an attempt throw: pg-boss runs the batch again, and the attempts already
        // claimed are not made twice.
        if (failed !== undefined) throw failed.reason
      })
    })().catch((err: unknown) => {
      this.#working = null
      throw err
    })
    return await this.#working
  }

  /**
   * Attempt n of one delivery: claimed (only if the delivery is pending with n-1 attempts made, so a job run twice
   * sends once), sent, recorded, and attempt n+1 queued if it failed and attempts remain. Null when not claimed.
   */
  async attempt (deliveryId: string, n = 1): Promise<AttemptResult | null> {
    const { rows: [row] } = await this.opts.pool.query<DeliveryRow>(`
      WITH claimed AS (
        UPDATE webhook_deliveries SET attempts = $2, last_attempt_at = now(), next_attempt_at = NULL
        WHERE id = $1 AND status = 'pending' AND attempts = $2 - 1
        RETURNING id, subscription_id, event_id
      )
      SELECT c.id, c.event_id, s.url, s.secret, e.type, e.data, e.created_at
      FROM claimed c
      JOIN webhook_subscriptions s ON s.id = c.subscription_id
      JOIN webhook_events e ON e.id = c.event_id`, [deliveryId, n])
    // Deleted with its subscription, already settled, or this attempt already claimed (a job run twice).
    if (row === undefined) return null
    const body = deliveryBody({ type: row.type, createdAt: row.created_at, data: row.data })
    const result = await deliverOnce({ url: row.url, secret: row.secret }, { id: `evt_${row.event_id}`, body }, {
      allow: this.opts.allow, timeoutMs: this.opts.timeoutMs, lookup: this.opts.lookup
    })
    const attemptedAt = new Date()
    const next = result.ok || n >= this.opts.maxAttempts ? null : new Date(attemptedAt.getTime() + retryWaitMs(n, this.opts.retryBaseMs))
    const recorded = await transaction(this.opts.pool, async (client) => {
      const { rowCount } = await client.query(`
        UPDATE webhook_deliveries SET status = $3, last_attempt_at = $4, next_attempt_at = $5, response_status = $6, last_error = $7,
          delivered_at = CASE WHEN $3 = 'delivered' THEN $4::timestamptz ELSE NULL END
        WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
      [deliveryId, n, result.ok ? 'delivered' : next === null ? 'failed' : 'pending', attemptedAt, next, result.status, result.ok ? null : result.error])
      if (rowCount === 1 && next !== null) await this.#queueAttempts(client, [{ deliveryId, attempt: n + 1 }], next)
      return rowCount === 1
    })
    const log = { deliveryId, eventId: row.event_id, type: row.type, attempt: n, status: result.status }
    if (!recorded) this.opts.logger.warn(log, 'webhook attempt made but not recorded: the delivery changed meanwhile')
    else if (result.ok) this.opts.logger.info(log, 'webhook delivered')
    else this.opts.logger.warn({ ...log, error: result.error, nextAttemptAt: next }, 'webhook delivery attempt failed')
    for (const listener of this.#attemptListeners) listener({ deliveryId, eventId: `evt_${row.event_id}`, attempts: n, result, nextAttemptAt: next })
    return result
  }

  /** Stops the sweep; the job queue's owner stops the worker. */
  async stop (): Promise<void> {
    this.#stopped = true
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#timer = null
    await this.idle()
    // No new attempts from here; those in flight finish while the job queue stops (its timeout covers one).
    const working = await this.#working?.catch(() => null)
    if (working != null) await (await this.#ensureQueue()).offWork(WEBHOOK_DELIVER_QUEUE).catch(() => {})
  }

  // Jobs are queued in the caller's transaction: they exist if and only if it commits. Each job's expiry covers one
  // attempt's deadline whatever the queue was created with; pg-boss's own retries cover a process that dies or a
  // database error mid-job (the claim makes a second run harmless), not a failed attempt.
  async #queueAttempts (client: pg.PoolClient, jobs: AttemptJob[], startAfter?: Date): Promise<void> {
    const boss = await this.#ensureQueue()
    const expireInSeconds = Math.ceil(this.opts.timeoutMs / 1000) + 60
    await boss.insert(jobs.map((data) => ({ name: WEBHOOK_DELIVER_QUEUE, data, expireInSeconds, ...(startAfter === undefined ? {} : { startAfter }) })), { db: inTransaction(client) })
  }

  async #ensureQueue (): Promise<PgBoss> {
    this.#queue ??= (async () => {
      const boss = await this.opts.jobs.start()
      await boss.createQueue(WEBHOOK_DELIVER_QUEUE, { name: WEBHOOK_DELIVER_QUEUE, policy: 'standard', retryLimit: 10, retryDelay: 30, retryBackoff: true })
      return boss
    })().catch((err: unknown) => {
      this.#queue = null
      throw err
    })
    return await this.#queue
  }
}
