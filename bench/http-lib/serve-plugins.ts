// One variant of bench/plugins.ts in its own process: a bare Fastify route sending a fixed JSON
// body, plus one per-request piece of our stack, as the service configures it (or as before).
import { createHash } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import Fastify, { type FastifyInstance } from 'fastify'
import etag from '@fastify/etag'
import rateLimit from '@fastify/rate-limit'
import helmet from 'helmet'
import { CatalogMetrics } from '../../src/metrics.js'
import dataNotice from '../../src/plugins/data-notice.js'
import metrics from '../../src/plugins/metrics.js'
import security from '../../src/plugins/security.js'

// About the size of the default model list.
const BODY = JSON.stringify({ items: Array.from({ length: 7 }, (_, i) => ({ id: `cerebras/Cerebras-GPT-${i}`, tags: ['transformers', 'pytorch', 'gpt2'], downloads: i * 1000, text: 'x'.repeat(1000) })), total: 7 })
const ETAG = `"${createHash('sha1').update(BODY).digest('base64')}"`
const HELMET_OPTIONS = { contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } } }

export const VARIANTS: Record<string, (app: FastifyInstance) => Promise<void>> = {
  bare: async () => {},
  // What @fastify/helmet does: helmet's middleware built and run on every request.
  'helmet rebuilt per request': async (app) => {
    app.addHook('onRequest', (request, reply, done) => { helmet(HELMET_OPTIONS)(request.raw, reply.raw, (err) => done(err as Error | undefined)) })
  },
  'helmet headers written (ours)': async (app) => { await app.register(security, { corsOrigin: null, rateLimitMax: 0 }) },
  'rate limit (ours)': async (app) => { await app.register(rateLimit, { max: 100_000_000, timeWindow: '1 minute', enableDraftSpec: true }) },
  'ETag hashed per request': async (app) => { await app.register(etag) },
  'ETag computed once (ours)': async (app) => {
    await app.register(etag)
    app.addHook('onRequest', (_request, reply, done) => { reply.header('etag', ETAG); done() })
  },
  'metrics histogram (ours)': async (app) => {
    await app.register(metrics, { metrics: new CatalogMetrics({ lastSyncAt: async () => null, modelCounts: async () => [] }) })
  },
  'data notice header (ours)': async (app) => { await app.register(dataNotice, { notice: 'placeholder counts' }) }
}

async function serve (variant: string): Promise<string> {
  const app = Fastify()
  await VARIANTS[variant](app)
  app.get('/api/models', async (_request, reply) => reply.type('application/json; charset=utf-8').send(BODY))
  await app.listen({ port: 0, host: '127.0.0.1' })
  process.once('SIGTERM', () => { app.close().finally(() => process.exit(0)) })
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/models`
}

process.once('message', (msg: { variant: string }) => {
  serve(msg.variant).then((url) => process.send?.({ type: 'ready', url }), (err: Error) => {
    process.send?.({ type: 'error', message: err.message })
    process.exit(1)
  })
})
