// Sync runs: the history, and POST /api/sync to run one now (needs SYNC_API_TOKEN).
import { timingSafeEqual } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { SyncDisabledError, UnauthorizedError } from '../errors.js'
import { problemResponses } from '../schemas/problem.js'
import { ref } from '../schemas/ref.js'
import { SyncRunListSchema, SyncRunSchema, SyncRunsQuerySchema } from '../schemas/sync.js'

function sameSecret (given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

const syncRoutes: FastifyPluginAsyncTypebox<{ syncApiToken?: string }> = async (app, opts) => {
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
    schema: {
      tags: ['sync'],
      summary: 'Run a sync now',
      description: 'Runs one sync and answers with its record. Requires `Authorization: Bearer <SYNC_API_TOKEN>`; disabled when SYNC_API_TOKEN is unset.',
      headers: Type.Object({ authorization: Type.Optional(Type.String({ description: 'Bearer <SYNC_API_TOKEN>' })) }),
      response: { 200: ref(SyncRunSchema), ...problemResponses(401, 403, 409, 500) }
    }
  }, async (request) => {
    if (opts.syncApiToken === undefined) throw new SyncDisabledError()
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    if (given === undefined || !sameSecret(given, opts.syncApiToken)) throw new UnauthorizedError()
    const summary = await app.sync.run('api')
    return (await app.syncRuns.get(summary.runId))!
  })
}

export default syncRoutes
