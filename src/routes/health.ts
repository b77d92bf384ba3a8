// GET /health: the database answers, and how fresh the catalogue is.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { problemResponses } from '../schemas/problem.js'

const HealthSchema = Type.Object({
  status: Type.Literal('ok', { description: 'ok when the database answers' }),
  models: Type.Integer({ description: 'Models in the catalogue' }),
  lastSyncAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'End of the newest succeeded or partial sync' }),
  syncRunning: Type.Boolean({ description: 'Whether this process is syncing now' })
}, { title: 'Health' })

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/health', {
    schema: {
      tags: ['health'],
      summary: 'Health and freshness',
      description: 'ok when the database answers, with the number of models and the end of the last good sync.',
      response: { 200: HealthSchema, ...problemResponses(500) }
    }
  }, async () => ({
    status: 'ok' as const,
    models: await app.models.count(),
    lastSyncAt: (await app.syncRuns.lastCompletedAt())?.toISOString() ?? null,
    syncRunning: app.sync.running
  }))
}

export default healthRoutes
