// TypeBox schemas of POST /api/hub-webhooks: the payload the Hub sends (the fields the catalogue reads; the Hub
// sends more, all accepted) and the answer.
import { Type, type Static } from 'typebox'

export const HUB_WEBHOOK_SECURITY_SCHEME = 'hubWebhookSecret'

export const hubWebhookSecurityScheme = {
  type: 'apiKey',
  in: 'header',
  name: 'X-Webhook-Secret',
  description: 'The secret set on the Hub webhook, which the Hub sends verbatim; HUB_WEBHOOK_SECRET here. A missing or wrong one is a 401; with no HUB_WEBHOOK_SECRET configured the route answers 404.'
} as const

export const hubWebhookSecurity = [{ [HUB_WEBHOOK_SECURITY_SCHEME]: [] }]

export const HubWebhookPayloadSchema = Type.Object({
  event: Type.Object({
    action: Type.String({ minLength: 1, maxLength: 100, description: 'create, delete, update or move', examples: ['update'] }),
    scope: Type.String({ minLength: 1, maxLength: 200, description: 'repo, repo.content, repo.config, discussion, discussion.comment (a narrower scope counts as the broader one)', examples: ['repo.content'] })
  }, { additionalProperties: true, description: 'What happened' }),
  repo: Type.Object({
    type: Type.String({ minLength: 1, maxLength: 100, description: 'model, dataset or space', examples: ['model'] }),
    name: Type.String({ minLength: 1, maxLength: 300, description: 'owner/name', examples: ['cerebras/Cerebras-GPT-590M'] }),
    id: Type.Optional(Type.String({ maxLength: 100, description: 'The Hub\'s id of the repo: a moved repo is found by it' })),
    headSha: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description: 'The newest commit of main' }))
  }, { additionalProperties: true, description: 'The repo it happened to' }),
  updatedRefs: Type.Optional(Type.Array(Type.Object({
    ref: Type.String({ maxLength: 500, description: 'e.g. refs/heads/main, refs/pr/7' }),
    oldSha: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description: 'null for a new ref' })),
    newSha: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description: 'null for a deleted ref' }))
  }, { additionalProperties: true }), { maxItems: 1000, description: 'The refs a repo.content event moved' }))
}, { additionalProperties: true, description: 'A Hub webhook payload (https://huggingface.co/docs/hub/webhooks); fields not listed are accepted and ignored' })

export const HubWebhookAnswerSchema = Type.Object({
  action: Type.Enum(['refresh', 'ignore'], { type: 'string', description: 'refresh: a refresh of the model is queued (or was already waiting); ignore: nothing for the catalogue to do' }),
  modelId: Type.Union([Type.String(), Type.Null()], { description: 'The tracked model to refresh; null when ignored' }),
  reason: Type.String({ description: 'Why', examples: ['new commit on refs/heads/main'] }),
  queued: Type.Boolean({ description: 'A new refresh was queued; false when one was already waiting (this event is folded into it) or when ignored' })
}, { description: 'Accepted: the work is queued, not done' })

export type HubWebhookPayload = Static<typeof HubWebhookPayloadSchema>
