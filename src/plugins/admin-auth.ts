// The admin routes' guard: `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time.
// With no ADMIN_TOKEN configured the routes answer 404, as if they did not exist. It runs as an
// onRequest hook: nothing is read, parsed or validated before it.
import { timingSafeEqual } from 'node:crypto'
import fp from 'fastify-plugin'
import { Type } from 'typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { RouteNotFoundError, UnauthorizedError } from '../errors.js'

export const AdminHeadersSchema = Type.Object({
  authorization: Type.Optional(Type.String({ description: 'Bearer <ADMIN_TOKEN>', examples: ['Bearer 0123456789abcdef'] }))
})

export interface AdminRateLimit { max: number, timeWindow: string }

/** What every admin route declares: the guard (before the body is read) and its stricter limit. */
export function adminRoute (app: FastifyInstance, rateLimit: AdminRateLimit) {
  return { onRequest: app.requireAdmin, config: { rateLimit } }
}

declare module 'fastify' {
  interface FastifyInstance { requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void> }
}

function sameSecret (given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export default fp<{ adminToken?: string }>(async function adminAuth (app: FastifyInstance, opts) {
  app.decorate('requireAdmin', async (request: FastifyRequest, reply: FastifyReply) => {
    // Same answer as an unknown route: without a token the admin surface is not there.
    if (opts.adminToken === undefined) throw new RouteNotFoundError(request.method, request.url.split('?')[0])
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    if (given === undefined || !sameSecret(given, opts.adminToken)) {
      reply.header('www-authenticate', 'Bearer realm="cerebras-gpt-catalog admin"')
      throw new UnauthorizedError()
    }
  })
}, { name: 'admin-auth' })
