// One sync run: read counts and shas in one listing request per author, refetch the metadata,
// files and card only of models whose sha moved (a few at a time), then commit in one transaction.
import type { Logger } from '../logger.js'
import { describeHubFailure, redactTokens } from '../hub/hub-errors.js'
import type { HubApi, HubModelSummary } from '../hub/hub-types.js'
import { mapBounded } from './map-bounded.js'
import { countParameters } from './parameters.js'
import { CARD_PARSER_VERSION, readTraining } from '../training/training-record.js'
import type { KnownModel, SyncStore } from './sync-store.js'
import { HubMalformedError, isAbortError } from '../errors.js'
import type { SyncTrigger } from '../schemas/sync.js'
import type { ModelError, ModelOutcome, SyncSummary } from './sync-types.js'

export interface SyncJobDeps {
  hub: HubApi
  store: SyncStore
  logger: Logger
  trackedModels: string[]
  now?: () => Date
  /** Models fetched at once (default 8; the service passes HUB_MAX_CONNECTIONS). */
  concurrency?: number
}

// Each changed model costs three dependent requests: fetching a few models at once hides the
// Hub's latency. The service sets it to the Hub pool's size (HUB_MAX_CONNECTIONS).
export const DEFAULT_SYNC_CONCURRENCY = 8

export interface SyncJobOptions {
  trigger: SyncTrigger
  onProgress?: (outcome: ModelOutcome) => void
  /** Called once the run is recorded, before any Hub request (the API answers 202 with the id). */
  onStarted?: (runId: number) => void
  /** Fetch every model's metadata, tree and card again, even when its sha did not move (a targeted refresh). */
  refetch?: boolean
}

export async function runSyncJob (deps: SyncJobDeps, opts: SyncJobOptions): Promise<SyncSummary> {
  const now = deps.now ?? (() => new Date())
  const startedAt = now()
  const runId = await deps.store.startRun(opts.trigger, startedAt)
  const log = deps.logger
  log.info({ runId, trigger: opts.trigger, models: deps.trackedModels.length }, 'sync started')
  opts.onStarted?.(runId)

  let outcomes: ModelOutcome[]
  let known: Map<string, KnownModel>
  try {
    known = await deps.store.knownModels(deps.trackedModels)
    const listed = await listTracked(deps.hub, deps.trackedModels, log)
    // Outcomes, logs and progress come in tracked order whatever order the fetches finish in.
    outcomes = await mapBounded(
      deps.trackedModels,
      deps.concurrency ?? DEFAULT_SYNC_CONCURRENCY,
      // A refetch treats every model as unknown: its metadata, tree and card are fetched whatever its sha.
      (modelId) => syncModel(deps.hub, modelId, listed, opts.refetch === true ? undefined : known.get(modelId)),
      (outcome) => {
        const modelId = outcome.modelId
        if (outcome.kind === 'failed') log.warn({ runId, modelId, error: outcome.error }, 'model sync failed')
        else log.debug({ runId, modelId, kind: outcome.kind }, 'model synced')
        opts.onProgress?.(outcome)
      }
    )
  } catch (err) {
    await recordRunFailure(deps, runId, err)
    throw err
  }

  const failed = outcomes.filter((o) => o.kind === 'failed').length
  const status = failed === 0 ? 'succeeded' : failed === outcomes.length ? 'failed' : 'partial'
  const finishedAt = now()
  try {
    await deps.store.commitRun({ runId, status, takenAt: startedAt, finishedAt, hubRequests: deps.hub.requestCount, outcomes, known })
  } catch (err) {
    // The transaction rolled back: the catalogue is as it was. Say so on the run if we still can.
    await recordRunFailure(deps, runId, err)
    throw err
  }
  const summary: SyncSummary = {
    runId,
    trigger: opts.trigger,
    status,
    startedAt,
    finishedAt,
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    hubRequests: deps.hub.requestCount,
    modelsTotal: outcomes.length,
    modelsChanged: outcomes.filter((o) => o.kind === 'changed').length,
    modelsFailed: failed,
    errors: outcomes.flatMap((o) => o.kind === 'failed' ? [o.error] : [])
  }
  log.info({ ...summary, errors: undefined }, 'sync finished')
  return summary
}

// Only an abort or a database failure ends a run early; Hub failures are per model.
async function recordRunFailure (deps: SyncJobDeps, runId: number, err: unknown): Promise<void> {
  const aborted = isAbortError(err)
  const error: ModelError = aborted
    ? { modelId: '*', code: 'SYNC_INTERRUPTED', status: null, message: 'interrupted: a shutdown (or a lost lock connection) stopped the run before it could finish' }
    : { modelId: '*', code: 'CATALOG_DATABASE_ERROR', status: null, message: redactTokens((err as Error)?.message ?? String(err)) }
  deps.logger.error({ runId, error }, aborted ? 'sync run interrupted' : 'sync run failed')
  await deps.store.failRun(runId, deps.hub.requestCount, [error], aborted ? 'interrupted' : 'failed')
    .catch((e: Error) => deps.logger.error({ runId, err: e.message }, 'could not record the failed run'))
}

