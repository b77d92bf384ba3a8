// The catalogue of application errors: stable codes and HTTP statuses, defined once.
import createError from '@fastify/error'

export const SyncAlreadyRunningError = createError('CATALOG_SYNC_RUNNING', 'A sync is already running; try again when it has finished', 409)
export const ModelNotFoundError = createError<[string]>('CATALOG_MODEL_NOT_FOUND', 'Model %s is not in the catalogue', 404)
export const UnauthorizedError = createError('CATALOG_UNAUTHORIZED', 'A valid bearer token (ADMIN_TOKEN) is required', 401)
export const BadCursorError = createError<[string]>('CATALOG_BAD_CURSOR', 'querystring/cursor is invalid: %s', 400)
export const UnknownFieldError = createError<[string, string]>('CATALOG_UNKNOWN_FIELD', 'querystring/fields names unknown field %s; known fields: %s', 400)
export const NotAcceptableError = createError<[string, string]>('CATALOG_NOT_ACCEPTABLE', 'Cannot answer with %s; this route produces %s', 406)
export const LicenseNotFoundError = createError<[string]>('CATALOG_LICENSE_NOT_FOUND', 'License %s is neither a Hub license id nor an SPDX id', 404)
export const CardNotFoundError = createError<[string]>('CATALOG_CARD_NOT_FOUND', 'Model %s has no model card', 404)
export const TooManyPeriodsError = createError<[number, number]>('CATALOG_TOO_MANY_PERIODS', 'The range holds %d periods; at most %d: narrow from/to or use a longer interval', 400)
export const BadRangeError = createError<[string]>('CATALOG_BAD_RANGE', '%s', 400)
export const RouteNotFoundError = createError<[string, string]>('CATALOG_ROUTE_NOT_FOUND', 'No route %s %s', 404)
export const SyncRunNotFoundError = createError<[number]>('CATALOG_SYNC_RUN_NOT_FOUND', 'There is no sync run %d', 404)
