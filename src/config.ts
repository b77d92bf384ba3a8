// The service's configuration: one TypeBox schema, validated once at boot by env-schema.
import envSchema from 'env-schema'
import { Type, type Static } from 'typebox'
import { ConfigInvalidError } from './errors.js'
import { validateSchedule, type Schedule } from './schedule.js'

export const DEFAULT_TRACKED_MODELS = [
  'cerebras/Cerebras-GPT-111M',
  'cerebras/Cerebras-GPT-256M',
  'cerebras/Cerebras-GPT-590M',
  'cerebras/Cerebras-GPT-1.3B',
  'cerebras/Cerebras-GPT-2.7B',
  'cerebras/Cerebras-GPT-6.7B',
  'cerebras/Cerebras-GPT-13B'
].join(',')

export const ConfigSchema = Type.Object({
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'PostgreSQL URL; unset starts the embedded PostgreSQL' })),
  DATA_DIR: Type.String({ default: './data', description: 'Where the embedded PostgreSQL keeps its data' }),
  EMBEDDED_PG_PORT: Type.Integer({ default: 54329, minimum: 1, maximum: 65535 }),
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  LOG_LEVEL: Type.Union([
    Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'),
    Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')
  ], { default: 'info' }),
  HF_ENDPOINT: Type.String({ default: 'https://huggingface.co', pattern: '^https?://[^\\s]+$' }),
  HF_TOKEN: Type.Optional(Type.String({ pattern: '^hf_[A-Za-z0-9_-]+$' })),
  TRACKED_MODELS: Type.String({ default: DEFAULT_TRACKED_MODELS, pattern: '^\\s*[\\w.-]+/[\\w.-]+\\s*(,\\s*[\\w.-]+/[\\w.-]+\\s*)*$' }),
  TRACKED_AUTHORS: Type.Optional(Type.String({ maxLength: 2000, pattern: '^\\s*[\\w.-]+\\s*(,\\s*[\\w.-]+\\s*)*$', description: 'Hub authors (comma-separated, e.g. cerebras) every public model of which is tracked too, besides TRACKED_MODELS; a model that vanishes from its author is kept and marked missing. Unset: TRACKED_MODELS only' })),
  SYNC_CRON: Type.String({ default: '17 * * * *', minLength: 1, description: "Cron expression for the in-process sync, or 'off'" }),
  SYNC_TIMEZONE: Type.String({ default: 'UTC', minLength: 1, description: 'IANA time zone of SYNC_CRON' }),
  SYNC_ON_START: Type.Boolean({ default: true }),
  SHUTDOWN_GRACE_MS: Type.Integer({ default: 20000, minimum: 0, description: 'How long a shutdown lets an in-flight sync finish before interrupting it' }),
  RATE_LIMIT_MAX: Type.Integer({ default: 300, minimum: 0, description: 'Requests per minute per client on /api (0 disables)' }),
  ADMIN_RATE_LIMIT_MAX: Type.Integer({ default: 60, minimum: 1, description: 'Requests per minute per client on admin routes' }),
  CORS_ORIGIN: Type.Optional(Type.String({ minLength: 1, description: "Allowed CORS origins, comma-separated, or '*'; unset disables CORS" })),
  BODY_LIMIT_BYTES: Type.Integer({ default: 1048576, minimum: 1024, description: 'Largest request body (imports allow 50 MiB)' }),
  CURSOR_SECRET: Type.Optional(Type.String({ minLength: 32, description: 'Key that signs list cursors, so they work across restarts and replicas; unset, a random key per process' })),
  ADMIN_TOKEN: Type.Optional(Type.String({ minLength: 16, description: 'Bearer token of the admin routes (POST /api/sync, POST /api/imports); unset, they answer 404' })),
  // The Hub sends it verbatim in X-Webhook-Secret, ASCII only.
  HUB_WEBHOOK_SECRET: Type.Optional(Type.String({ minLength: 16, maxLength: 512, pattern: '^[\\x21-\\x7E]+$', description: 'The secret of the Hub webhook (X-Webhook-Secret); unset, POST /api/hub-webhooks answers 404' })),
  WEBHOOK_ALLOW_PRIVATE: Type.Optional(Type.String({ maxLength: 2000, description: 'CIDRs (comma-separated) that webhook targets may resolve to although loopback, private or link-local, e.g. 127.0.0.0/8 for a local receiver' })),
  WEBHOOK_MAX_ATTEMPTS: Type.Integer({ default: 8, minimum: 1, maximum: 30, description: 'Attempts of one webhook delivery before it is marked failed' }),
  WEBHOOK_RETRY_BASE_S: Type.Number({ default: 30, minimum: 0.1, maximum: 3600, description: 'Wait before the second attempt of a webhook delivery; each later wait doubles (at most an hour)' }),
  WEBHOOK_RETENTION_DAYS: Type.Integer({ default: 30, minimum: 1, maximum: 3650, description: 'Delivered or failed webhook deliveries, and dispatched events, older than this many days are deleted' }),
  WEBHOOK_TIMEOUT_MS: Type.Integer({ default: 10000, minimum: 100, maximum: 120000, description: 'How long one webhook delivery attempt may take (connect, answer)' }),
  DOWNLOAD_MILESTONES: Type.String({ default: '10000,100000,1000000', maxLength: 500, pattern: '^\\s*\\d{1,15}\\s*(,\\s*\\d{1,15}\\s*)*$', description: 'Lifetime download counts (comma-separated) whose passing makes a downloads.milestone event' }),
  SYNC_FAILED_AFTER: Type.Integer({ default: 3, minimum: 1, maximum: 1000, description: 'Consecutive failed syncs that make a sync.failed event (once per streak)' }),
  HUB_WEBHOOK_DEBOUNCE_S: Type.Integer({ default: 10, minimum: 0, maximum: 3600, description: 'How long a refresh a Hub webhook asked for waits, so a burst of events for one model makes one refresh' }),
  // Printable ASCII: it travels in a response header, which Node refuses outside Latin-1.
  DATA_NOTICE: Type.Optional(Type.String({ maxLength: 500, pattern: '^[\\x20-\\x7E]*$', description: 'A caveat about the data, shown with every API answer (the demo labels its placeholder counts with it)' })),
  DB_CONNECT_TIMEOUT_MS: Type.Integer({ default: 5000, minimum: 100, maximum: 600000, description: 'How long opening a database connection (or waiting for a free one) may take' }),
  DB_STATEMENT_TIMEOUT_MS: Type.Integer({ default: 10000, minimum: 100, maximum: 3600000, description: 'How long one database statement may run (server side), and how long the service waits for its answer' }),
  HUB_TIMEOUT_MS: Type.Integer({ default: 30000, minimum: 100 }),
  HUB_MAX_ATTEMPTS: Type.Integer({ default: 5, minimum: 1, maximum: 20 }),
  HUB_RETRY_DEADLINE_MS: Type.Integer({ default: 120000, minimum: 0 }),
  HUB_MAX_ANSWER_BYTES: Type.Integer({ default: 8388608, minimum: 65536, maximum: 1073741824, description: 'Largest Hub answer read; a larger one fails its model as malformed' }),
  HUB_MAX_CONNECTIONS: Type.Integer({ default: 16, minimum: 1, maximum: 256, description: 'Connections in the Hub pool, and models a sync fetches at once' })
})

