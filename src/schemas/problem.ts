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

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { ...ref(ProblemSchema), description: 'Problem details' }]))
