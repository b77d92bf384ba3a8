// One delivery attempt of a signed webhook: the target is checked again (the URL's shape, and every address its
// host resolves to now, against the target policy), then the POST connects only to the addresses just checked, so
// a DNS answer that changes between the check and the connection (rebinding) cannot reach a refused address.
// No redirect is followed (a 3xx is a failed attempt); the attempt has one deadline; the answer's body is not kept.
import type { LookupAddress, LookupOptions } from 'node:dns'
import { isIPv6 } from 'node:net'
import { Agent, request } from 'undici'
import { signDelivery } from './signing.js'
import { checkTargetUrl, resolveTarget, type CidrList, type Lookup } from './target-policy.js'

export interface DeliveryTarget {
  url: string
  /** The subscription's signing secret (whsec_...). */
  secret: string
}

export interface DeliveryMessage {
  /** webhook-id: the same on every attempt of the message. */
  id: string
  /** The JSON body, exactly as sent and signed. */
  body: string
}

export interface DeliverOptions {
  allow: CidrList
  /** The whole attempt: resolving, connecting, sending and the answer's headers. */
  timeoutMs: number
  lookup?: Lookup
  now?: () => Date
}

export type AttemptResult =
  | { ok: true, status: number }
  /** status is the answer's when there was one; error says what went wrong, for the delivery log. */
  | { ok: false, status: number | null, error: string }

const USER_AGENT = 'cerebras-gpt-catalog-webhooks'
const MAX_ERROR_LENGTH = 500

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/** A lookup that answers only the addresses the policy accepted, whatever host it is asked for. */
export function pinnedLookup (addresses: readonly string[]) {
  const answers: LookupAddress[] = addresses.map((address) => ({ address, family: isIPv6(address) ? 6 : 4 }))
  return (_hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    if (options.all === true) {
      callback(null, answers)
      return
    }
    const wanted = options.family === 6 || options.family === 4 ? answers.filter((a) => a.family === options.family) : answers
    const first = wanted[0] ?? answers[0]
    callback(null, first.address, first.family)
  }
}

/** Sends one signed attempt; never throws for what the target or the network does. */
export async function deliverOnce (target: DeliveryTarget, message: DeliveryMessage, opts: DeliverOptions): Promise<AttemptResult> {
  const shape = checkTargetUrl(target.url)
  if (!shape.ok) return { ok: false, status: null, error: `target refused: ${shape.reason}` }
  const signal = AbortSignal.timeout(opts.timeoutMs)
  const resolved = await Promise.race([
    resolveTarget(shape.url, opts.allow, opts.lookup),
    new Promise<{ ok: false, reason: string }>((resolve) => signal.addEventListener('abort', () => resolve({ ok: false, reason: `${shape.url.hostname} did not resolve in time` }), { once: true }))
  ])
  if (!resolved.ok) return { ok: false, status: null, error: `target refused: ${resolved.reason}` }

  const agent = new Agent({
    connect: { lookup: pinnedLookup(resolved.addresses), timeout: opts.timeoutMs },
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
    connections: 1
  })
  try {
    const headers = signDelivery(target.secret, { id: message.id, timestamp: (opts.now ?? (() => new Date()))(), body: message.body })
    const answer = await request(shape.url, {
      method: 'POST',
      dispatcher: agent,
      signal,
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': USER_AGENT },
      body: message.body
    })
    // The answer's body is not needed: read and dropped (bounded), so the connection ends cleanly.
    await answer.body.dump({ limit: 64 * 1024 }).catch(() => {})
    const status = answer.statusCode
    if (status >= 200 && status < 300) return { ok: true, status }
    const why = status >= 300 && status < 400 ? 'a redirect, which is not followed' : 'not a 2xx answer'
    return { ok: false, status, error: `the target answered ${status} (${why})` }
  } catch (err) {
    const error = err as NodeJS.ErrnoException
    const reason = signal.aborted ? `no answer within ${opts.timeoutMs} ms` : `${error.code ?? error.name}: ${error.message}`
    return { ok: false, status: null, error: reason.slice(0, MAX_ERROR_LENGTH) }
  } finally {
    await agent.destroy().catch(() => {})
  }
}
