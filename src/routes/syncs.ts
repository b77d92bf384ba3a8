// The admin API of syncs: start one (202), page through the history, read one run.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SyncRunNotFoundError } from '../errors.js'
import { adminSecurity } from '../schemas/admin.js'
import { problemResponses } from '../schemas/problem.js'
import { ref } from '../schemas/ref.js'
import { SyncRunListSchema, SyncRunParamsSchema, SyncRunSchema, SyncRunsQuerySchema, SyncStartedSchema } from '../schemas/sync.js'

const syncsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/syncs', {
    ...app.adminRoute,
    schema: {
      tags: ['sync', 'admin'],
      operationId: 'startSync',
      summary: 'Start a sync',
      description: 'Starts a sync and answers 202 as soon as it is recorded, with its id and a Location to follow; 409 if one is running here or in any other process.',
      security: adminSecurity,
      response: { 202: SyncStartedSchema, ...problemResponses(401, 404, 406, 409, 429, 500) }
    }
  }, async (_request, reply) => {
    const { runId } = await app.sync.start('api')
    const location = `/api/syncs/${runId}`
    return reply.code(202).header('location', location).send({ id: runId, status: 'running' as const, location })
  })

  app.get('/api/syncs', {
    ...app.adminRoute,
    schema: {
      tags: ['sync', 'admin'],
      operationId: 'listSyncs',
      summary: 'Sync history',
      description: 'The newest runs first: trigger, status, timings, Hub requests, per-model outcome and errors.',
      security: adminSecurity,
      querystring: SyncRunsQuerySchema,
      response: { 200: SyncRunListSchema, ...problemResponses(400, 401, 404, 406, 429, 500) }
    }
  }, async (request) => {
    const limit = request.query.limit ?? 20
    const items = await app.syncRuns.recent(limit, request.query.before)
    return { items, nextCursor: items.length === limit && items.at(-1)!.id > 1 ? String(items.at(-1)!.id) : null }
  })

  app.get('/api/syncs/:id', {
    ...app.adminRoute,
    schema: {
      tags: ['sync', 'admin'],
      operationId: 'getSync',
      summary: 'One sync run',
      description: 'A run with its per-model outcome and error.',
      security: adminSecurity,
      params: SyncRunParamsSchema,
      response: { 200: ref(SyncRunSchema), ...problemResponses(400, 401, 404, 406, 429, 500) }
    }
  }, async (request) => {
    const run = await app.syncRuns.get(request.params.id)
    if (run === null) throw new SyncRunNotFoundError(request.params.id)
    return run
  })
}

export default syncsRoutes
