// Security headers (helmet's, computed once: they never change), CORS when configured (off by
// default), and rate limits on /api with IETF RateLimit headers; admin routes set a stricter limit.
import type { IncomingMessage, ServerResponse } from 'node:http'
import fp from 'fastify-plugin'
import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import helmet, { type HelmetOptions } from 'helmet'
import type { FastifyInstance } from 'fastify'
import { RateLimitedError } from '../errors.js'

export interface SecurityOptions {
  corsOrigin: string[] | '*' | null
  rateLimitMax: number
}

const HELMET: HelmetOptions = {
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
}

/**
 * The headers helmet sets for these options. @fastify/helmet rebuilds helmet's middleware on every
 * request (30-45% of a cached answer's cost here); with static options its output is a constant.
 */
export function helmetHeaders (options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const res = {
    setHeader: (name: string, value: string | number) => { headers[name.toLowerCase()] = String(value) },
    removeHeader: (name: string) => { delete headers[name.toLowerCase()] }
  }
  let failure: unknown
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => { failure = err })
  if (failure !== undefined) throw failure
  return headers
}

export default fp<SecurityOptions>(async function security (app: FastifyInstance, opts) {
  const headers = helmetHeaders(HELMET)
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers)
    done()
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
