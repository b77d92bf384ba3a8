// OpenAPI document at /openapi.json and the browsable docs at /docs, both from the route schemas.
// The document is the same on every start (no host, port or time in it): openapi.json at the repo
// root is a copy (`npm run openapi:write`), and `npm run lint:openapi` holds it to Redocly's and
// Spectral's rules.
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyDynamicSwaggerOptions, SwaggerTransform } from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import { ADMIN_SECURITY_SCHEME, adminSecurityScheme } from '../schemas/admin.js'
import { HUB_WEBHOOK_SECURITY_SCHEME, hubWebhookSecurityScheme } from '../schemas/hub-webhooks.js'
import { problemResponses } from '../schemas/problem.js'
import { webhookPayloadSchema } from '../schemas/webhook-events.js'
import { WEBHOOK_EVENTS, type WebhookEvent } from '../schemas/webhooks.js'
import { buildInfo } from '../version.js'

// Routes declared outside src/routes, by the plugin that owns them; each route in src/routes names
// its own operationId in its schema.
const OPERATION_IDS: Record<string, string> = {
  'GET /metrics': 'getMetrics'
}

// Node's HTTP parser refuses oversized headers before any route runs (problem+json, see
// problem-details.ts), so every operation can answer it.
const EVERY_ROUTE = problemResponses(431)

// The deliveries a subscription receives (OpenAPI 3.1 `webhooks`): one POST per event type, signed as Standard
// Webhooks says. The key is the event type, camelCased ("model.revision" -> modelRevision).
const DELIVERY_HEADERS = [
  { name: 'webhook-id', in: 'header', required: true, description: 'evt_ and the event id: the same on every attempt of this event (deduplicate on it)', schema: { type: 'string', examples: ['evt_17'] } },
  { name: 'webhook-timestamp', in: 'header', required: true, description: 'When this attempt was sent (Unix seconds); refuse one more than 5 minutes from your clock', schema: { type: 'string', examples: ['1764410400'] } },
  { name: 'webhook-signature', in: 'header', required: true, description: 'v1, and the base64 HMAC-SHA256 of the webhook-id, the webhook-timestamp and the body, joined by dots, with the subscription\'s secret (after whsec_)', schema: { type: 'string' } }
]

type Webhooks = NonNullable<Extract<NonNullable<FastifyDynamicSwaggerOptions['openapi']>, { webhooks?: unknown }>['webhooks']>

const camel = (event: WebhookEvent) => event.replace(/[._](\w)/g, (_, c: string) => c.toUpperCase())

function deliveries (): Webhooks {
  // Plain JSON, checked by Redocly and Spectral (npm run lint:openapi); the option's type is openapi-types' own.
  return Object.fromEntries(WEBHOOK_EVENTS.map((event) => [camel(event), {
    post: {
      operationId: `${camel(event)}Delivery`,
      tags: ['webhooks'],
      summary: `${event}: what a subscriber receives`,
      description: `A delivery of a ${event} event to a subscription that asked for it (POST /api/webhooks). Any 2xx answer delivers it; anything else, a redirect or no answer within WEBHOOK_TIMEOUT_MS is retried with doubling waits up to WEBHOOK_MAX_ATTEMPTS times.`,
      parameters: DELIVERY_HEADERS,
      requestBody: { required: true, content: { 'application/json': { schema: webhookPayloadSchema(event) } } },
      responses: {
        '2XX': { description: 'Delivered' },
        '4XX': { description: 'Not delivered: retried' },
        '5XX': { description: 'Not delivered: retried' }
      }
    }
  }])) as unknown as Webhooks
}

const documented: SwaggerTransform = ({ schema, url, route }) => {
  if (schema === undefined || schema.hide === true) return { schema, url }
  const method = Array.isArray(route.method) ? route.method[0] : route.method
  return {
    url,
    schema: {
      ...schema,
      operationId: schema.operationId ?? OPERATION_IDS[`${method} ${url}`],
      response: { ...(schema.response as object | undefined), ...EVERY_ROUTE }
    }
  }
}

export default fp<{ dataNotice?: string }>(async function openapi (app: FastifyInstance, opts) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'cerebras-gpt-catalog',
        description: 'Catalogue of the Cerebras-GPT checkpoints on the Hugging Face Hub: metadata, download counts and sync runs. Errors are application/problem+json.' +
          (opts.dataNotice ? `\n\n**Note on this instance's data:** ${opts.dataNotice}` : ''),
        version: buildInfo().version,
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
        contact: { name: 'cerebras-gpt-catalog maintainers' }
      },
      // Relative: the paths are served by whichever host answered for this document.
      servers: [{ url: '/', description: 'This server' }],
      webhooks: deliveries(),
      // Public unless an operation says otherwise (the admin routes require adminToken).
      security: [],
      components: { securitySchemes: { [ADMIN_SECURITY_SCHEME]: adminSecurityScheme, [HUB_WEBHOOK_SECURITY_SCHEME]: hubWebhookSecurityScheme } },
      tags: [
        { name: 'models', description: 'The tracked models' },
        { name: 'licenses', description: 'Licenses of the tracked models' },
        { name: 'downloads', description: 'Download history and growth, from the catalogue\'s own snapshots' },
        { name: 'training', description: 'Training facts and evaluations read from the model cards, and the family\'s compute scaling law' },
        { name: 'sync', description: 'Syncing the catalogue from the Hub' },
        { name: 'webhooks', description: 'Change events: the Hub\'s webhooks in (HUB_WEBHOOK_SECRET), subscriptions and the signed deliveries they receive (see webhooks)' },
        { name: 'admin', description: 'Routes that need ADMIN_TOKEN as a bearer token (Authorize); 404 when it is unset' },
        { name: 'health', description: 'Liveness, readiness and Prometheus metrics' },
        { name: 'dashboard', description: 'The HTML dashboard' }
      ]
    },
    transform: documented,
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) }
  })
  // No validator badge: /docs makes no request that leaves the machine.
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { validatorUrl: null, deepLinking: true } })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}, { name: 'openapi' })
