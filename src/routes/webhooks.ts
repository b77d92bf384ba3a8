// The admin API of webhook subscriptions (webhooks out): create one (201, with its signing secret, shown once),
// list them, read one, delete one.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { adminSecurity } from '../schemas/admin.js'
import { EmptyQuerySchema } from '../schemas/model.js'
import { problemResponses } from '../schemas/problem.js'
import { ref } from '../schemas/ref.js'
import { CreatedWebhookSchema, CreateWebhookSchema, WebhookDeliveriesQuerySchema, WebhookDeliveryListSchema, WebhookListSchema, WebhookParamsSchema, WebhookSubscriptionSchema } from '../schemas/webhooks.js'

const webhooksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/webhooks', {
    ...app.adminRoute,
    schema: {
      tags: ['webhooks', 'admin'],
      operationId: 'createWebhook',
      summary: 'Subscribe to change events',
      description: 'Creates a subscription: the target must be http(s), and every address its host resolves to must be public (loopback, private, link-local and similar addresses are refused unless WEBHOOK_ALLOW_PRIVATE lists them). Answers 201 with the subscription and its signing secret (`whsec_` + base64, Standard Webhooks), shown only here.',
      security: adminSecurity,
      body: CreateWebhookSchema,
      response: { 201: CreatedWebhookSchema, ...problemResponses(400, 401, 404, 415, 429, 500) }
    }
  }, async (request, reply) => {
    const created = await app.webhooks.create(request.body)
    return reply.code(201).header('location', `/api/webhooks/${created.id}`).send(created)
  })

  app.get('/api/webhooks', {
    ...app.adminRoute,
    schema: {
      tags: ['webhooks', 'admin'],
      operationId: 'listWebhooks',
      summary: 'The webhook subscriptions',
      description: 'Every subscription, oldest first; secrets are never listed.',
      security: adminSecurity,
      querystring: EmptyQuerySchema,
      response: { 200: WebhookListSchema, ...problemResponses(400, 401, 404, 406, 429, 500) }
    }
  }, async () => ({ items: await app.webhooks.list() }))

  app.get('/api/webhooks/:id', {
    ...app.adminRoute,
    schema: {
      tags: ['webhooks', 'admin'],
      operationId: 'getWebhook',
      summary: 'One webhook subscription',
      description: 'The subscription, without its secret.',
      security: adminSecurity,
      params: WebhookParamsSchema,
      querystring: EmptyQuerySchema,
      response: { 200: ref(WebhookSubscriptionSchema), ...problemResponses(400, 401, 404, 406, 429, 500) }
    }
  }, async (request) => await app.webhooks.get(request.params.id))

  app.get('/api/webhooks/:id/deliveries', {
    ...app.adminRoute,
    schema: {
      tags: ['webhooks', 'admin'],
      operationId: 'listWebhookDeliveries',
      summary: 'The subscription\'s delivery log',
      description: 'Every event dispatched to the subscription, newest first (page with ?before= the last id): its status (pending, delivered, failed), the attempts made, the last answer\'s HTTP status or error, and when the next attempt is due. A failed attempt is retried after WEBHOOK_RETRY_BASE_S, then twice as long after each failure, at most an hour, up to WEBHOOK_MAX_ATTEMPTS attempts.',
      security: adminSecurity,
      params: WebhookParamsSchema,
      querystring: WebhookDeliveriesQuerySchema,
      response: { 200: WebhookDeliveryListSchema, ...problemResponses(400, 401, 404, 406, 429, 500) }
    }
  }, async (request) => ({ items: await app.webhooks.deliveries(request.params.id, request.query) }))

  app.delete('/api/webhooks/:id', {
    ...app.adminRoute,
    schema: {
      tags: ['webhooks', 'admin'],
      operationId: 'deleteWebhook',
      summary: 'Unsubscribe',
      description: 'Deletes the subscription: nothing more is delivered to it.',
      security: adminSecurity,
      params: WebhookParamsSchema,
      response: { 204: { type: 'null', description: 'Deleted' }, ...problemResponses(400, 401, 404, 429, 500) }
    }
  }, async (request, reply) => {
    await app.webhooks.delete(request.params.id)
    return reply.code(204).send(null)
  })
}

export default webhooksRoutes
