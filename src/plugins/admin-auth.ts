// The admin routes' guard: `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time.
// With no ADMIN_TOKEN configured the routes answer 404, as if they did not exist. It runs as a
// preParsing hook: after the rate limit (onRequest), so failed attempts count against a client as
// valid ones do, and before anything is read, parsed or validated. `app.adminRoute` is what every
// admin route spreads into its options: the guard and the stricter rate limit, written once. A
// guarded route must also say so in OpenAPI (`security: adminSecurity`, so Swagger UI's Authorize
// sends the token); one that does not stops the app at startup.
import { timingSafeEqual } from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { RouteNotFoundError, UnauthorizedError } from '../errors.js'
import { ADMIN_SECURITY_SCHEME } from '../schemas/admin.js'

export interface AdminAuthOptions {
  adminToken?: string
  /** Requests per minute per client on admin routes. */
  rateLimitMax: number
}

interface AdminRouteOptions {
  preParsing: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
  config: { rateLimit: { max: number, timeWindow: string } }
}

declare module 'fastify' {
  interface FastifyInstance { adminRoute: AdminRouteOptions }
}

function sameSecret (given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export default fp<AdminAuthOptions>(async function adminAuth (app: FastifyInstance, opts) {
  const requireAdmin = async (request: FastifyRequest, reply: FastifyReply) => {
    // Same answer as an unknown route: without a token the admin surface is not there.
    if (opts.adminToken === undefined) throw new RouteNotFoundError(request.method, request.url.split('?')[0])
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    if (given === undefined || !sameSecret(given, opts.adminToken)) {
      reply.header('www-authenticate', 'Bearer realm="cerebras-gpt-catalog admin"')
      throw new UnauthorizedError()
    }
  }
  app.decorate('adminRoute', { preParsing: requireAdmin, config: { rateLimit: { max: opts.rateLimitMax, timeWindow: '1 minute' } } })
  app.addHook('onRoute', (route) => {
    if (![route.preParsing].flat().includes(requireAdmin)) return
    if (!(route.schema?.security ?? []).some((requirement) => ADMIN_SECURITY_SCHEME in requirement)) {
      throw new Error(`${String(route.method)} ${route.url} is an admin route: its schema needs security: adminSecurity (src/schemas/admin.ts)`)
    }
  })
}, { name: 'admin-auth' })
