// RFC 9457 problem details, the body of every error answer.
import { Type, type Static } from 'typebox'
import { ref } from './ref.js'

export const ProblemSchema = Type.Object({
  type: Type.String({ description: 'A URI reference naming the problem type' }),
  title: Type.String({ description: 'Short summary of the problem type' }),
  status: Type.Integer({ description: 'The HTTP status code' }),
  detail: Type.String({ description: 'What went wrong in this request, naming the offending input' }),
  code: Type.String({ description: 'Stable machine-readable error code' }),
  instance: Type.Optional(Type.String({ description: 'The request path' }))
}, { $id: 'Problem', title: 'Problem', description: 'application/problem+json error body (RFC 9457)' })

export type Problem = Static<typeof ProblemSchema>

/** The `title` of a problem with each status (RFC 9110's reason phrases). */
export const PROBLEM_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable'
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'The request is invalid; detail names the offending input',
  401: 'No valid bearer token; WWW-Authenticate says which scheme',
  404: 'Not found',
  406: 'None of the media types the Accept header allows can be produced',
  409: 'Conflict with the current state',
  413: 'The body is too large',
  415: 'The body\'s media type is not accepted',
  429: 'Rate limit exceeded; Retry-After says when to come back',
  431: 'The request\'s header fields are too large (refused before any route, on every path)',
  500: 'An unexpected error; it is logged',
  503: 'The database is not answering; Retry-After says when to try again'
}

const RETRY_AFTER = { 'retry-after': { type: 'integer', minimum: 0, description: 'Seconds to wait before trying again' } }
// Headers that come with some problems, documented with them.
const HEADERS: Record<number, Record<string, object>> = {
  401: { 'www-authenticate': { type: 'string', description: 'The scheme to authenticate with: Bearer', examples: ['Bearer realm="cerebras-gpt-catalog admin"'] } },
  429: RETRY_AFTER,
  503: RETRY_AFTER
}

/**
 * Error responses as application/problem+json, for OpenAPI and serialization alike. A route that
 * may answer 500 may also find the database down: 503 comes with it.
 */
export const problemResponses = (...statuses: number[]) => {
  const all = statuses.includes(500) && !statuses.includes(503) ? [...statuses, 503] : statuses
  return Object.fromEntries(all.map((s) => [s, {
    description: `${PROBLEM_TITLES[s] ?? 'Problem'}. ${DESCRIPTIONS[s] ?? 'See detail'}`,
    ...(HEADERS[s] === undefined ? {} : { headers: HEADERS[s] }),
    content: { 'application/problem+json': { schema: ref(ProblemSchema) } }
  }]))
}
