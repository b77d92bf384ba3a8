// Runs syncs one at a time: an in-process guard, the cross-process advisory lock, abandoned-run
// cleanup, a fresh Hub request counter per run, a run that loses its database recorded as such,
// and a shutdown that lets a run finish within a grace period before interrupting it.
import { setTimeout as sleep } from 'node:timers/promises'
import { isTracked } from '../config.js'
import type { Logger } from '../logger.js'
import { isDatabaseUnavailable } from '../db/database-errors.js'
import type { Db } from '../db/prisma.js'
import type { Prisma } from '../generated/prisma/client.js'
import type { HubApi } from '../hub/hub-types.js'
import { isAbortError, SyncAlreadyRunningError, SyncDatabaseLostError, SyncServiceClosedError } from '../errors.js'
import type { SyncStatus, SyncTrigger } from '../schemas/sync.js'
import { runSyncJob } from './sync-job.js'
import { tryAcquireSyncLock } from './sync-lock.js'
import { SyncStore, type ChangeEventRules } from './sync-store.js'
import type { ModelError, ModelOutcome, SyncSummary } from './sync-types.js'

export interface SyncServiceOptions {
  db: Db
  databaseUrl: string
  /** A Hub client per run, so each run counts its own requests; the signal aborts its requests. */
  createHub: (signal: AbortSignal) => HubApi
  logger: Logger
  trackedModels: string[]
  /** Authors whose every model is tracked too (TRACKED_AUTHORS). */
  trackedAuthors?: string[]
  /** How long close() lets a run in flight finish before interrupting it. */
  shutdownGraceMs?: number
  /** Models fetched at once (the Hub pool's size: more would only queue). */
  concurrency?: number
  /** Download milestones and the failed-sync streak that make change events (none when unset). */
  changeEventRules?: ChangeEventRules
}

type RunEvents = { onProgress?: (o: ModelOutcome) => void, onStarted?: (runId: number) => void }

/** A run of some tracked models only, whose metadata is fetched again even when the sha did not move. */
export interface RunScope { only: string[] }

/** How a run that got the lock ended, for metrics: thrown runs too (interrupted, database error). */
export interface RunEnd { status: Exclude<SyncStatus, 'running' | 'abandoned'>, durationMs: number }

export class SyncService {
  readonly store: SyncStore
  #inFlight: Promise<SyncSummary> | null = null
  #abort = new AbortController()
  #commitListeners: Array<(finishedAt: Date) => Promise<void>> = []
  #runListeners: Array<(end: RunEnd) => void> = []
  /** Runs that lost their database before their end could be recorded: recorded under the next lock. */
  #unrecorded = new Map<number, { lostAt: Date, hubRequests: number, error: ModelError }>()

  constructor (private readonly opts: SyncServiceOptions) {
    this.store = new SyncStore(opts.db, opts.changeEventRules)
  }

