// Everything the sync writes, in one place. A run's results land in a single transaction, so a
// crash at any moment leaves either the previous catalogue or the new one, never a mix.
import type { Db } from '../db/prisma.js'
import type { Prisma } from '../generated/prisma/client.js'
import type { SyncStatus, SyncTrigger } from '../schemas/sync.js'
import { outcomeRecord, type ModelError, type ModelOutcome } from './sync-types.js'
import type { TrainingRecord } from '../training/training-record.js'

export interface KnownModel {
  id: string
  sha: string | null
  metadataFetchedAt: Date | null
  /** The parser version of the stored training facts; null when none are stored. */
  trainingParserVersion: number | null
  /** The license the card declared at the last metadata fetch. */
  licenseId: string | null
  /** The lifetime download count last stored (null: the Hub did not give one). */
  downloadsAllTime: number | null
  /** Since when the model is gone from the Hub (a tracked author's model); null while it is there. */
  missingSince: Date | null
}

/** What makes change events beyond the models' own changes. */
export interface ChangeEventRules {
  /** Lifetime download counts whose passing makes a downloads.milestone event, ascending. */
  downloadMilestones: readonly number[]
  /** Consecutive failed runs that make a sync.failed event (once per streak). */
  syncFailedAfter: number
}

const NO_RULES: ChangeEventRules = { downloadMilestones: [], syncFailedAfter: 0 }

const WRITE_TIMEOUT_MS = 120_000

export class SyncStore {
  constructor (private readonly db: Db, private readonly rules: ChangeEventRules = NO_RULES) {}

  /** Runs left `running` by a process that died. Only call while holding the sync lock. */
  async abandonStaleRuns (): Promise<number> {
    const { count } = await this.db.syncRun.updateMany({
      where: { status: 'running' },
      data: { status: 'abandoned', finishedAt: new Date() }
    })
    return count
  }

  async startRun (trigger: SyncTrigger, startedAt: Date): Promise<number> {
    const run = await this.db.syncRun.create({ data: { trigger, startedAt, pid: process.pid } })
    return run.id
  }

  /** The stored models among `ids`, and every stored model of `authors` (so that one gone from the Hub is noticed). */
  async knownModels (ids: string[], authors: string[] = []): Promise<Map<string, KnownModel>> {
    const rows = await this.db.model.findMany({
      where: authors.length === 0 ? { id: { in: ids } } : { OR: [{ id: { in: ids } }, { author: { in: authors } }] },
      select: { id: true, sha: true, metadataFetchedAt: true, licenseId: true, downloadsAllTime: true, missingSince: true, training: { select: { parserVersion: true } } }
    })
    return new Map(rows.map(({ training, downloadsAllTime, ...r }) => [r.id, {
      ...r,
      downloadsAllTime: downloadsAllTime === null ? null : Number(downloadsAllTime),
      trainingParserVersion: training?.parserVersion ?? null
    }]))
  }

