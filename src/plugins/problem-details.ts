// Every error leaves as application/problem+json (RFC 9457) with a stable code.
import fp from 'fastify-plugin'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify'
import { PROBLEM_TITLES, type Problem } from '../schemas/problem.js'
import {
  BadCursorError, BadRangeError, CardNotFoundError, HubWebhookPayloadError, DatabaseUnavailableError, LicenseNotFoundError, ModelNotFoundError, RouteNotFoundError,
  ScalingFitUnavailableError, ScalingInputError, SyncAlreadyRunningError, SyncRunNotFoundError, TooManyPeriodsError, TrainingNotFoundError, UnknownFieldError,
  UnknownModelError, WebhookSubscriptionNotFoundError, WebhookTargetRefusedError
} from '../errors.js'
import { isDatabaseUnavailable } from '../db/database-errors.js'

/** Seconds a client should wait before retrying when the database does not answer. */
const DATABASE_RETRY_AFTER_S = 5

// The domain's errors and the HTTP status each stands for; anything else unmapped is a 500.
const DOMAIN_STATUS: Array<[new (...args: never[]) => Error, number]> = [
  [BadCursorError, 400],
  [UnknownFieldError, 400],
  [BadRangeError, 400],
  [TooManyPeriodsError, 400],
  [ScalingInputError, 400],
  [HubWebhookPayloadError, 400],
  [WebhookTargetRefusedError, 400],
  [WebhookSubscriptionNotFoundError, 404],
  [UnknownModelError, 400],
  [ModelNotFoundError, 404],
  [TrainingNotFoundError, 404],
  [CardNotFoundError, 404],
  [LicenseNotFoundError, 404],
  [SyncRunNotFoundError, 404],
  [SyncAlreadyRunningError, 409],
  [ScalingFitUnavailableError, 409]
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

const problemOf = (status: number, code: string, detail: string, instance?: string): Problem =>
  ({ type: `urn:cerebras-gpt-catalog:problem:${code}`, title: PROBLEM_TITLES[status] ?? 'Error', status, detail, code, ...(instance === undefined ? {} : { instance }) })

// Fastify answers some requests before any route or error handler sees them: a path that is not
// valid percent-encoding, a path parameter over maxParamLength, and (at the socket) headers too
// large, a malformed request line, a request too slow. They are problem+json too; these options
// go to the Fastify constructor.
const FRAMEWORK_STATUS: Record<string, [number, string]> = {
  FST_ERR_BAD_URL: [400, 'The path is not valid percent-encoding'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'A path segment is longer than the router accepts'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'The request matches no route constraint']
}

const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'The request headers are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'The request took too long to arrive']
}

export const frameworkErrorOptions: Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> = {
  frameworkErrors (err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    const [status, detail] = FRAMEWORK_STATUS[err.code] ?? [400, 'The request could not be routed']
    reply.code(status).type('application/problem+json').send(problemOf(status, err.code, detail))
  },
  clientErrorHandler (err: NodeJS.ErrnoException, socket: Socket) {
    if (err.code === 'ECONNRESET' || socket.destroyed) return
    const [status, detail] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'The request is not valid HTTP']
    const body = JSON.stringify(problemOf(status, 'CATALOG_BAD_HTTP', detail))
    if (socket.writable) {
      socket.write(`HTTP/1.1 ${status} ${PROBLEM_TITLES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
    }
    socket.destroy(err)
  }
}

export default fp(async function problemDetails (app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    // The database down or not answering: a 503 the client may retry, not a bug.
    if (statusOf(err) >= 500 && isDatabaseUnavailable(err)) {
      request.log.warn({ err }, 'database unavailable')
      err = new DatabaseUnavailableError()
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_S))
    }
    const status = statusOf(err)
    // A 5xx never carries internals: a driver's or Prisma's message stays in the log. Only our
    // own 503 says what it is; any other 5xx is told as internal.
    const internal = status >= 500 && !(err instanceof DatabaseUnavailableError)
    if (internal) request.log.error({ err }, 'request failed')
    const code = err.validation ? 'CATALOG_INVALID_REQUEST' : internal ? 'CATALOG_INTERNAL' : (err.code ?? 'CATALOG_INVALID_REQUEST')
    const detail = err.validation
      ? describeValidation(err)
      : internal ? 'The server could not answer this request; the error is logged' : err.message
    const problem = problemOf(status, code, detail, request.url.split('?')[0])
    return reply.code(status).type('application/problem+json').send(problem)
  })

  app.setNotFoundHandler(async (request) => {
    throw new RouteNotFoundError(request.method, request.url.split('?')[0])
  })
}, { name: 'problem-details' })
