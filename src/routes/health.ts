// GET /health: the process is alive. GET /ready: the database answers, every migration is
// applied, and how old the last successful sync is (503 when not ready).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { readMigrations } from '../db/migrate.js'
import { problemResponses } from '../schemas/problem.js'

const HealthSchema = Type.Object({
  status: Type.Literal('ok', { description: 'The process answers' }),
  uptimeSeconds: Type.Number({ description: 'Seconds since the process started' })
}, { title: 'Health' })

const ReadySchema = Type.Object({
  ready: Type.Boolean({ description: 'The database answers and every migration is applied' }),
  database: Type.Enum(['ok', 'unreachable'], { description: 'Whether the database answered' }),
  migrations: Type.Enum(['applied', 'pending', 'unknown'], { description: 'Whether every migration in prisma/migrations is applied' }),
  lastSyncAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'End of the newest succeeded or partial sync' }),
  lastSyncAgeSeconds: Type.Union([Type.Integer(), Type.Null()], { description: 'Its age in seconds' }),
  stale: Type.Boolean({ description: 'No successful sync within three schedule intervals (data answers then carry a Warning header)' }),
  syncRunning: Type.Boolean({ description: 'Whether this process is syncing now' })
}, { title: 'Ready' })

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/health', {
    schema: {
      tags: ['health'],
      summary: 'Liveness',
      description: 'ok while the process answers; it does not touch the database.',
      response: { 200: HealthSchema }
    }
  }, async () => ({ status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) }))

  const expected = (await readMigrations()).map((m) => m.name)

  app.get('/ready', {
    schema: {
      tags: ['health'],
      summary: 'Readiness',
      description: 'Ready when the database answers and every migration is applied; says how old the last successful sync is and whether the data is stale. 503 when not ready.',
      response: { 200: ReadySchema, 503: { ...ReadySchema, description: 'Not ready' }, ...problemResponses(500) }
    }
  }, async (_request, reply) => {
    let database: 'ok' | 'unreachable' = 'ok'
    let migrations: 'applied' | 'pending' | 'unknown' = 'unknown'
    let lastSync: Date | null = null
    try {
      const rows = await app.db.$queryRaw<Array<{ migration_name: string }>>`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`
      const done = new Set(rows.map((r) => r.migration_name))
      migrations = expected.every((name) => done.has(name)) ? 'applied' : 'pending'
      lastSync = await app.syncRuns.lastCompletedAt()
    } catch {
      database = 'unreachable'
    }
    const ready = database === 'ok' && migrations === 'applied'
    const body = {
      ready,
      database,
      migrations,
      lastSyncAt: lastSync?.toISOString() ?? null,
      lastSyncAgeSeconds: lastSync === null ? null : Math.round((Date.now() - lastSync.getTime()) / 1000),
      stale: app.freshness.isStale(lastSync),
      syncRunning: app.sync.running
    }
    return reply.code(ready ? 200 : 503).send(body)
  })
}

export default healthRoutes