export type Env = Static<typeof ConfigSchema>

export interface Config {
  databaseUrl?: string
  dataDir: string
  embeddedPgPort: number
  port: number
  host: string
  logLevel: Env['LOG_LEVEL']
  db: DbConfig
  hub: HubConfig
  trackedModels: string[]
  /** Authors whose every public model is tracked too (TRACKED_AUTHORS); empty when unset. */
  trackedAuthors: string[]
  syncCron: string | null
  syncTimezone: string
  syncOnStart: boolean
  shutdownGraceMs: number
  rateLimitMax: number
  adminRateLimitMax: number
  corsOrigin: string[] | '*' | null
  bodyLimitBytes: number
  adminToken?: string
  /** Hub webhooks in: the shared secret (unset: the route answers 404) and the debounce of the refresh. */
  hubWebhook: { secret?: string, debounceSeconds: number }
  /** Webhooks out: the CIDRs targets may resolve to although not public (as written; parsed by the composition root). */
  webhookAllowPrivate?: string
  /** Webhooks out: attempts per delivery, the first retry's wait (doubling), one attempt's timeout. */
  webhookDelivery: { maxAttempts: number, retryBaseMs: number, timeoutMs: number, retentionDays: number }
  /** What makes change events beyond the sync's own changes: download milestones, failing syncs. */
  changeEvents: { downloadMilestones: number[], syncFailedAfter: number }
  cursorSecret?: string
  dataNotice?: string
}

export interface DbConfig {
  connectTimeoutMs: number
  statementTimeoutMs: number
}

export interface HubConfig {
  endpoint: string
  token?: string
  timeoutMs: number
  maxAttempts: number
  retryDeadlineMs: number
  maxConnections: number
  maxAnswerBytes: number
}

export function scheduleOf (config: Pick<Config, 'syncCron' | 'syncTimezone'>): Schedule | null {
  return config.syncCron === null ? null : { cron: config.syncCron, timezone: config.syncTimezone }
}

