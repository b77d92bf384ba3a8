// POST /api/hub-webhooks: the Hub tells of a change; a tracked model's refresh is queued and the answer is 202 at
// once. Authenticated by the shared secret the Hub sends in X-Webhook-Secret; 404 when none is configured.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { HubWebhookUnauthorizedError, RouteNotFoundError } from '../errors.js'
import { HubWebhookAnswerSchema, HubWebhookPayloadSchema, hubWebhookSecurity } from '../schemas/hub-webhooks.js'
import { problemResponses } from '../schemas/problem.js'
import { decideHubEvent, hubSecretMatches, type RefreshRequests } from '../webhooks/hub-event.js'

export interface HubWebhooksOptions {
  secret?: string
  queue: RefreshRequests | null
  /** TRACKED_AUTHORS: an event for any repo of theirs, a new one too, is for a tracked model. */
  trackedAuthors: string[]
}

const hubWebhooksRoutes: FastifyPluginAsyncTypebox<HubWebhooksOptions> = async (app, opts) => {
  // Before the body is read: without the secret nothing of the request is looked at.
  const requireSecret = async (request: FastifyRequest) => {
    if (opts.secret === undefined || opts.queue === null) throw new RouteNotFoundError(request.method, request.url.split('?')[0])
    const sent = request.headers['x-webhook-secret']
    if (!hubSecretMatches(opts.secret, typeof sent === 'string' ? sent : undefined)) throw new HubWebhookUnauthorizedError()
  }

  app.post('/api/hub-webhooks', {
    preParsing: requireSecret,
    schema: {
      tags: ['webhooks'],
      operationId: 'receiveHubWebhook',
      summary: 'Receive a Hub webhook',
      description: 'Point a Hub webhook (huggingface.co/settings/webhooks) at this URL with a secret, and set HUB_WEBHOOK_SECRET to it. A repo event (a new commit on main, a settings change, a delete or move) for a tracked model (any repo of a TRACKED_AUTHORS author, a new one too) queues a refresh of that model only: its metadata, file tree and card, through the same sync, lock and run history (trigger `webhook`). The refresh waits HUB_WEBHOOK_DEBOUNCE_S, so a burst of events makes one refresh; it is queued in PostgreSQL (pg-boss), survives a restart and runs on any replica. Events for untracked repos, discussions and pull-request refs are acknowledged and ignored.',
      security: hubWebhookSecurity,
      body: HubWebhookPayloadSchema,
      response: { 202: HubWebhookAnswerSchema, ...problemResponses(400, 401, 404, 413, 415, 429, 500) }
    }
  }, async (request, reply) => {
    const snapshot = await app.readModel.current()
    const decision = decideHubEvent(request.body, (name, hubId) => snapshot.findRepo(name, hubId), opts.trackedAuthors)
    if (decision.kind === 'ignore') {
      request.log.info({ reason: decision.reason }, 'Hub webhook ignored')
      return reply.code(202).send({ action: 'ignore', modelId: null, reason: decision.reason, queued: false })
    }
    const { queued } = await opts.queue!.enqueue(decision.modelId)
    request.log.info({ modelId: decision.modelId, reason: decision.reason, queued }, 'Hub webhook: refresh queued')
    return reply.code(202).send({ action: 'refresh', modelId: decision.modelId, reason: decision.reason, queued })
  })
}

export default hubWebhooksRoutes
