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

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const
const DeliveryStatusSchema = Type.Enum(DELIVERY_STATUSES, {
  type: 'string',
  description: 'pending: an attempt is queued (nextAttemptAt); delivered: the target answered 2xx; failed: every attempt failed'
})
const When = (description: string) => Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description })

export const WebhookDeliveriesQuerySchema = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'How many deliveries to return, newest first', examples: [20] })),
  status: Type.Optional(DeliveryStatusSchema),
  before: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: 'Only deliveries with a smaller id: the next page is ?before= the last id of this one', examples: ['42'] }))
}, { additionalProperties: false })

export const WebhookDeliverySchema = Type.Object({
  id: Type.String({ pattern: '^[0-9]+$', description: 'Delivery id', examples: ['42'] }),
  eventId: Type.String({ pattern: '^evt_[0-9]+$', description: 'The event\'s id, sent as webhook-id on every attempt', examples: ['evt_17'] }),
  type: WebhookEventSchema,
  status: DeliveryStatusSchema,
  attempts: Type.Integer({ minimum: 0, description: 'Attempts made so far' }),
  createdAt: Type.String({ format: 'date-time', description: 'When the event was dispatched to this subscription' }),
  lastAttemptAt: When('When the last attempt was made; null before the first'),
  nextAttemptAt: When('When the next attempt is due (pending); null once delivered or failed'),
  deliveredAt: When('When the target answered 2xx; null until then'),
  responseStatus: Type.Union([Type.Integer(), Type.Null()], { description: 'The HTTP status of the last attempt\'s answer; null when there was none (refused target, no connection, timeout)' }),
  lastError: Type.Union([Type.String(), Type.Null()], { description: 'Why the last attempt failed; null when it did not' })
}, { $id: 'WebhookDelivery', title: 'WebhookDelivery', description: 'One event\'s delivery to the subscription, and how its attempts went' })

export const WebhookDeliveryListSchema = Type.Object({
  items: Type.Array(Type.Unsafe<Static<typeof WebhookDeliverySchema>>(Type.Ref('WebhookDelivery')), { description: 'The deliveries, newest first' })
}, { title: 'WebhookDeliveryList' })

export type WebhookDeliveriesQuery = Static<typeof WebhookDeliveriesQuerySchema>
export type WebhookDeliveryView = Static<typeof WebhookDeliverySchema>