/** Validates the environment once. Error messages name the variable, never its value. */
export function loadConfig (env: NodeJS.ProcessEnv = process.env): Config {
  let raw: Env
  try {
    raw = envSchema<Env>({ schema: ConfigSchema, data: stripEmpty(env), env: false, dotenv: false })
  } catch (err) {
    throw new ConfigInvalidError((err as Error).message)
  }
  const schedule = raw.SYNC_CRON.trim()
  const scheduleError = schedule === 'off' ? null : validateSchedule(schedule, raw.SYNC_TIMEZONE)
  if (scheduleError !== null) throw new ConfigInvalidError(`env/SYNC_CRON or env/SYNC_TIMEZONE is invalid (${scheduleError}); use 'off' to disable the schedule`)
  return {
    databaseUrl: raw.DATABASE_URL,
    dataDir: raw.DATA_DIR,
    embeddedPgPort: raw.EMBEDDED_PG_PORT,
    port: raw.PORT,
    host: raw.HOST,
    logLevel: raw.LOG_LEVEL,
    db: { connectTimeoutMs: raw.DB_CONNECT_TIMEOUT_MS, statementTimeoutMs: raw.DB_STATEMENT_TIMEOUT_MS },
    hub: {
      endpoint: raw.HF_ENDPOINT.replace(/\/+$/, ''),
      token: raw.HF_TOKEN,
      timeoutMs: raw.HUB_TIMEOUT_MS,
      maxAttempts: raw.HUB_MAX_ATTEMPTS,
      retryDeadlineMs: raw.HUB_RETRY_DEADLINE_MS,
      maxConnections: raw.HUB_MAX_CONNECTIONS,
      maxAnswerBytes: raw.HUB_MAX_ANSWER_BYTES
    },
    trackedModels: parseTrackedModels(raw.TRACKED_MODELS),
    trackedAuthors: raw.TRACKED_AUTHORS === undefined ? [] : parseTrackedModels(raw.TRACKED_AUTHORS),
    syncCron: schedule === 'off' ? null : schedule,
    syncTimezone: raw.SYNC_TIMEZONE,
    syncOnStart: raw.SYNC_ON_START,
    shutdownGraceMs: raw.SHUTDOWN_GRACE_MS,
    rateLimitMax: raw.RATE_LIMIT_MAX,
    adminRateLimitMax: raw.ADMIN_RATE_LIMIT_MAX,
    corsOrigin: raw.CORS_ORIGIN === undefined ? null : raw.CORS_ORIGIN.trim() === '*' ? '*' : raw.CORS_ORIGIN.split(',').map((s) => s.trim()).filter(Boolean),
    bodyLimitBytes: raw.BODY_LIMIT_BYTES,
    adminToken: raw.ADMIN_TOKEN,
    hubWebhook: { secret: raw.HUB_WEBHOOK_SECRET, debounceSeconds: raw.HUB_WEBHOOK_DEBOUNCE_S },
    webhookAllowPrivate: raw.WEBHOOK_ALLOW_PRIVATE,
    webhookDelivery: { maxAttempts: raw.WEBHOOK_MAX_ATTEMPTS, retryBaseMs: Math.round(raw.WEBHOOK_RETRY_BASE_S * 1000), timeoutMs: raw.WEBHOOK_TIMEOUT_MS, retentionDays: raw.WEBHOOK_RETENTION_DAYS },
    changeEvents: { downloadMilestones: parseMilestones(raw.DOWNLOAD_MILESTONES), syncFailedAfter: raw.SYNC_FAILED_AFTER },
    cursorSecret: raw.CURSOR_SECRET,
    dataNotice: raw.DATA_NOTICE
  }
}

/** A comma-separated list (TRACKED_MODELS, TRACKED_AUTHORS), trimmed, without blanks or repeats, in its order. */
export function parseTrackedModels (list: string): string[] {
  return [...new Set(list.split(',').map((s) => s.trim()).filter(Boolean))]
}

/** "10000, 100000,1000000" → [10000, 100000, 1000000]: positive, unique, ascending. */
export function parseMilestones (list: string): number[] {
  const values = list.split(',').map((s) => Number(s.trim())).filter((n) => Number.isSafeInteger(n) && n > 0)
  return [...new Set(values)].sort((a, b) => a - b)
}

/** What the sync tracks: the models TRACKED_MODELS names, and every model of the TRACKED_AUTHORS. */
export type Tracking = Pick<Config, 'trackedModels' | 'trackedAuthors'>

/** The owner part of a repo id (`cerebras` of `cerebras/Cerebras-GPT-111M`). */
export const authorOf = (id: string): string => id.slice(0, id.indexOf('/'))

/** Whether the sync tracks a repo id: named in TRACKED_MODELS, or of an author in TRACKED_AUTHORS (both exact). */
export function isTracked (tracking: Tracking, id: string): boolean {
  return tracking.trackedModels.includes(id) || tracking.trackedAuthors.includes(authorOf(id))
}

/**
 * The tracked set as the catalogue knows it: the named models first, as configured, then the models of tracked
 * authors among `catalogueIds`, by id. Without TRACKED_AUTHORS, exactly TRACKED_MODELS.
 */
export function trackedIds (tracking: Tracking, catalogueIds: Iterable<string>): string[] {
  if (tracking.trackedAuthors.length === 0) return tracking.trackedModels
  const named = new Set(tracking.trackedModels)
  const more = [...catalogueIds].filter((id) => !named.has(id) && tracking.trackedAuthors.includes(authorOf(id))).sort()
  return [...tracking.trackedModels, ...more]
}

// An empty variable (FOO=) means "unset", as in most twelve-factor services.
function stripEmpty (env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') out[key] = value
  }
  return out
}
