// Every error leaves as application/problem+json (RFC 9457) with a stable code.
import fp from 'fastify-plugin'
import type { FastifyError, FastifyInstance } from 'fastify'
import type { Problem } from '../schemas/problem.js'
import {
  BadCursorError, BadRangeError, CardNotFoundError, LicenseNotFoundError, ModelNotFoundError, RouteNotFoundError,
  SyncAlreadyRunningError, SyncRunNotFoundError, TooManyPeriodsError, UnknownFieldError
} from '../errors.js'

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable'
}

// The domain's errors and the HTTP status each stands for; anything else unmapped is a 500.
const DOMAIN_STATUS: Array<[new (...args: never[]) => Error, number]> = [
  [BadCursorError, 400],
  [UnknownFieldError, 400],
  [BadRangeError, 400],
  [TooManyPeriodsError, 400],
  [ModelNotFoundError, 404],
  [CardNotFoundError, 404],
  [LicenseNotFoundError, 404],
  [SyncRunNotFoundError, 404],
  [SyncAlreadyRunningError, 409]
]

function statusOf (err: FastifyError): number {
  if (err.validation) return 400
  const domain = DOMAIN_STATUS.find(([type]) => err instanceof type)
  if (domain !== undefined) return domain[1]
  // HTTP errors of our plugins and Fastify's own 4xx (body too large, bad content type, ...).
  return err.statusCode !== undefined && err.statusCode >= 400 ? err.statusCode : 500
}

// Name the offending input: `querystring/limit must be <= 100`, `querystring/foo is not a known parameter`.
function describeValidation (err: FastifyError): string {
  const where = err.validationContext ?? 'request'
  return (err.validation ?? []).map((v) => {
    const path = `${where}${v.instancePath}`
    if (v.keyword === 'additionalProperties') return `${path}/${String(v.params.additionalProperty)} is not a known parameter`
    return `${path} ${v.message ?? 'is invalid'}`
  }).join('; ')
}

export default fp(async function problemDetails (app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = statusOf(err)
    // A 5xx never carries internals: a driver's or Prisma's code (P1001...) stays in the log.
    if (status >= 500) request.log.error({ err }, 'request failed')
    const code = err.validation ? 'CATALOG_INVALID_REQUEST' : status >= 500 ? 'CATALOG_INTERNAL' : (err.code ?? 'CATALOG_INVALID_REQUEST')
    const detail = err.validation
      ? describeValidation(err)
      : status >= 500 ? 'The server could not answer this request; the error is logged' : err.message
    const problem: Problem = {
      type: `urn:cerebras-gpt-catalog:problem:${code}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail,
      code,
      instance: request.url.split('?')[0]
    }
    return reply.code(status).type('application/problem+json').send(problem)
  })

  app.setNotFoundHandler(async (request) => {
    throw new RouteNotFoundError(request.method, request.url.split('?')[0])
  })
}, { name: 'problem-details' })
