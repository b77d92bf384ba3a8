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

const DESCRIPTIONS: Record<number, string> = {
  400: 'The request is invalid; detail names the offending input',
  401: 'No valid bearer token',
  404: 'Not found',
  406: 'None of the accepted media types can be produced',
  409: 'Conflict with the current state',
  413: 'The body is too large',
  415: 'The body\'s media type is not accepted',
  429: 'Rate limit exceeded; Retry-After says when to come back',
  500: 'An unexpected error; it is logged',
  503: 'The database is not answering; Retry-After says when to try again'
}

/**
 * Error responses as application/problem+json, for OpenAPI and serialization alike. A route that
 * may answer 500 may also find the database down: 503 comes with it.
 */
export const problemResponses = (...statuses: number[]) => {
  const all = statuses.includes(500) && !statuses.includes(503) ? [...statuses, 503] : statuses
  return Object.fromEntries(all.map((s) => [s, {
    description: DESCRIPTIONS[s] ?? 'Problem details',
    content: { 'application/problem+json': { schema: ref(ProblemSchema) } }
  }]))
}
