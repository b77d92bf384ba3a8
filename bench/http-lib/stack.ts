// Baseline (b)'s stack: what this service puts in front of every /api route, and nothing else.
// ONE function, to follow src/app.ts and src/plugins when they change.
import { createHash } from 'node:crypto'
import etag from '@fastify/etag'
import type { FastifyInstance } from 'fastify'
import security from '../../src/plugins/security.js'

export async function withOurStack (app: FastifyInstance, opts: { rateLimitMax: number }): Promise<void> {
  // As src/app.ts registers it; CORS_ORIGIN is unset in the bench, so corsOrigin is null.
  await app.register(security, { corsOrigin: null, rateLimitMax: opts.rateLimitMax })
  // The ETag half of src/plugins/http-caching.ts: @fastify/etag (304s), with the ETag itself set
  // by the route from etagOf(), computed once, as src/plugins/answer-cache.ts does.
  await app.register(etag)
}

/** The ETag src/plugins/answer-cache.ts gives an answer (the same as @fastify/etag's default). */
export function etagOf (body: Buffer | string): string {
  return `"${createHash('sha1').update(body).digest('base64')}"`
}
