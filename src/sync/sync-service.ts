// Runs syncs one at a time: an in-process guard, the cross-process advisory lock, abandoned-run
// cleanup, a fresh Hub request counter per run, and an abort that onClose can wait on.
import type { Logger } from '../logger.js'
import type { Db } from '../db/prisma.js'
import type { HubApi } from '../hub/hub-types.js'
import { SyncAlreadyRunningError } from '../errors.js'
import { runSyncJob } from './sync-job.js'
import { tryAcquireSyncLock } from './sync-lock.js'
import { SyncStore } from './sync-store.js'
import type { ModelOutcome, SyncSummary, SyncTrigger } from './sync-types.js'

export interface SyncServiceOptions {
  db: Db
  databaseUrl: string
  /** A Hub client per run, so each run counts its own requests; the signal aborts its requests. */
  createHub: (signal: AbortSignal) => HubApi
  logger: Logger
  trackedModels: string[]
}

export class SyncService {
  readonly store: SyncStore
  #inFlight: Promise<SyncSummary> | null = null
  #commitListeners: Array<(finishedAt: Date) => void> = []
  #abort = new AbortController()

  constructor (private readonly opts: SyncServiceOptions) {
    this.store = new SyncStore(opts.db)
  }

  get running (): boolean { return this.#inFlight !== null }

  async run (trigger: SyncTrigger, onProgress?: (o: ModelOutcome) => void): Promise<SyncSummary> {
    if (this.#inFlight !== null) throw new SyncAlreadyRunningError()
    this.#inFlight = this.#runLocked(trigger, onProgress)
    try {
      return await this.#inFlight
    } finally {
      this.#inFlight = null
    }
  }

  /** Called after each run that committed data (succeeded or partial): caches drop their copies. */
  onCommit (listener: (finishedAt: Date) => void): void {
    this.#commitListeners.push(listener)
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

  /** Aborts the run in flight, if any, and waits for it to settle. */
  async close (): Promise<void> {
    this.#abort.abort()
    await this.#inFlight?.catch(() => {})
  }

  async #runLocked (trigger: SyncTrigger, onProgress?: (o: ModelOutcome) => void): Promise<SyncSummary> {
    const lock = await tryAcquireSyncLock(this.opts.databaseUrl)
    if (lock === null) throw new SyncAlreadyRunningError()
    try {
      const abandoned = await this.store.abandonStaleRuns()
      if (abandoned > 0) this.opts.logger.warn({ abandoned }, 'marked runs left by a dead process as abandoned')
      const hub = this.opts.createHub(this.#abort.signal)
      const summary = await runSyncJob({ hub, store: this.store, logger: this.opts.logger, trackedModels: this.opts.trackedModels }, { trigger, onProgress })
      if (summary.status !== 'failed') for (const listener of this.#commitListeners) listener(summary.finishedAt)
      return summary
    } finally {
      await lock.release()
    }
  }
}
