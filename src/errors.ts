// The catalogue of the service's errors, each with a stable code, defined once and grouped by the
// layer that throws it. Only the HTTP errors carry a status: plugins/problem-details.ts maps the
// domain's to statuses, so the domain never speaks HTTP. Callers test with instanceof.
import createError from '@fastify/error'

/** An error of the domain or the infrastructure: a code and a message, no HTTP status. */
function domainError<Args extends unknown[] = [string]> (code: string, message: string) {
  // A status of 0 leaves statusCode undefined (@fastify/error), so nothing maps it by accident.
  return createError<Args>(code, message, 0)
}

// Configuration and start-up
export const ConfigInvalidError = domainError('CATALOG_CONFIG_INVALID', 'Invalid configuration: %s')
export const MigrationFailedError = domainError('CATALOG_MIGRATION_FAILED', '%s')
export const DataDirNotTraversableError = domainError('CATALOG_DATA_DIR_CLOSED', "The embedded PostgreSQL runs as the 'postgres' user, which cannot enter %s (no execute permission for others). Run from a directory others can traverse, or set DATABASE_URL.")

// The Hub
export const HubMalformedError = domainError('HUB_MALFORMED_ANSWER', '%s')
/** The Hub redirected a tracked id to another repo: the old id is kept as last synced; tracking the new one is the operator's call. */
export const HubRepoRenamedError = domainError<[string, string]>('HUB_REPO_RENAMED', '%s was renamed on the Hub to %s; kept as last synced (track the new id to follow it)')

// Hub webhooks
export const HubWebhookPayloadError = domainError('CATALOG_HUB_WEBHOOK_INVALID', 'Not a Hub webhook payload: %s')

export const WebhookTargetRefusedError = domainError<[string]>('CATALOG_WEBHOOK_TARGET_REFUSED', 'body/url is refused as a webhook target: %s')
export const WebhookSubscriptionNotFoundError = domainError('CATALOG_WEBHOOK_NOT_FOUND', 'There is no webhook subscription %s')

// Syncs
export const SyncAlreadyRunningError = domainError<[]>('CATALOG_SYNC_RUNNING', 'A sync is already running; try again when it has finished')
export const SyncServiceClosedError = domainError<[]>('CATALOG_SYNC_CLOSED', 'The sync service is closed')
export const SyncDatabaseLostError = domainError<[options: { cause: unknown }]>('CATALOG_SYNC_DATABASE_LOST', 'The sync lost its database connection mid-run and stopped; the catalogue keeps the last committed run. Sync again once the database answers')
export const SyncRunNotFoundError = domainError<[number]>('CATALOG_SYNC_RUN_NOT_FOUND', 'There is no sync run %d')

// The catalogue
export const ModelNotFoundError = domainError('CATALOG_MODEL_NOT_FOUND', 'Model %s is not in the catalogue')
export const CardNotFoundError = domainError('CATALOG_CARD_NOT_FOUND', 'Model %s has no model card')
export const LicenseNotFoundError = domainError('CATALOG_LICENSE_NOT_FOUND', 'License %s is neither a Hub license id nor an SPDX id')
export const BadCursorError = domainError('CATALOG_BAD_CURSOR', 'querystring/cursor is invalid: %s')
export const UnknownFieldError = domainError<[string, string]>('CATALOG_UNKNOWN_FIELD', 'querystring/fields names unknown field %s; known fields: %s')

// Training facts and the scaling law
export const TrainingNotFoundError = domainError('CATALOG_TRAINING_NOT_FOUND', 'Model %s has no training facts yet: the next sync reads its card')
export const ScalingFitUnavailableError = domainError('CATALOG_SCALING_NO_FIT', 'The scaling law cannot be fitted to the catalogue\'s points: %s')
export const UnknownModelError = domainError<[string, string]>('CATALOG_UNKNOWN_MODEL', '%s names %s')
/** A value given to the scaling-law functions is missing, not finite, or outside its documented range. */
export class ScalingInputError extends Error {
  /** Stable code, like the catalogue's errors in src/errors.ts. */
  readonly code = 'CATALOG_SCALING_BAD_INPUT'
  /** The offending parameter as the caller named it: 'flops', 'params', 'points[2].loss'. */
  readonly parameter: string

  constructor (parameter: string, message: string) {
    super(`${parameter} ${message}`)
    this.name = 'ScalingInputError'
    this.parameter = parameter
  }
}

// Download history
export const TooManyPeriodsError = domainError<[number, number]>('CATALOG_TOO_MANY_PERIODS', 'The range holds %d periods; at most %d: narrow from/to or use a longer interval')
export const BadRangeError = domainError('CATALOG_BAD_RANGE', '%s')

// HTTP: thrown by the plugins that guard and negotiate requests
export const DatabaseUnavailableError = createError<[]>('CATALOG_DATABASE_UNAVAILABLE', 'The database is not answering; try again in a few seconds', 503)
export const UnauthorizedError = createError('CATALOG_UNAUTHORIZED', 'A valid bearer token (ADMIN_TOKEN) is required', 401)
export const HubWebhookUnauthorizedError = createError<[]>('CATALOG_UNAUTHORIZED', 'The X-Webhook-Secret header must carry the Hub webhook\'s secret (HUB_WEBHOOK_SECRET)', 401)
export const NotAcceptableError = createError<[string, string]>('CATALOG_NOT_ACCEPTABLE', 'Cannot answer with %s; this route produces %s', 406)
export const ImportBodyMissingError = createError<[]>('CATALOG_IMPORT_BODY_MISSING', 'The body must be JSONL (application/x-ndjson) or CSV (text/csv)', 415)
export const NotDecimalError = createError<[string, string]>('CATALOG_INVALID_REQUEST', '%s must be a number in decimal digits (such as %s)', 400)
export const RouteNotFoundError = createError<[string, string]>('CATALOG_ROUTE_NOT_FOUND', 'No route %s %s', 404)
export const RateLimitedError = createError<[number, string, number]>('CATALOG_RATE_LIMITED', 'Rate limit exceeded: %d requests per %s; retry in %d s', 429)

/** An abort (shutdown, a lost lock): the platform's AbortError, from any AbortSignal. */
export function isAbortError (err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError'
}