  /** Ends a run that could not commit: `interrupted` by a shutdown, else `failed`. */
  async failRun (runId: number, hubRequests: number, errors: ModelError[], status: 'failed' | 'interrupted' = 'failed'): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.syncRun.update({
        where: { id: runId },
        data: { status, finishedAt: new Date(), hubRequests, modelsFailed: errors.length, errors: errors as unknown as Prisma.InputJsonValue }
      })
      if (status === 'failed') await this.#syncFailedEvent(tx, runId, errors)
    })
  }

  // A run just ended failed: when the streak of failed scheduled or manual runs (a Hub webhook's refresh of one
  // model counts neither way) since the last one that stored data is SYNC_FAILED_AFTER long or longer and no
  // sync.failed was written for it yet, a sync.failed event: once per streak. Interrupted and abandoned runs are
  // not failures. The errors carry codes and statuses only: messages may name internal hosts.
  async #syncFailedEvent (tx: Tx, runId: number, errors: ModelError[]): Promise<void> {
    const after = this.rules.syncFailedAfter
    if (after < 1) return
    const [state] = await tx.$queryRaw<Array<{ counted: boolean, streak: number, told: boolean }>>`
      WITH last_ok AS (
        SELECT COALESCE(max(id), 0) AS id FROM sync_runs WHERE status IN ('succeeded', 'partial') AND trigger <> 'webhook'
      )
      SELECT
        (SELECT trigger <> 'webhook' FROM sync_runs WHERE id = ${runId}) AS counted,
        (SELECT count(*)::int FROM sync_runs, last_ok WHERE status = 'failed' AND trigger <> 'webhook' AND sync_runs.id > last_ok.id) AS streak,
        EXISTS (SELECT 1 FROM webhook_events, last_ok WHERE type = 'sync.failed' AND sync_run_id > last_ok.id) AS told`
    if (state === undefined || !state.counted || state.streak < after || state.told) return
    const data = {
      consecutiveFailures: state.streak,
      lastRunId: runId,
      errors: errors.slice(0, 5).map((e) => ({ modelId: e.modelId, code: e.code, status: e.status }))
    }
    await tx.webhookEvent.create({ data: { type: 'sync.failed', modelId: null, syncRunId: runId, data: data as unknown as Prisma.InputJsonObject } })
  }

  async commitRun (run: {
    runId: number
    status: SyncStatus
    takenAt: Date
    finishedAt: Date
    hubRequests: number
    outcomes: ModelOutcome[]
    known: Map<string, KnownModel>
  }): Promise<void> {
    const errors = run.outcomes.filter((o) => o.kind === 'failed').map((o) => o.error)
    await this.db.$transaction(async (tx) => {
      await writeOutcomes(tx, run.outcomes, run.takenAt, run.known)
      const events = [...changeEvents(run.outcomes, run.known), ...await notYetPassed(tx, milestoneEvents(run.outcomes, run.known, this.rules.downloadMilestones))]
      if (events.length > 0) await tx.webhookEvent.createMany({ data: events.map((e) => ({ ...e, syncRunId: run.runId })) })
      const snapshots = run.outcomes
        .filter((o) => o.summary !== undefined && (o.kind !== 'failed' || run.known.has(o.modelId)))
        .map((o) => ({
          modelId: o.modelId,
          syncRunId: run.runId,
          takenAt: run.takenAt,
          downloads: o.summary!.downloads,
          downloadsAllTime: o.summary!.downloadsAllTime,
          likes: o.summary!.likes
        }))
      if (snapshots.length > 0) await tx.downloadSnapshot.createMany({ data: snapshots, skipDuplicates: true })
      await tx.syncRun.update({
        where: { id: run.runId },
        data: {
          status: run.status,
          finishedAt: run.finishedAt,
          hubRequests: run.hubRequests,
          modelsTotal: run.outcomes.length,
          modelsChanged: run.outcomes.filter((o) => o.kind === 'changed').length,
          modelsFailed: errors.length,
          errors: errors as unknown as Prisma.InputJsonValue,
          outcomes: run.outcomes.map(outcomeRecord) as unknown as Prisma.InputJsonValue
        }
      })
      if (run.status === 'failed') await this.#syncFailedEvent(tx, run.runId, errors)
    }, { timeout: WRITE_TIMEOUT_MS, maxWait: WRITE_TIMEOUT_MS })
  }
}

type Tx = Prisma.TransactionClient

/**
 * The change events a run's outcomes make (the outbox of webhooks out): a model seen for the first time (or back
 * after it went missing: `reappeared`), a new sha on a known one (old and new), a license that changed, a model
 * gone from the Hub (once, on the run that found it gone). Written in the run's transaction.
 */
export interface ChangeEvent {
  type: 'model.added' | 'model.revision' | 'model.license_changed' | 'model.missing' | 'downloads.milestone'
  modelId: string
  data: Prisma.InputJsonObject
}

