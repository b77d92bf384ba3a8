// The bodies of outbound webhook deliveries, one TypeBox schema per event type: the OpenAPI document lists them
// under `webhooks` (OpenAPI 3.1), so a receiver can generate its types, and the tests check every event the
// sync writes against them.
import { Type, type Static, type TSchema } from 'typebox'
import type { WebhookEvent } from './webhooks.js'

const ModelId = Type.String({ description: 'The repo id on the Hub', examples: ['cerebras/Cerebras-GPT-111M'] })
const Sha = (description: string) => Type.String({ description, examples: ['b1148f78b8c465222391958e77a0c0b272855e42'] })
const NullableText = (description: string) => Type.Union([Type.String(), Type.Null()], { description })

export const WEBHOOK_EVENT_DATA = {
  'model.added': Type.Object({
    modelId: ModelId,
    sha: Sha('The commit the model was first read at'),
    reappeared: Type.Optional(Type.Literal(true, { description: 'Set when the model is back after it went missing' })),
    missingSince: Type.Optional(Type.String({ format: 'date-time', description: 'With reappeared: since when it had been missing' }))
  }, { additionalProperties: false, description: 'A model seen for the first time (or back after it went missing)' }),
  'model.revision': Type.Object({
    modelId: ModelId,
    oldSha: Sha('The commit the catalogue had'),
    newSha: Sha('The commit the Hub has now')
  }, { additionalProperties: false, description: 'A known model\'s commit moved' }),
  'model.license_changed': Type.Object({
    modelId: ModelId,
    oldLicense: NullableText('The license id the card declared before (lower case); null when none'),
    newLicense: NullableText('The license id it declares now; null when none')
  }, { additionalProperties: false, description: 'The card\'s license: changed' }),
  'model.missing': Type.Object({
    modelId: ModelId,
    lastSha: Type.Union([Type.String(), Type.Null()], { description: 'The last commit the catalogue read' }),
    missingSince: Type.String({ format: 'date-time', description: 'The start of the run that found it gone' })
  }, { additionalProperties: false, description: 'A tracked author\'s stored model is gone from the Hub: kept, marked missing' }),
  'downloads.milestone': Type.Object({
    modelId: ModelId,
    threshold: Type.Integer({ minimum: 1, description: 'The DOWNLOAD_MILESTONES value passed', examples: [100000] }),
    downloadsAllTime: Type.Integer({ minimum: 0, description: 'The lifetime count now' }),
    previousDownloadsAllTime: Type.Integer({ minimum: 0, description: 'The lifetime count the catalogue had before' })
  }, { additionalProperties: false, description: 'A model\'s lifetime download count passed a threshold (once per model and threshold)' }),
  'sync.failed': Type.Object({
    consecutiveFailures: Type.Integer({ minimum: 1, description: 'Failed scheduled or manual runs in a row' }),
    lastRunId: Type.Integer({ description: 'The run that made the streak SYNC_FAILED_AFTER long (GET /api/syncs/{id})' }),
    errors: Type.Array(Type.Object({
      modelId: Type.String({ description: 'The model, or * for the whole run' }),
      code: Type.String({ description: 'The error code', examples: ['HUB_HTTP_ERROR'] }),
      status: Type.Union([Type.Integer(), Type.Null()], { description: 'The Hub\'s HTTP status, when there was one' })
    }, { additionalProperties: false }), { maxItems: 5, description: 'The run\'s first five errors (codes only: messages may name internal hosts)' })
  }, { additionalProperties: false, description: 'Syncs keep failing: the streak reached SYNC_FAILED_AFTER (once per streak)' })
} satisfies Record<WebhookEvent, TSchema>

/** What every delivery's body is: the Standard Webhooks envelope around one event's data. */
export function webhookPayloadSchema<E extends WebhookEvent> (type: E) {
  return Type.Object({
    type: Type.Literal(type),
    timestamp: Type.String({ format: 'date-time', description: 'When the change was stored' }),
    data: WEBHOOK_EVENT_DATA[type]
  }, { additionalProperties: false, title: `${type} delivery` })
}

export type WebhookEventData<E extends WebhookEvent> = Static<typeof WEBHOOK_EVENT_DATA[E]>
