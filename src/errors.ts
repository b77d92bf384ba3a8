// The catalogue of application errors: stable codes and HTTP statuses, defined once.
import createError from '@fastify/error'

export const SyncAlreadyRunningError = createError('CATALOG_SYNC_RUNNING', 'A sync is already running; try again when it has finished', 409)
export const ModelNotFoundError = createError<[string]>('CATALOG_MODEL_NOT_FOUND', 'Model %s is not in the catalogue', 404)
export const SyncDisabledError = createError('CATALOG_SYNC_API_DISABLED', 'Triggering a sync over HTTP is disabled; set SYNC_API_TOKEN to enable it', 403)
export const UnauthorizedError = createError('CATALOG_UNAUTHORIZED', 'A valid bearer token is required', 401)
