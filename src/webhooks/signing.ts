// Signatures of outbound webhook deliveries, per Standard Webhooks (standardwebhooks.com): the three
// webhook-* headers and an HMAC-SHA256 over `${id}.${timestamp}.${body}`, by the spec's own library, so a
// receiver can verify with any Standard Webhooks implementation.
import { randomBytes } from 'node:crypto'
import { Webhook, WebhookVerificationError } from 'standardwebhooks'

const PREFIX = 'whsec_'
/** Random bytes in a new secret: the spec allows 24 to 64. */
const SECRET_BYTES = 32
const SECRET = /^whsec_(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
// webhook-id is a header value that receivers key on: printable ASCII without spaces, bounded.
const ID = /^[\x21-\x7e]{1,255}$/

export interface Delivery {
  /** The message id, the same on every retry of the message (receivers deduplicate on it). */
  id: string
  /** When this attempt is sent; receivers refuse one more than 5 minutes away from their clock. */
  timestamp: Date
  /** The exact body bytes sent, as text. */
  body: string
}

export interface DeliveryHeaders extends Record<string, string> {
  'webhook-id': string
  'webhook-timestamp': string
  'webhook-signature': string
}

export type Verification = { ok: true } | { ok: false, reason: string }

/** A new signing secret: `whsec_` and the base64 of 32 random bytes. */
export function newSigningSecret (): string {
  return PREFIX + randomBytes(SECRET_BYTES).toString('base64')
}

function webhook (secret: string): Webhook {
  const bytes = SECRET.test(secret) ? Buffer.from(secret.slice(PREFIX.length), 'base64').length : 0
  if (bytes < 24 || bytes > 64) throw new RangeError('the signing secret must be whsec_ and the base64 of 24 to 64 bytes')
  return new Webhook(secret)
}

/** The headers that sign one delivery attempt. */
export function signDelivery (secret: string, delivery: Delivery): DeliveryHeaders {
  const { id, timestamp, body } = delivery
  if (!ID.test(id)) throw new RangeError('the webhook id must be 1 to 255 printable ASCII characters without spaces')
  if (Number.isNaN(timestamp.getTime())) throw new RangeError('the webhook timestamp is not a valid date')
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': webhook(secret).sign(id, timestamp, body)
  }
}

/**
 * What a receiver does: checks the signature (constant time, any of several `v1,` entries) and that the
 * timestamp is within 5 minutes of now. Header names are matched in any case.
 */
export function verifyDelivery (secret: string, headers: Record<string, string | string[] | undefined>, body: string): Verification {
  const single: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') single[name] = value
  }
  try {
    webhook(secret).verify(body, single, { jsonParse: false })
    return { ok: true }
  } catch (err) {
    if (err instanceof WebhookVerificationError) return { ok: false, reason: err.message }
    throw err
  }
}