// A top-level LICENSE/COPYING file; its text tells which license the repo really ships.
const LICENSE_FILE = /^(LICEN[CS]E|COPYING)([.-][\w.-]+)?$/i
const MAX_LICENSE_BYTES = 256 * 1024

interface Listed {
  byId: Map<string, HubModelSummary>
  /** Tracked models whose listing entry was malformed, with why. */
  malformed: Map<string, string>
  /** Authors whose listing failed, with why. */
  failedAuthors: Map<string, ModelError>
}

async function listTracked (hub: HubApi, trackedModels: string[], log: Logger): Promise<Listed> {
  const tracked = new Set(trackedModels)
  const authors = [...new Set(trackedModels.map((id) => id.split('/')[0]))]
  const byId = new Map<string, HubModelSummary>()
  const malformed = new Map<string, string>()
  const failedAuthors = new Map<string, ModelError>()
  for (const author of authors) {
    try {
      const listing = await hub.listAuthorModels(author)
      for (const summary of listing.models) {
        // Exact ids only: the author's listing holds look-alikes such as Cerebras-GPT-Intermediate.
        if (tracked.has(summary.id)) byId.set(summary.id, summary)
      }
      for (const bad of listing.malformed) {
        if (bad.id !== null && tracked.has(bad.id)) malformed.set(bad.id, bad.reason)
      }
    } catch (err) {
      if (isAbortError(err)) throw err
      const failure = describeHubFailure(err)
      log.warn({ author, error: failure }, 'author listing failed')
      failedAuthors.set(author, { modelId: author, ...failure })
    }
  }
  return { byId, malformed, failedAuthors }
}

async function syncModel (hub: HubApi, modelId: string, listed: Listed, fresh: KnownModel | undefined): Promise<ModelOutcome> {
  const listingFailure = listed.failedAuthors.get(modelId.split('/')[0])
  if (listingFailure) return { kind: 'failed', modelId, error: { ...listingFailure, modelId } }
  const malformed = listed.malformed.get(modelId)
  if (malformed !== undefined) return { kind: 'failed', modelId, error: { modelId, ...describeHubFailure(new HubMalformedError(malformed)) } }

  let summary = listed.byId.get(modelId)
  try {
    // Not in the listing: gone, private, or renamed. Ask for it by id to get the Hub's reason.
    const direct = summary === undefined ? await hub.modelDetails(modelId) : undefined
    summary ??= direct!
    // A card read by an older parser (or never read) is read again, whatever the sha. (Not a newer one's: two
    // versions sharing a database during a rolling deploy must not rewrite each other's rows on every sync.)
    const unchanged = fresh !== undefined && fresh.sha === summary.sha && fresh.metadataFetchedAt !== null &&
      fresh.trainingParserVersion !== null && fresh.trainingParserVersion >= CARD_PARSER_VERSION
    if (unchanged) return { kind: 'unchanged', modelId, summary }

    const details = direct ?? await hub.modelDetails(modelId, summary.sha)
    const files = await hub.listFiles(modelId, details.sha)
    const readme = files.find((f) => f.path === 'README.md')
    const card = readme === undefined ? null : await hub.fileText(modelId, details.sha, readme)
    const licenseEntry = files.find((f) => LICENSE_FILE.test(f.path))
    const licenseFile = licenseEntry === undefined
      ? null
      : { path: licenseEntry.path, text: licenseEntry.size <= MAX_LICENSE_BYTES ? await hub.fileText(modelId, details.sha, licenseEntry) : null }
    const training = readTraining(card, modelId, details.sha, readme?.oid ?? null)
    const parameters = countParameters({ safetensorsTotal: details.safetensors?.total, cardParameters: training.facts.model.parameters.value, files })
    // Counts come from the listing when we have it, so every model's snapshot is of one moment.
    return { kind: 'changed', modelId, summary, details: { ...details, ...pickCounts(summary) }, files, card, licenseFile, parameters, training }
  } catch (err) {
    if (isAbortError(err)) throw err
    const failure = describeHubFailure(err)
    return { kind: 'failed', modelId, error: { modelId, ...failure }, ...(summary ? { summary } : {}) }
  }
}

function pickCounts (s: HubModelSummary): Pick<HubModelSummary, 'downloads' | 'downloadsAllTime' | 'likes'> {
  return { downloads: s.downloads, downloadsAllTime: s.downloadsAllTime, likes: s.likes }
}
