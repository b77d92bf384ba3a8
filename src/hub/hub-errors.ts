// Turns any Hub failure into a short, token-free description that can be stored and shown.
import { HubApiError } from '@huggingface/hub'
import { HubMalformedError, HubRepoRenamedError } from '../errors.js'
import { describeNetworkError } from './hub-fetch.js'

export interface HubFailure {
  code: string
  status: number | null
  message: string
}

const TOKEN_PATTERN = /hf_[A-Za-z0-9_-]{4,}/g

export function redactTokens (text: string): string {
  return text.replace(TOKEN_PATTERN, 'hf_***')
}

export function describeHubFailure (err: unknown): HubFailure {
  if (err instanceof HubApiError) {
    // The Hub answers 401 both for a bad token and, to anonymous callers, for missing or private repos.
    const code = err.statusCode === 401 && /invalid credentials/i.test(err.message)
      ? 'HUB_INVALID_TOKEN'
      : err.statusCode === 401 || err.statusCode === 404
        ? 'HUB_NOT_FOUND'
        : err.statusCode === 403 ? 'HUB_FORBIDDEN' : err.statusCode === 429 ? 'HUB_RATE_LIMITED' : 'HUB_HTTP_ERROR'
    // The library appends the full URL (every expand key) and the request id; keep the id only.
    const reason = err.message.split(/\.? URL: /)[0].replace(/\.+$/, '')
    const request = err.requestId ? ` (request ${err.requestId})` : ''
    return { code, status: err.statusCode, message: redactTokens(`${err.statusCode} ${reason}${request}`) }
  }
  if (err instanceof HubMalformedError || err instanceof HubRepoRenamedError) return { code: err.code, status: null, message: redactTokens(err.message) }
  // No answer in time: our per-attempt limit (a TimeoutError) or one of undici's own timeouts.
  const timedOut = (err as Error)?.name === 'TimeoutError' || /^UND_ERR_(CONNECT|HEADERS|BODY)_TIMEOUT$/.test(String((err as { cause?: { code?: unknown } })?.cause?.code))
  return { code: timedOut ? 'HUB_TIMEOUT' : 'HUB_UNREACHABLE', status: null, message: redactTokens(describeNetworkError(err)) }
}
