// TypeBox schemas of sync runs.
import { Type, type Static } from 'typebox'
import { SyncStatus, SyncTrigger } from '../generated/prisma/enums.js'
import { ref } from './ref.js'

// The database's enums are the one definition of what starts a run and how it can end.
export { SyncStatus, SyncTrigger }

export const SyncErrorSchema = Type.Object({
  modelId: Type.String({ description: 'The model (or author, for a failed listing) that failed' }),
  code: Type.String({ description: 'Stable error code, e.g. HUB_NOT_FOUND' }),
  status: Type.Union([Type.Integer(), Type.Null()], { description: 'HTTP status of the Hub\'s answer, if any' }),
  message: Type.String({ description: 'What went wrong' })
}, { $id: 'SyncError', title: 'SyncError' })

export const SyncRunSchema = Type.Object({
  id: Type.Integer({ description: 'Run id' }),
  trigger: Type.Enum(SyncTrigger, { type: 'string', description: 'What started the run' }),
  status: Type.Enum(SyncStatus, { type: 'string', description: 'partial: some models failed and kept their last good data; failed: nothing could be synced, or the run lost its database connection (errors[0].code SYNC_DATABASE_LOST); abandoned: the process died mid-run (also reported for a run still marked running while no process holds the sync lock); interrupted: a shutdown stopped it, nothing of it was stored' }),
  startedAt: Type.String({ format: 'date-time', description: 'Start of the run' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'End of the run' }),
  hubRequests: Type.Integer({ description: 'HTTP requests sent to the Hub, retries included' }),
  modelsTotal: Type.Integer({ description: 'Tracked models in the run' }),
  modelsChanged: Type.Integer({ description: 'Models whose sha moved, so their metadata was refetched' }),
  modelsFailed: Type.Integer({ description: 'Models that could not be synced' }),
  errors: Type.Array(ref(SyncErrorSchema), { description: 'One entry per failed model' }),
  outcomes: Type.Array(Type.Object({
    modelId: Type.String({ description: 'Hub repo id' }),
    outcome: Type.Enum(['unchanged', 'changed', 'failed', 'missing'], { type: 'string', description: 'unchanged: counts only; changed: metadata refetched (new sha); failed: kept its last good data; missing: a model of a tracked author (TRACKED_AUTHORS) gone from its listing and not found by the Hub, kept as last synced' }),
    error: Type.Optional(ref(SyncErrorSchema)),
    missingSince: Type.Optional(Type.String({ format: 'date-time', description: 'Of a missing model: the start of the run that first found it gone' })),
    cardWarnings: Type.Optional(Type.Array(Type.String(), { description: 'What could not be read from the model card of a changed model (a missing table, an unknown column, a cell that is not a number); the facts concerned are null. The sync itself went on.' }))
  }), { description: 'One entry per tracked model, once the run has committed' })
}, { $id: 'SyncRun', title: 'SyncRun', description: 'One sync run and its outcome' })

export const SyncRunListSchema = Type.Object({
  items: Type.Array(ref(SyncRunSchema), { description: 'Newest first' }),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `before` for the next (older) page; null on the last page' })
}, { title: 'SyncRunList' })

export const SyncRunsQuerySchema = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'How many runs to return', examples: [5] })),
  before: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'Only runs older than this id: the nextCursor of the previous page', examples: [42] }))
}, { additionalProperties: false })

export const SyncStartedSchema = Type.Object({
  id: Type.Integer({ description: 'Run id' }),
  status: Type.Literal('running', { description: 'Always running at this point' }),
  location: Type.String({ description: 'Where to follow the run', examples: ['/api/syncs/42'] })
}, { description: 'Started' })

export const SyncRunParamsSchema = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2147483647, description: 'Run id', examples: [42] })
})

export type SyncRunView = Static<typeof SyncRunSchema>