export function changeEvents (outcomes: ModelOutcome[], known: Map<string, KnownModel>): ChangeEvent[] {
  return outcomes.flatMap((o): ChangeEvent[] => {
    if (o.kind === 'missing') {
      return o.newly ? [{ type: 'model.missing', modelId: o.modelId, data: { modelId: o.modelId, lastSha: o.lastSha, missingSince: o.since.toISOString() } }] : []
    }
    if (o.kind !== 'changed') return []
    const before = known.get(o.modelId)
    const sha = o.details.sha
    if (before === undefined) return [{ type: 'model.added', modelId: o.modelId, data: { modelId: o.modelId, sha } }]
    const license = licenseOf(o.details.cardData)
    const events: ChangeEvent[] = []
    if (before.missingSince !== null) {
      events.push({ type: 'model.added', modelId: o.modelId, data: { modelId: o.modelId, sha, reappeared: true, missingSince: before.missingSince.toISOString() } })
    }
    if (before.sha !== null && before.sha !== sha) events.push({ type: 'model.revision', modelId: o.modelId, data: { modelId: o.modelId, oldSha: before.sha, newSha: sha } })
    if (before.metadataFetchedAt !== null && before.licenseId !== license) {
      events.push({ type: 'model.license_changed', modelId: o.modelId, data: { modelId: o.modelId, oldLicense: before.licenseId, newLicense: license } })
    }
    return events
  })
}

/**
 * A downloads.milestone event for each threshold a known model's lifetime count passed since it was last stored
 * (previous < threshold <= now), whatever else the run did to it (once per model and threshold: see notYetPassed). A model seen for the first time, or whose
 * previous count is unknown, passes none: its count is where it starts, not news.
 */
export function milestoneEvents (outcomes: ModelOutcome[], known: Map<string, KnownModel>, thresholds: readonly number[]): ChangeEvent[] {
  return outcomes.flatMap((o): ChangeEvent[] => {
    const previous = known.get(o.modelId)?.downloadsAllTime ?? null
    const current = o.summary?.downloadsAllTime ?? null
    if (previous === null || current === null || current <= previous) return []
    return thresholds
      .filter((threshold) => previous < threshold && threshold <= current)
      .map((threshold) => ({ type: 'downloads.milestone', modelId: o.modelId, data: { modelId: o.modelId, threshold, downloadsAllTime: current, previousDownloadsAllTime: previous } }))
  })
}

// A threshold is passed once per model: a count that dips (a Hub recount) and rises past it again is not news.
async function notYetPassed (tx: Tx, milestones: ChangeEvent[]): Promise<ChangeEvent[]> {
  if (milestones.length === 0) return []
  const passed = await tx.$queryRaw<Array<{ model_id: string, threshold: string }>>`
    SELECT model_id, data->>'threshold' AS threshold FROM webhook_events
    WHERE type = 'downloads.milestone' AND model_id = ANY (${[...new Set(milestones.map((m) => m.modelId))]}::text[])`
  const seen = new Set(passed.map((p) => `${p.model_id} ${p.threshold}`))
  return milestones.filter((m) => !seen.has(`${m.modelId} ${String(m.data.threshold)}`))
}

