// Sync runs: the history, and POST /api/sync to run one now (admin).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { problemResponses } from '../schemas/problem.js'
import { ref } from '../schemas/ref.js'
import { SyncRunListSchema, SyncRunSchema, SyncRunsQuerySchema } from '../schemas/sync.js'

export const AdminHeadersSchema = Type.Object({
  authorization: Type.Optional(Type.String({ description: 'Bearer <ADMIN_TOKEN>', examples: ['Bearer 0123456789abcdef'] }))
})

const syncRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/sync/runs', {
    schema: {
      tags: ['sync'],
      summary: 'Recent sync runs',
      description: 'The newest sync runs first: what started each, its status, timings, Hub requests and per-model errors.',
      querystring: SyncRunsQuerySchema,
      response: { 200: SyncRunListSchema, ...problemResponses(400, 406, 500) }
    }
  }, async (request) => ({ items: await app.syncRuns.recent(request.query.limit ?? 20) }))

  app.post('/api/sync', {
    preHandler: app.requireAdmin,
    schema: {
      tags: ['sync', 'admin'],
      summary: 'Run a sync now',
      description: 'Runs one sync and answers with its record. Admin: `Authorization: Bearer <ADMIN_TOKEN>`; 404 when ADMIN_TOKEN is unset.',
      headers: AdminHeadersSchema,
      response: { 200: ref(SyncRunSchema), ...problemResponses(401, 404, 409, 500) }
    }
  }, async () => {
    const summary = await app.sync.run('api')
    return (await app.syncRuns.get(summary.runId))!
  })
}

export default syncRoutes
