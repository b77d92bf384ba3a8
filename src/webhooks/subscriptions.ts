// Webhook subscriptions: created only for a target that passes the target policy (http(s), and every address
// it resolves to public unless WEBHOOK_ALLOW_PRIVATE lists it), each with its own signing secret.
import { randomBytes } from 'node:crypto'
import type { Db } from '../db/prisma.js'
import { WebhookSubscriptionNotFoundError, WebhookTargetRefusedError } from '../errors.js'
import type { CreatedWebhookView, CreateWebhook, WebhookDeliveriesQuery, WebhookDeliveryView, WebhookEvent, WebhookSubscriptionView } from '../schemas/webhooks.js'
import { newSigningSecret } from './signing.js'
import { checkTargetUrl, resolveTarget, type CidrList, type Lookup } from './target-policy.js'

/** How long resolving a target's host may take before the subscription is refused. */
export const RESOLVE_TIMEOUT_MS = 5000

async function withDeadline<T extends { ok: boolean }> (work: Promise<T>, ms: number, reason: string): Promise<T | { ok: false, reason: string }> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<{ ok: false, reason: string }>((resolve) => { timer = setTimeout(() => resolve({ ok: false, reason }), ms) })
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}

const view = (row: { id: string, url: string, events: string[], createdAt: Date }): WebhookSubscriptionView =>
  ({ id: row.id, url: row.url, events: row.events as WebhookEvent[], createdAt: row.createdAt.toISOString() })

const iso = (date: Date | null) => date === null ? null : date.toISOString()

export interface SubscriptionsOptions {
  /** Called after a subscription is stored (the delivery worker starts). */
  onCreated?: () => void
  lookup?: Lookup
}

export class WebhookSubscriptions {
  constructor (private readonly db: Db, private readonly allow: CidrList, private readonly opts: SubscriptionsOptions = {}) {}

  /** Checks the target (throws WebhookTargetRefusedError with the reason) and stores the subscription. */
  async create (input: CreateWebhook): Promise<CreatedWebhookView> {
    const shape = checkTargetUrl(input.url)
    if (!shape.ok) throw new WebhookTargetRefusedError(shape.reason)
    const resolved = await withDeadline(resolveTarget(shape.url, this.allow, this.opts.lookup), RESOLVE_TIMEOUT_MS, `${shape.url.hostname} did not resolve within ${RESOLVE_TIMEOUT_MS / 1000} s`)
    if (!resolved.ok) throw new WebhookTargetRefusedError(resolved.reason)
    // Events after the newest one now: an event whose row is not yet committed has a larger id and is delivered too.
    const { _max: newest } = await this.db.webhookEvent.aggregate({ _max: { id: true } })
    const row = await this.db.webhookSubscription.create({
      data: {
        id: `whsub_${randomBytes(16).toString('base64url')}`,
        url: shape.url.href,
        events: [...new Set(input.events)],
        secret: newSigningSecret(),
        afterEventId: newest.id ?? 0n
      }
    })
    this.opts.onCreated?.()
    return { ...view(row), secret: row.secret }
  }

  async list (): Promise<WebhookSubscriptionView[]> {
    const rows = await this.db.webhookSubscription.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
    return rows.map(view)
  }

  async get (id: string): Promise<WebhookSubscriptionView> {
    const row = await this.db.webhookSubscription.findUnique({ where: { id } })
    if (row === null) throw new WebhookSubscriptionNotFoundError(id)
    return view(row)
  }

  /** The subscription's delivery log, newest first (404 for an unknown subscription). */
  async deliveries (id: string, query: WebhookDeliveriesQuery): Promise<WebhookDeliveryView[]> {
    await this.get(id)
    const rows = await this.db.webhookDelivery.findMany({
      where: {
        subscriptionId: id,
        ...(query.status === undefined ? {} : { status: query.status }),
        ...(query.before === undefined ? {} : { id: { lt: BigInt(query.before) } })
      },
      orderBy: { id: 'desc' },
      take: query.limit ?? 50,
      include: { event: { select: { type: true } } }
    })
    return rows.map((r) => ({
      id: r.id.toString(),
      eventId: `evt_${r.eventId.toString()}`,
      type: r.event.type as WebhookEvent,
      status: r.status as WebhookDeliveryView['status'],
      attempts: r.attempts,
      createdAt: r.createdAt.toISOString(),
      lastAttemptAt: iso(r.lastAttemptAt),
      nextAttemptAt: iso(r.nextAttemptAt),
      deliveredAt: iso(r.deliveredAt),
      responseStatus: r.responseStatus,
      lastError: r.lastError
    }))
  }

  async delete (id: string): Promise<void> {
    const { count } = await this.db.webhookSubscription.deleteMany({ where: { id } })
    if (count === 0) throw new WebhookSubscriptionNotFoundError(id)
  }
}
