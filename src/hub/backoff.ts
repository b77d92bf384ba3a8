// Pure retry arithmetic: exponential backoff with full jitter, Retry-After and the Hub's RateLimit header.

export interface BackoffOptions {
  baseMs: number
  maxMs: number
  random?: () => number
}

/** Full-jitter exponential backoff: a random delay in [0, min(max, base * 2^(attempt-1))]. */
export function backoffDelayMs (attempt: number, opts: BackoffOptions): number {
  const random = opts.random ?? Math.random
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(ceiling * random())
}

/** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfterMs (value: string | null | undefined, now = Date.now()): number | null {
  if (value == null || value.trim() === '') return null
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return null
  return Math.max(0, date - now)
}

export interface RateLimitState {
  policy: string
  remaining: number
  resetMs: number
}

/** The Hub's IETF-draft header, e.g. `"api";r=0;t=55`: r requests remain, the window resets in t seconds. */
export function parseRateLimit (value: string | null | undefined): RateLimitState | null {
  if (value == null) return null
  const match = /^\s*"?([^";]*)"?\s*;(.*)$/.exec(value)
  if (!match) return null
  const params = new Map<string, number>()
  for (const part of match[2].split(';')) {
    const [key, raw] = part.split('=').map((s) => s.trim())
    if (key && raw !== undefined && /^\d+$/.test(raw)) params.set(key, Number(raw))
  }
  const remaining = params.get('r')
  const reset = params.get('t')
  if (remaining === undefined || reset === undefined) return null
  return { policy: match[1], remaining, resetMs: reset * 1000 }
}

/**
 * How long to wait before retrying a 429 or 5xx answer: the server's word (Retry-After, or the
 * RateLimit reset when the quota is exhausted) wins over our own backoff when it is longer.
 */
export function retryDelayMs (attempt: number, headers: { get: (name: string) => string | null }, opts: BackoffOptions, now = Date.now()): number {
  const own = backoffDelayMs(attempt, opts)
  const retryAfter = parseRetryAfterMs(headers.get('retry-after'), now)
  const rateLimit = parseRateLimit(headers.get('ratelimit'))
  const quotaReset = rateLimit !== null && rateLimit.remaining === 0 ? rateLimit.resetMs : null
  return Math.max(own, retryAfter ?? 0, quotaReset ?? 0)
}
