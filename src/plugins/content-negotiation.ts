// 406 for an Accept header no representation of the route satisfies. Routes list what they
// produce in `config.produces` (default JSON); the handler reads the choice from request.answerType.
import fp from 'fastify-plugin'
import Negotiator from 'negotiator'
import type { FastifyInstance } from 'fastify'
import { NotAcceptableError } from '../errors.js'

declare module 'fastify' {
  interface FastifyContextConfig { produces?: string[] }
  interface FastifyRequest { answerType: string }
}

const JSON_ONLY = ['application/json']

export default fp(async function contentNegotiation (app: FastifyInstance) {
  app.decorateRequest('answerType', '')
  // Callback style: it runs on every request, cached answers included; no promise per request.
  app.addHook('onRequest', (request, reply, done) => {
    const produces = request.routeOptions.config?.produces ?? JSON_ONLY
    // The answer depends on Accept: shared caches must key on it.
    if (produces.length > 1) reply.header('vary', 'Accept')
    const accept = request.headers.accept
    if (accept === undefined || accept.trim() === '') {
      request.answerType = produces[0]
      return done()
    }
    const chosen = new Negotiator({ headers: { accept } }).mediaType(produces)
    if (chosen === undefined) {
      // Only answers with data are negotiated; /docs pages and assets pass through.
      if (!request.url.startsWith('/api/')) return done()
      return done(new NotAcceptableError(accept, produces.join(', ')))
    }
    request.answerType = chosen
    done()
  })
}, { name: 'content-negotiation' })