// A handful of statements per run, not per model: a cold sync of a thousand models is one
// INSERT of models, one of files and one UPDATE of counts, not thousands of round trips.
async function writeOutcomes (tx: Tx, outcomes: ModelOutcome[], takenAt: Date, known: Map<string, KnownModel>): Promise<void> {
  const changed = outcomes.filter((o) => o.kind === 'changed')
  const unchanged = outcomes.filter((o) => o.kind === 'unchanged')
  const gone = outcomes.filter((o) => o.kind === 'missing' && o.newly).map((o) => o.modelId)

  // Gone from the Hub: kept as last synced, never deleted; only the moment it went is recorded, once.
  if (gone.length > 0) await tx.model.updateMany({ where: { id: { in: gone }, missingSince: null }, data: { missingSince: takenAt } })

  // Keep a failed model's last good data; record only what went wrong, and the counts if the listing had them.
  for (const o of outcomes) {
    if (o.kind !== 'failed' || !known.has(o.modelId)) continue
    await tx.model.update({ where: { id: o.modelId }, data: { lastError: o.error.message, ...(o.summary ? countsOf(o.summary, takenAt) : {}) } })
  }

  if (unchanged.length > 0) {
    await tx.$executeRaw`
      UPDATE models AS m
      SET downloads = v.downloads, downloads_all_time = v.all_time, likes = v.likes, counts_fetched_at = ${takenAt}, last_error = NULL
      FROM unnest(${unchanged.map((o) => o.modelId)}::text[], ${unchanged.map((o) => o.summary.downloads)}::bigint[],
                  ${unchanged.map((o) => o.summary.downloadsAllTime)}::bigint[], ${unchanged.map((o) => o.summary.likes)}::bigint[])
        AS v(id, downloads, all_time, likes)
      WHERE m.id = v.id`
  }

  if (changed.length === 0) return
  const rows = changed.map((o) => ({ id: o.modelId, ...changedData(o, takenAt) }))
  const licenses = [...new Set(rows.flatMap((r) => r.licenseId === null ? [] : [r.licenseId]))]
  if (licenses.length > 0) await tx.license.createMany({ data: licenses.map((id) => ({ id })), skipDuplicates: true })
  // New models in one statement; a model whose sha moved is updated on its own (rarer).
  const fresh = rows.filter((r) => !known.has(r.id))
  if (fresh.length > 0) await tx.model.createMany({ data: fresh })
  for (const { id, ...data } of rows.filter((r) => known.has(r.id))) await tx.model.update({ where: { id }, data })
  await tx.modelFile.deleteMany({ where: { modelId: { in: rows.map((r) => r.id) } } })
  const files = changed.flatMap((o) => o.files.map((f) => ({ modelId: o.modelId, path: f.path, size: f.size, oid: f.oid, lfsOid: f.lfsOid })))
  if (files.length > 0) await tx.modelFile.createMany({ data: files })
  await tx.modelTraining.deleteMany({ where: { modelId: { in: rows.map((r) => r.id) } } })
  await tx.modelTraining.createMany({ data: changed.map((o) => trainingData(o.modelId, o.training, takenAt)) })
}

function trainingData (modelId: string, training: TrainingRecord, parsedAt: Date) {
  return {
    modelId,
    cardRevision: training.cardRevision,
    cardOid: training.cardOid,
    parserVersion: training.parserVersion,
    facts: training.facts as unknown as Prisma.InputJsonValue,
    flops: training.flops,
    pileLoss: training.pileLoss,
    warnings: training.warnings,
    parsedAt
  }
}

function changedData (outcome: Extract<ModelOutcome, { kind: 'changed' }>, takenAt: Date) {
  const { details, card, licenseFile, parameters } = outcome
  return {
    hubId: details.hubId,
    author: details.author,
    sha: details.sha,
    hubCreatedAt: details.createdAt,
    lastModified: details.lastModified,
    pipelineTag: details.pipelineTag,
    libraryName: details.libraryName,
    tags: details.tags,
    cardData: (details.cardData ?? undefined) as Prisma.InputJsonValue | undefined,
    config: (details.config ?? undefined) as Prisma.InputJsonValue | undefined,
    gated: details.gated,
    private: details.private,
    disabled: details.disabled,
    safetensors: (details.safetensors ?? undefined) as Prisma.InputJsonValue | undefined,
    usedStorage: details.usedStorage,
    licenseId: licenseOf(details.cardData),
    parameters: parameters.parameters,
    parametersSource: parameters.source,
    cardText: card,
    licenseFilePath: licenseFile?.path ?? null,
    licenseFileText: licenseFile?.text ?? null,
    metadataFetchedAt: takenAt,
    lastError: null,
    // Fetched, so on the Hub (again).
    missingSince: null,
    ...countsOf(outcome.summary, takenAt)
  }
}

function countsOf (summary: { downloads: number, downloadsAllTime: number | null, likes: number }, takenAt: Date) {
  return {
    downloads: summary.downloads,
    downloadsAllTime: summary.downloadsAllTime,
    likes: summary.likes,
    countsFetchedAt: takenAt
  }
}

/** The card's `license:` front-matter key, as the Hub exposes it in cardData. */
export function licenseOf (cardData: Record<string, unknown> | null): string | null {
  const value = cardData?.license
  if (typeof value === 'string' && value.trim() !== '') return value.trim().toLowerCase()
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0].trim().toLowerCase()
  return null
}
