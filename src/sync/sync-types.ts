// The vocabulary of a sync run, shared by the job, its store, the CLI and the API.
import type { HubFailure } from '../hub/hub-errors.js'
import type { HubFileEntry, HubModelDetails, HubModelSummary } from '../hub/hub-types.js'
import type { SyncRunView, SyncStatus, SyncTrigger } from '../schemas/sync.js'
import type { ParameterCount } from './parameters.js'
import type { TrainingRecord } from '../training/training-record.js'

export interface ModelError extends HubFailure {
  modelId: string
}

export type ModelOutcome =
  | { kind: 'unchanged', modelId: string, summary: HubModelSummary }
  | {
    kind: 'changed'
    modelId: string
    summary: HubModelSummary
    details: HubModelDetails
    files: HubFileEntry[]
    card: string | null
    /** The repo's LICENSE file, if it has one (text null when too large to fetch). */
    licenseFile: { path: string, text: string | null } | null
    parameters: ParameterCount
    /** What the card says of the model's training, read at this sha. */
    training: TrainingRecord
  }
  /** summary is set when the listing gave the counts but the details could not be fetched. */
  | { kind: 'failed', modelId: string, error: ModelError, summary?: HubModelSummary }
  /**
   * A stored model of a tracked author that its author's listing no longer holds and the Hub does not find: kept
   * as last synced. `newly` on the run that saw it go (it sets missing_since and writes model.missing).
   */
  | { kind: 'missing', modelId: string, since: Date, lastSha: string | null, newly: boolean, summary?: undefined }

export type ModelOutcomeRecord = SyncRunView['outcomes'][number]

export function outcomeRecord (o: ModelOutcome): ModelOutcomeRecord {
  if (o.kind === 'failed') return { modelId: o.modelId, outcome: 'failed', error: o.error }
  if (o.kind === 'missing') return { modelId: o.modelId, outcome: 'missing', missingSince: o.since.toISOString() }
  if (o.kind === 'changed' && o.training.warnings.length > 0) return { modelId: o.modelId, outcome: 'changed', cardWarnings: o.training.warnings }
  return { modelId: o.modelId, outcome: o.kind }
}

export interface SyncSummary {
  runId: number
  trigger: SyncTrigger
  status: Exclude<SyncStatus, 'running' | 'abandoned' | 'interrupted'>
  startedAt: Date
  finishedAt: Date
  durationMs: number
  hubRequests: number
  modelsTotal: number
  modelsChanged: number
  modelsFailed: number
  errors: ModelError[]
}
