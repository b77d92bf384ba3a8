// Runs syncs one at a time: an in-process guard, the cross-process advisory lock, abandoned-run
// cleanup, a fresh Hub request counter per run, and a shutdown that lets a run finish within a
// grace period before interrupting it.
import { setTimeout as sleep } from 'node:timers/promises'
import type { Logger } from '../logger.js'
import type { Db } from '../db/prisma.js'
import type { HubApi } from '../hub/hub-types.js'
import { isAbortError, SyncAlreadyRunningError, SyncServiceClosedError } from '../errors.js'
import type { SyncStatus, SyncTrigger } from '../schemas/sync.js'
import { runSyncJob } from './sync-job.js'
import { tryAcquireSyncLock } from './sync-lock.js'
import { SyncStore } from './sync-store.js'
import type { ModelOutcome, SyncSummary } from './sync-types.js'

export interface SyncServiceOptions {
  db: Db
  databaseUrl: string
  /** A Hub client per run, so each run counts its own requests; the signal aborts its requests. */
  createHub: (signal: AbortSignal) => HubApi
  logger: Logger
  trackedModels: string[]
  /** How long close() lets a run in flight finish before interrupting it. */
  shutdownGraceMs?: number
  /** Models fetched at once (the Hub pool's size: more would only queue). */
  concurrency?: number
}

type RunEvents = { onProgress?: (o: ModelOutcome) => void, onStarted?: (runId: number) => void }

/** How a run that got the lock ended, for metrics: thrown runs too (interrupted, database error). */
export interface RunEnd { status: Exclude<SyncStatus, 'running' | 'abandoned'>, durationMs: number }

export class SyncService {
  readonly store: SyncStore
  #inFlight: Promise<SyncSummary> | null = null
  #abort = new AbortController()
  #commitListeners: Array<(finishedAt: Date) => Promise<void>> = []
  #runListeners: Array<(end: RunEnd) => void> = []

  constructor (private readonly opts: SyncServiceOptions) {
    this.store = new SyncStore(opts.db)
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
  async run (trigger: SyncTrigger, events: RunEvents = {}): Promise<SyncSummary> {
    if (this.#inFlight !== null) throw new SyncAlreadyRunningError()
    if (this.#abort.signal.aborted) throw new SyncServiceClosedError()
    this.#inFlight = this.#runLocked(trigger, events)
    try {
      return await this.#inFlight
    } finally {
      this.#inFlight = null
    }
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

  async #runLocked (trigger: SyncTrigger, events: RunEvents): Promise<SyncSummary> {
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
    try {
      const abandoned = await this.store.abandonStaleRuns()
      if (abandoned > 0) this.opts.logger.warn({ abandoned }, 'marked runs left by a dead process as abandoned')
      const hub = this.opts.createHub(AbortSignal.any([this.#abort.signal, lockLost.signal]))
      const summary = await runSyncJob(
        { hub, store: this.store, logger: this.opts.logger, trackedModels: this.opts.trackedModels, concurrency: this.opts.concurrency },
        { trigger, ...events }
      )
      if (summary.status !== 'failed') await this.#committed(summary)
      ended(summary.status)
      return summary
    } catch (err) {
      ended(isAbortError(err) ? 'interrupted' : 'failed')
      throw err
    } finally {
      await lock.release()
    }
  }
}
