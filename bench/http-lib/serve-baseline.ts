// Baselines for bench/http.ts, in their own process: bare Fastify routes that send the service's
// recorded bytes from memory, (a) as they are or (b) behind our stack (stack.ts).
import Fastify from 'fastify'
import type { AddressInfo } from 'node:net'
import { etagOf, withOurStack } from './stack.js'

export interface RecordedAnswer { url: string, contentType: string, bodyBase64: string }
export interface ServeMessage { type: 'serve', stack: boolean, rateLimitMax: number, answers: RecordedAnswer[] }

async function serve (msg: ServeMessage): Promise<string> {
  // No logger: a bare route is the floor; the service's own logging is part of what it costs.
  const app = Fastify()
  if (msg.stack) await withOurStack(app, { rateLimitMax: msg.rateLimitMax })
  const byUrl = new Map(msg.answers.map((a) => {
    const body = Buffer.from(a.bodyBase64, 'base64')
    return [a.url, { type: a.contentType, body, etag: etagOf(body) }]
  }))
  // One static route per path, as the service routes them (the rate limiter keys on /api/ paths);
  // query variants of a path are told apart by the raw URL.
  for (const path of new Set(msg.answers.map((a) => new URL(a.url, 'http://x').pathname))) {
    app.get(path, async (request, reply) => {
      const answer = byUrl.get(request.url)
      if (answer === undefined) return reply.code(404).send()
      // Our stack's ETag is computed once per answer, as the service's answer cache does.
      if (msg.stack) reply.header('etag', answer.etag)
      return reply.type(answer.type).send(answer.body)
    })
  }
  await app.listen({ port: 0, host: '127.0.0.1' })
  process.once('disconnect', () => { app.close().finally(() => process.exit(0)) })
  process.once('SIGTERM', () => { app.close().finally(() => process.exit(0)) })
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
}

process.once('message', (msg: ServeMessage) => {
  serve(msg).then((url) => process.send?.({ type: 'ready', url, pid: process.pid }), (err: Error) => {
    process.send?.({ type: 'error', message: err.message })
    process.exit(1)
  })
})
