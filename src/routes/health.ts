// GET /health: the process is alive, and which version and commit it runs. GET /ready: the database answers, every migration is
// applied, and how old the last successful sync is (503 when not ready).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HealthSchema, ReadySchema, type Health, type Ready } from '../schemas/health.js'
import { problemResponses } from '../schemas/problem.js'
import { buildInfo } from '../version.js'

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Once, as the app is built: no git and no file read per request.
  const { version, commit } = buildInfo()
  app.get('/health', {
    schema: {
      tags: ['health'],
      operationId: 'getHealth',
      summary: 'Liveness',
      description: 'ok while the process answers, with the release it runs; it does not touch the database.',
      response: { 200: HealthSchema }
    }
  }, async (): Promise<Health> => ({ status: 'ok', uptimeSeconds: Math.round(process.uptime()), version, commit }))

  app.get('/ready', {
    schema: {
      tags: ['health'],
      operationId: 'getReady',
      summary: 'Readiness',
      description: 'Ready when the database answers and every migration is applied; says how old the last successful sync is and whether the data is stale. 503 when not ready.',
      response: { 200: ReadySchema, ...problemResponses(500), 503: { ...ReadySchema, description: 'Not ready' } }
    }
  }, async (_request, reply) => {
    let database: Ready['database'] = 'ok'
    let migrations: Ready['migrations'] = 'unknown'
    let lastSync: Date | null = null
    try {
      // unknown: the database has migrations this code does not (a newer version migrated it).
      const [pending, unknown] = await Promise.all([app.migrationStatus.pending(), app.migrationStatus.unknown()])
      migrations = pending.length > 0 ? 'pending' : unknown.length > 0 ? 'unknown' : 'applied'
      lastSync = await app.syncRuns.lastCompletedAt()
    } catch {
      database = 'unreachable'
    }
    const ready = database === 'ok' && migrations === 'applied'
    const body: Ready = {
      ready,
      database,
      migrations,
      lastSyncAt: lastSync?.toISOString() ?? null,
      lastSyncAgeSeconds: lastSync === null ? null : Math.round((Date.now() - lastSync.getTime()) / 1000),
      stale: app.freshness.isStale(lastSync),
      syncRunning: app.sync.running,
      catalogue: app.readModel.fresh ? 'memory' : 'read-through'
    }
    return reply.code(ready ? 200 : 503).send(body)
  })
}

export default healthRoutes
