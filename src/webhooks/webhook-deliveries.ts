// Webhooks out, from the outbox to the subscriber. Two steps, each one transaction:
//  1. dispatch: an undispatched event (webhook_events, written with the change that caused it) gets one delivery
//     per subscription to its type that existed when it happened, each delivery's first attempt is queued in
//     pg-boss (`webhook-deliver`), and the event is marked dispatched: all in one transaction. A crash before
//     the commit leaves the event undispatched (the next sweep, here or on another replica, dispatches it); after
//     it, the attempts are jobs in PostgreSQL that any replica runs, after a restart too.
//  2. attempt: a job sends one signed attempt (deliver.ts), then records it on the delivery and, if it failed and
//     attempts remain, queues the next one after an exponential wait (base, 2 base, 4 base, ... at most an hour),
//     again in one transaction. The message id is the event's, so every attempt carries the same webhook-id.
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
}

/** The wait before attempt n + 1 after n failed ones: base * 2^(n-1), at most an hour. */
export function retryWaitMs (failedAttempts: number, baseMs: number): number {
  return Math.min(MAX_RETRY_WAIT_MS, baseMs * 2 ** Math.max(0, failedAttempts - 1))
}

interface DeliveryRow {
  id: string
  status: string
  attempts: number
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
    let worker: string | null = null
    if (this.#timer !== null && !this.#stopped) {
      const { rows: [{ subscribed }] } = await this.opts.pool.query<{ subscribed: boolean }>('SELECT EXISTS (SELECT 1 FROM webhook_subscriptions) AS subscribed')
      if (subscribed) worker = await this.work()
    }
    const created = await this.dispatch()
    if (worker !== null && created > 0) (await this.#ensureQueue()).notifyWorker(worker)
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
          JOIN webhook_subscriptions s ON e.type = ANY (s.events) AND s.created_at <= e.created_at
          WHERE e.id = ANY ($1::bigint[])
          ORDER BY e.id, s.created_at, s.id
          ON CONFLICT (subscription_id, event_id) DO NOTHING
          RETURNING id`, [ids])
        if (deliveries.length > 0) {
          const boss = await this.#ensureQueue()
          await boss.insert(deliveries.map((d) => ({ name: WEBHOOK_DELIVER_QUEUE, data: { deliveryId: String(d.id) } })), { db: inTransaction(client) })
        }
        await client.query('UPDATE webhook_events SET dispatched_at = now() WHERE id = ANY ($1::bigint[])', [ids])
        return { events: events.length, deliveries: deliveries.length }
      })
      created += deliveries
      if (deliveries > 0) this.opts.logger.info({ events, deliveries }, 'webhook events dispatched')
      if (events < DISPATCH_BATCH) return created
    }
  }

  /** Starts working the delivery queue on this replica (once); resolves to pg-boss's worker id. */
  async work (): Promise<string> {
    this.#working ??= (async () => {
      const boss = await this.#ensureQueue()
      return await boss.work<{ deliveryId: string }>(WEBHOOK_DELIVER_QUEUE, { batchSize: 8, pollingIntervalSeconds: this.opts.pollingIntervalSeconds ?? 2 }, async (jobs) => {
        const results = await Promise.allSettled(jobs.map(async (job) => { await this.attempt(String(job.data.deliveryId)) }))
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
        // Only the database can make an attempt throw: pg-boss retries the batch (recorded attempts are skipped).
        if (failed !== undefined) throw failed.reason
      })
    })().catch((err: unknown) => {
      this.#working = null
      throw err
    })
    return await this.#working
  }

  /** Step 2: one attempt of one delivery, recorded; the next one queued if it failed and attempts remain. */
  async attempt (deliveryId: string): Promise<AttemptResult | null> {
    const { rows: [row] } = await this.opts.pool.query<DeliveryRow>(`
      SELECT d.id, d.status, d.attempts, d.event_id, s.url, s.secret, e.type, e.data, e.created_at
      FROM webhook_deliveries d
      JOIN webhook_subscriptions s ON s.id = d.subscription_id
      JOIN webhook_events e ON e.id = d.event_id
      WHERE d.id = $1`, [deliveryId])
    // Deleted with its subscription, or already settled (a job run twice): nothing to send.
    if (row === undefined || row.status !== 'pending') return null
    const body = deliveryBody({ type: row.type, createdAt: row.created_at, data: row.data })
    const result = await deliverOnce({ url: row.url, secret: row.secret }, { id: `evt_${row.event_id}`, body }, {
      allow: this.opts.allow, timeoutMs: this.opts.timeoutMs, lookup: this.opts.lookup
    })
    const attempts = row.attempts + 1
    const attemptedAt = new Date()
    const next = result.ok || attempts >= this.opts.maxAttempts ? null : new Date(attemptedAt.getTime() + retryWaitMs(attempts, this.opts.retryBaseMs))
    await transaction(this.opts.pool, async (client) => {
      if (result.ok) {
        await client.query(`
          UPDATE webhook_deliveries SET status = 'delivered', attempts = $2, last_attempt_at = $4, delivered_at = $4,
            next_attempt_at = NULL, response_status = $3, last_error = NULL
          WHERE id = $1`, [deliveryId, attempts, result.status, attemptedAt])
        return
      }
      await client.query(`
        UPDATE webhook_deliveries SET status = $2, attempts = $3, last_attempt_at = $7, next_attempt_at = $4,
          response_status = $5, last_error = $6
        WHERE id = $1`, [deliveryId, next === null ? 'failed' : 'pending', attempts, next, result.status, result.error, attemptedAt])
      if (next !== null) {
        const boss = await this.#ensureQueue()
        await boss.send(WEBHOOK_DELIVER_QUEUE, { deliveryId }, { startAfter: next, db: inTransaction(client) })
      }
    })
    const log = { deliveryId, eventId: row.event_id, type: row.type, attempts, status: result.status }
    if (result.ok) this.opts.logger.info(log, 'webhook delivered')
    else this.opts.logger.warn({ ...log, error: result.error, nextAttemptAt: next }, 'webhook delivery attempt failed')
    for (const listener of this.#attemptListeners) listener({ deliveryId, eventId: `evt_${row.event_id}`, attempts, result, nextAttemptAt: next })
    return result
  }

  /** Stops the sweep; the job queue's owner stops the worker. */
  async stop (): Promise<void> {
    this.#stopped = true
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#timer = null
    await this.idle()
  }

  // The queue's retry settings cover a process that dies mid-attempt (the job expires and runs again), not a
  // failed attempt: that one is recorded and the next attempt is a new job (its time is the log's next attempt).
  async #ensureQueue (): Promise<PgBoss> {
    this.#queue ??= (async () => {
      const boss = await this.opts.jobs.start()
      await boss.createQueue(WEBHOOK_DELIVER_QUEUE, {
        name: WEBHOOK_DELIVER_QUEUE,
        policy: 'standard',
        retryLimit: 5,
        retryDelay: 30,
        retryBackoff: true,
        expireInSeconds: Math.ceil(this.opts.timeoutMs / 1000) + 60
      })
      return boss
    })().catch((err: unknown) => {
      this.#queue = null
      throw err
    })
    return await this.#queue
  }
}
