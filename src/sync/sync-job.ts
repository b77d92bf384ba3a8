// One sync run: read counts and shas in one listing request per author (per 500 models), refetch the metadata,
// files and card only of models whose sha moved (a few at a time), then commit in one transaction. With tracked
// authors, the tracked set is the named models, every model of their listings, and their models already stored.
import { authorOf } from '../config.js'
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
  /** Authors whose every listed model is tracked too; a stored model of theirs that vanishes becomes missing. */
  trackedAuthors?: string[]
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
  /** These models only (a targeted refresh), instead of the tracked set: the authors' other models are left alone. */
  only?: string[]
}

export async function runSyncJob (deps: SyncJobDeps, opts: SyncJobOptions): Promise<SyncSummary> {
  const now = deps.now ?? (() => new Date())
  const startedAt = now()
  const runId = await deps.store.startRun(opts.trigger, startedAt)
  const log = deps.logger
  const trackedAuthors = new Set(deps.trackedAuthors ?? [])
  const named = opts.only ?? deps.trackedModels
  // A targeted run lists only its models' authors, and takes nothing more from them.
  const expanding = opts.only === undefined ? trackedAuthors : new Set<string>()
  log.info({ runId, trigger: opts.trigger, models: named.length, authors: [...expanding] }, 'sync started')
  opts.onStarted?.(runId)

  let outcomes: ModelOutcome[]
  let known: Map<string, KnownModel>
  try {
    known = await deps.store.knownModels(named, [...expanding])
    const listed = await listTracked(deps.hub, named, expanding, log)
    // Named models first, as configured; then the authors' models, listed or stored, by id.
    const namedSet = new Set(named)
    const discovered = [...new Set([...listed.byId.keys(), ...listed.malformed.keys(), ...known.keys()])].filter((id) => !namedSet.has(id)).sort()
    const tracked = [...named, ...discovered]
    // Outcomes, logs and progress come in tracked order whatever order the fetches finish in.
    outcomes = await mapBounded(
      tracked,
      deps.concurrency ?? DEFAULT_SYNC_CONCURRENCY,
      (modelId) => syncModel(deps.hub, modelId, listed, {
        known: known.get(modelId),
        refetch: opts.refetch === true,
        missable: trackedAuthors.has(authorOf(modelId)),
        runStart: startedAt
      }),
      (outcome) => {
        const modelId = outcome.modelId
        if (outcome.kind === 'failed') log.warn({ runId, modelId, error: outcome.error }, 'model sync failed')
        else if (outcome.kind === 'missing' && outcome.newly) log.warn({ runId, modelId, lastSha: outcome.lastSha }, 'model gone from the Hub: kept and marked missing')
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

async function listTracked (hub: HubApi, named: string[], trackedAuthors: Set<string>, log: Logger): Promise<Listed> {
  const namedSet = new Set(named)
  // An author listed for its named models only gives those, by exact id: the listing holds look-alikes such as
  // Cerebras-GPT-Intermediate. A tracked author gives every model it lists.
  const keep = (id: string) => namedSet.has(id) || trackedAuthors.has(authorOf(id))
  const authors = [...new Set([...named.map(authorOf), ...trackedAuthors])]
  const byId = new Map<string, HubModelSummary>()
  const malformed = new Map<string, string>()
  const failedAuthors = new Map<string, ModelError>()
  for (const author of authors) {
    try {
      const listing = await hub.listAuthorModels(author)
      for (const summary of listing.models) {
        if (keep(summary.id)) byId.set(summary.id, summary)
      }
      for (const bad of listing.malformed) {
        if (bad.id !== null && keep(bad.id)) malformed.set(bad.id, bad.reason)
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

interface ModelContext {
  /** The model as stored, if it is. */
  known: KnownModel | undefined
  /** Fetch its metadata, tree and card whatever its sha (a targeted refresh); a missing model is asked for again. */
  refetch: boolean
  /** Of a tracked author: gone from the listing and not found, it becomes missing rather than failed. */
  missable: boolean
  runStart: Date
}

// What the Hub answers for a repo it does not have (401 anonymously, 404 with a token), or one renamed since.
const GONE = new Set(['HUB_NOT_FOUND', 'HUB_REPO_RENAMED'])

async function syncModel (hub: HubApi, modelId: string, listed: Listed, ctx: ModelContext): Promise<ModelOutcome> {
  const listingFailure = listed.failedAuthors.get(authorOf(modelId))
  if (listingFailure) return { kind: 'failed', modelId, error: { ...listingFailure, modelId } }
  const malformed = listed.malformed.get(modelId)
  if (malformed !== undefined) return { kind: 'failed', modelId, error: { modelId, ...describeHubFailure(new HubMalformedError(malformed)) } }

  let summary = listed.byId.get(modelId)
  const { known } = ctx
  const missing = known?.missingSince ?? null
  // Known to be gone and still not listed: nothing to ask (a refresh asks again: a webhook may say it is back).
  if (ctx.missable && missing !== null && summary === undefined && !ctx.refetch) {
    return { kind: 'missing', modelId, since: missing, lastSha: known!.sha, newly: false }
  }
  try {
    // Not in the listing: gone, private, or renamed. Ask for it by id to get the Hub's reason.
    const direct = summary === undefined ? await hub.modelDetails(modelId) : undefined
    summary ??= direct!
    // A card read by an older parser (or never read) is read again, whatever the sha. (Not a newer one's: two
    // versions sharing a database during a rolling deploy must not rewrite each other's rows on every sync.)
    // A refetch, or a missing model back, is fetched whatever its sha.
    const fresh = ctx.refetch || missing !== null ? undefined : known
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
    // Only a stored model can be kept as missing; one never synced that the Hub does not have stays a failure.
    if (ctx.missable && known !== undefined && summary === undefined && GONE.has(failure.code)) {
      return { kind: 'missing', modelId, since: missing ?? ctx.runStart, lastSha: known.sha, newly: missing === null }
    }
    return { kind: 'failed', modelId, error: { modelId, ...failure }, ...(summary ? { summary } : {}) }
  }
}

function pickCounts (s: HubModelSummary): Pick<HubModelSummary, 'downloads' | 'downloadsAllTime' | 'likes'> {
  return { downloads: s.downloads, downloadsAllTime: s.downloadsAllTime, likes: s.likes }
}