  get running (): boolean { return this.#inFlight !== null }

  /** Awaited after each run that committed data (succeeded or partial), before run() resolves. */
  onCommit (listener: (finishedAt: Date) => Promise<void>): void {
    this.#commitListeners.push(listener)
  }

  /** Called after every run that held the lock, however it ended (metrics). */
  onRunFinished (listener: (end: RunEnd) => void): void {
    this.#runListeners.push(listener)
  }

  /** Runs a sync to its end. Rejects with SyncAlreadyRunningError when one is running anywhere. */
  async run (trigger: SyncTrigger, events: RunEvents = {}, scope?: RunScope): Promise<SyncSummary> {
    if (this.#inFlight !== null) throw new SyncAlreadyRunningError()
    if (this.#abort.signal.aborted) throw new SyncServiceClosedError()
    this.#inFlight = this.#runLocked(trigger, events, scope)
    try {
      return await this.#inFlight
    } finally {
      this.#inFlight = null
    }
  }

  /**
   * A targeted refresh (a Hub webhook): the given tracked models only (named, or of a tracked author, a new repo
   * too), their metadata, tree and card fetched again whatever their sha, through the same job, lock and run
   * history (trigger `webhook`). Untracked ids are left out; none left, nothing runs (null).
   */
  async refresh (modelIds: readonly string[]): Promise<SyncSummary | null> {
    const tracking = { trackedModels: this.opts.trackedModels, trackedAuthors: this.opts.trackedAuthors ?? [] }
    const only = [...new Set(modelIds)].filter((id) => isTracked(tracking, id))
    return only.length === 0 ? null : await this.run('webhook', {}, { only })
  }

  /** Starts a sync and answers once it is recorded, with its id; the run goes on in the background. */
  async start (trigger: SyncTrigger): Promise<{ runId: number, done: Promise<SyncSummary> }> {
    let started!: (runId: number) => void
    const startedAt = new Promise<number>((resolve) => { started = resolve })
    const done = this.run(trigger, { onStarted: started })
    // A failure before the run is recorded (the lock is taken) rejects start() itself.
    const runId = await Promise.race([startedAt, done.then(() => { throw new Error('sync ended before it started') })])
    done.catch((err) => this.opts.logger.error({ err: (err as Error).message, runId }, 'background sync failed'))
    return { runId, done }
  }

  /**
   * Marks runs left `running` by a dead process as abandoned, if no live process is syncing
   * (the lock is free). Returns how many were marked; null when a sync holds the lock.
   */
  async recoverAbandonedRuns (): Promise<number | null> {
    if (this.#inFlight !== null) return null
    const lock = await tryAcquireSyncLock(this.opts.databaseUrl)
    if (lock === null) return null
    try {
      await this.#recordLostRuns()
      return await this.store.abandonStaleRuns()
    } finally {
      await lock.release()
    }
  }

  /** Lets the run in flight finish within the grace period, then interrupts it; no new runs after. */
  async close (): Promise<void> {
    const inFlight = this.#inFlight
    if (inFlight !== null && (this.opts.shutdownGraceMs ?? 0) > 0) {
      const timer = new AbortController()
      await Promise.race([inFlight.catch(() => {}), sleep(this.opts.shutdownGraceMs, undefined, { signal: timer.signal }).catch(() => {})])
      timer.abort()
    }
    this.#abort.abort()
    await this.#inFlight?.catch(() => {})
  }

  // The run's data is stored whatever a listener does: a listener's failure is only logged.
  async #committed (summary: SyncSummary): Promise<void> {
    for (const listener of this.#commitListeners) {
      await listener(summary.finishedAt).catch((err: Error) => this.opts.logger.error({ err: err.message, runId: summary.runId }, 'after-commit step failed'))
    }
  }

  async #runLocked (trigger: SyncTrigger, events: RunEvents, scope: RunScope | undefined): Promise<SyncSummary> {
    const lock = await tryAcquireSyncLock(this.opts.databaseUrl)
    if (lock === null) throw new SyncAlreadyRunningError()
    // Losing the lock's connection mid-run means another process may start syncing: stop ours.
    const lockLost = new AbortController()
    lock.onLost(() => {
      this.opts.logger.error('the sync lock\'s connection was lost; interrupting the run')
      lockLost.abort()
    })
    const started = Date.now()
    const ended = (status: RunEnd['status']) => { for (const listener of this.#runListeners) listener({ status, durationMs: Date.now() - started }) }
    let runId: number | undefined
    let hub: HubApi | undefined
    try {
      await this.#recordLostRuns()
      const abandoned = await this.store.abandonStaleRuns()
      if (abandoned > 0) this.opts.logger.warn({ abandoned }, 'marked runs left by a dead process as abandoned')
      hub = this.opts.createHub(AbortSignal.any([this.#abort.signal, lockLost.signal]))
      const summary = await runSyncJob(
        { hub, store: this.store, logger: this.opts.logger, trackedModels: this.opts.trackedModels, trackedAuthors: this.opts.trackedAuthors, concurrency: this.opts.concurrency },
        { trigger, refetch: scope !== undefined, only: scope?.only, ...events, onStarted: (id) => { runId = id; events.onStarted?.(id) } }
      )
      if (summary.status !== 'failed') await this.#committed(summary)
      ended(summary.status)
      return summary
    } catch (err) {
      // A shutdown's abort stays an abort; a lost lock aborts the Hub's requests too, but says why.
      const poolLost = isDatabaseUnavailable(err)
      const lockGone = lockLost.signal.aborted && !this.#abort.signal.aborted
      if (!poolLost && !lockGone) {
        ended(isAbortError(err) ? 'interrupted' : 'failed')
        throw err
      }
      ended('failed')
      // Prisma's messages end with the driver's words; the lines before only name the call.
      const detail = poolLost ? String((err as Error).message).trim().split('\n').at(-1)!.trim() : 'the one holding the sync lock'
      if (runId !== undefined) await this.#recordLost(runId, hub?.requestCount ?? 0, detail)
      throw new SyncDatabaseLostError({ cause: err })
    } finally {
      await lock.release()
    }
  }

  // The job recorded the run as interrupted by a shutdown, or could not record it at all (the
  // database was gone): record what happened, now if the database answers, else under the next
  // lock this process takes (a run that committed before its connection went is left alone).
  async #recordLost (runId: number, hubRequests: number, detail: string): Promise<void> {
    const error: ModelError = {
      modelId: '*',
      code: 'SYNC_DATABASE_LOST',
      status: null,
      message: `failed: a connection to the database was lost mid-run (${detail})`
    }
    this.opts.logger.error({ runId, error }, 'sync run lost its database connection')
    this.#unrecorded.set(runId, { lostAt: new Date(), hubRequests, error })
    await this.#recordLostRuns().catch((err: Error) => this.opts.logger.warn({ runId, err: err.message }, 'the run\'s end will be recorded when the database answers'))
  }

  async #recordLostRuns (): Promise<void> {
    for (const [runId, { lostAt, hubRequests, error }] of this.#unrecorded) {
      await this.opts.db.syncRun.updateMany({
        where: { id: runId, status: { notIn: ['succeeded', 'partial'] } },
        data: { status: 'failed', finishedAt: lostAt, hubRequests, modelsFailed: 1, errors: [error] as unknown as Prisma.InputJsonValue }
      })
      this.#unrecorded.delete(runId)
    }
  }
}
