// Security headers (helmet), CORS when configured (off by default), and rate limits on /api with
// IETF RateLimit headers; admin routes set a stricter limit of their own.
import fp from 'fastify-plugin'
import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import { RateLimitedError } from '../errors.js'

export interface SecurityOptions {
  corsOrigin: string[] | '*' | null
  rateLimitMax: number
}

export default fp<SecurityOptions>(async function security (app: FastifyInstance, opts) {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"]
      }
    }
  })
  if (opts.corsOrigin !== null) await app.register(cors, { origin: opts.corsOrigin === '*' ? '*' : opts.corsOrigin, methods: ['GET', 'HEAD', 'POST'] })
  await app.register(rateLimit, {
    // Only /api is limited by default; a route may still set its own (admin routes do).
    global: opts.rateLimitMax > 0,
    max: opts.rateLimitMax > 0 ? opts.rateLimitMax : 1_000_000,
    timeWindow: '1 minute',
    // The route pattern, not the raw URL: /%61pi/models routes to /api/models too.
    allowList: (request) => !(request.routeOptions.url ?? request.url).startsWith('/api/'),
    enableDraftSpec: true,
    errorResponseBuilder: (_request, context) => new RateLimitedError(context.max, context.after.replace(/^in /, ''), Math.ceil(context.ttl / 1000))
  })
}, { name: 'security' })
