// TypeBox schemas of the webhook subscriptions (webhooks out), managed through the admin API.
import { Type, type Static } from 'typebox'

export const WEBHOOK_EVENTS = ['model.revision', 'model.license_changed', 'model.added', 'model.missing', 'downloads.milestone', 'sync.failed'] as const
export const WebhookEventSchema = Type.Enum(WEBHOOK_EVENTS, {
  type: 'string',
  description: 'model.revision: a new sha (old and new); model.license_changed; model.added / model.missing; downloads.milestone: the lifetime count passed a threshold; sync.failed: syncs keep failing'
})
export type WebhookEvent = Static<typeof WebhookEventSchema>

const Id = Type.String({ pattern: '^whsub_[A-Za-z0-9_-]{16,64}$', description: 'Subscription id', examples: ['whsub_3kTq9v2Lr8XyPz1aBc4DeF'] })

export const CreateWebhookSchema = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2048, description: 'Where deliveries go: http(s) only; an address that is loopback, private or link-local (after DNS resolution) is refused unless WEBHOOK_ALLOW_PRIVATE lists it', examples: ['https://hooks.example.com/catalog'] }),
  events: Type.Array(WebhookEventSchema, { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true, description: 'The events to deliver', examples: [['model.revision', 'sync.failed']] })
}, { additionalProperties: false })

export const WebhookSubscriptionSchema = Type.Object({
  id: Id,
  url: Type.String({ description: 'The target, normalised' }),
  events: Type.Array(WebhookEventSchema, { description: 'The events delivered' }),
  createdAt: Type.String({ format: 'date-time', description: 'When the subscription was created' })
}, { $id: 'WebhookSubscription', title: 'WebhookSubscription', description: 'A subscription to the catalogue\'s change events' })

export const CreatedWebhookSchema = Type.Object({
  id: Id,
  url: Type.String({ description: 'The target, normalised' }),
  events: Type.Array(WebhookEventSchema, { description: 'The events delivered' }),
  createdAt: Type.String({ format: 'date-time', description: 'When the subscription was created' }),
  secret: Type.String({ pattern: '^whsec_[A-Za-z0-9+/=]+$', description: 'Verifies each delivery\'s webhook-signature (Standard Webhooks). Shown only in this answer: keep it' })
}, { title: 'CreatedWebhook' })

export const WebhookListSchema = Type.Object({
  items: Type.Array(Type.Unsafe<Static<typeof WebhookSubscriptionSchema>>(Type.Ref('WebhookSubscription')), { description: 'Every subscription, oldest first (secrets are never listed)' })
}, { title: 'WebhookList' })

export const WebhookParamsSchema = Type.Object({ id: Id })

export type CreateWebhook = Static<typeof CreateWebhookSchema>
export type WebhookSubscriptionView = Static<typeof WebhookSubscriptionSchema>
export type CreatedWebhookView = Static<typeof CreatedWebhookSchema>
