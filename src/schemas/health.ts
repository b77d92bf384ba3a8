// TypeBox schemas of liveness (/health) and readiness (/ready).
import { Type, type Static } from 'typebox'

export const HealthSchema = Type.Object({
  status: Type.Literal('ok', { description: 'The process answers' }),
  uptimeSeconds: Type.Number({ description: 'Seconds since the process started' }),
  version: Type.String({ description: 'The release this process runs (package.json version)' }),
  commit: Type.Union([Type.String({ pattern: '^[0-9a-f]{7,40}$' }), Type.Null()], { description: 'The git commit it was built from (GIT_COMMIT, else the checkout\'s HEAD); null when unknown' })
}, { title: 'Health' })

export type Health = Static<typeof HealthSchema>

export const ReadySchema = Type.Object({
  ready: Type.Boolean({ description: 'The database answers and every migration is applied' }),
  database: Type.Enum(['ok', 'unreachable'], { type: 'string', description: 'Whether the database answered' }),
  migrations: Type.Enum(['applied', 'pending', 'unknown'], { type: 'string', description: 'applied: every migration in prisma/migrations is applied; pending: some are not; unknown: the database has migrations this version does not know (or could not be read)' }),
  lastSyncAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'End of the newest succeeded or partial sync' }),
  lastSyncAgeSeconds: Type.Union([Type.Integer(), Type.Null()], { description: 'Its age in seconds' }),
  stale: Type.Boolean({ description: 'No successful sync within three schedule intervals (data answers then carry a Warning header)' }),
  syncRunning: Type.Boolean({ description: 'Whether this process is syncing now' }),
  catalogue: Type.Enum(['memory', 'read-through'], { type: 'string', description: 'memory: answers come from the in-memory read model, reloaded on every committed change; read-through: change notifications are lost or a change is loading, so answers are read from the database' })
}, { title: 'Ready' })

export type Ready = Static<typeof ReadySchema>
