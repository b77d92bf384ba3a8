// The fetch every @huggingface/hub call goes through: undici 7 bound to our Agent, with retries,
// a total deadline per request, a time limit and a size cap per answer (body included), and a
// request counter (the sync reports Hub requests per run).
import { setTimeout as sleepFor } from 'node:timers/promises'
import { Agent, fetch as undiciFetch } from 'undici'
import { retryDelayMs, backoffDelayMs, type BackoffOptions } from './backoff.js'
import { HubMalformedError } from '../errors.js'
import { DEFAULT_MAX_ANSWER_BYTES, readAnswer } from './read-answer.js'

export interface HubFetchOptions {
  agent: Agent
  maxAttempts: number
  /** Total time budget for one request including its retries. */
  deadlineMs: number
  /**
   * One attempt, from sending to the last byte of the body (undici's own timeouts bound only the
   * gaps between bytes, so a trickling body would otherwise never end). Default: none.
   */
  attemptTimeoutMs?: number
  /** Largest answer body read; a larger one is refused as malformed. */
  maxAnswerBytes?: number
  backoff?: BackoffOptions
  /** Injectable for tests, which record the delays instead of waiting them out. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<unknown>
  now?: () => number
  onAttempt?: (info: { url: string, attempt: number }) => void
  /** Each attempt's outcome: the HTTP status, or network-error when no answer came. */
  onAnswer?: (status: number | 'network-error') => void
  onRetry?: (info: { url: string, attempt: number, status?: number, error?: string, delayMs: number }) => void
  signal?: AbortSignal
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

const RETRYABLE_STATUS = (status: number): boolean => status === 429 || status >= 500

export function createHubAgent (opts: { timeoutMs: number, maxConnections: number }): Agent {
  return new Agent({
    connections: opts.maxConnections,
    connect: { timeout: opts.timeoutMs },
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
    keepAliveTimeout: 10_000
  })
}

export function createHubFetch (opts: HubFetchOptions): FetchLike {
  const sleep = opts.sleep ?? ((ms: number, signal?: AbortSignal) => sleepFor(ms, undefined, { signal }))
  const now = opts.now ?? Date.now
  const backoff = opts.backoff ?? { baseMs: 500, maxMs: 30_000 }
  const maxBytes = opts.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES

  // One attempt: the answer with its body read, or the network error (a timeout included).
  async function attemptOnce (input: Parameters<FetchLike>[0], init: RequestInit | undefined, url: string): Promise<Response> {
    const timer = new AbortController()
    const timeout = opts.attemptTimeoutMs === undefined
      ? undefined
      : setTimeout(() => timer.abort(new DOMException(`no complete answer within ${opts.attemptTimeoutMs} ms (HUB_TIMEOUT_MS)`, 'TimeoutError')), opts.attemptTimeoutMs)
    try {
      const response = await undiciFetch(input as Parameters<typeof undiciFetch>[0], {
        ...(init as Parameters<typeof undiciFetch>[1]),
        dispatcher: opts.agent,
        signal: opts.signal === undefined ? timer.signal : AbortSignal.any([opts.signal, timer.signal])
      }) as unknown as Response
      // Error answers too: the library reads the last one, and reading frees the connection.
      return await readAnswer(response, maxBytes, url)
    } finally {
      clearTimeout(timeout)
    }
  }

  return async function hubFetch (input, init) {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const started = now()
    for (let attempt = 1; ; attempt++) {
      opts.signal?.throwIfAborted()
      opts.onAttempt?.({ url, attempt })
      let response: Response | undefined
      let failure: unknown
      try {
        response = await attemptOnce(input, init, url)
      } catch (err) {
        // An abort of the run, or an answer too large to read: no retry helps.
        if (opts.signal?.aborted || err instanceof HubMalformedError) throw err
        failure = err
      }
      opts.onAnswer?.(response?.status ?? 'network-error')
      if (response !== undefined && !RETRYABLE_STATUS(response.status)) return response

      const delayMs = response !== undefined
        ? retryDelayMs(attempt, response.headers, backoff, now())
        : backoffDelayMs(attempt, backoff)
      const outOfAttempts = attempt >= opts.maxAttempts
      const outOfTime = now() + delayMs - started > opts.deadlineMs
      if (outOfAttempts || outOfTime) {
        if (response !== undefined) return response // the caller turns it into a HubApiError
        throw failure
      }
      opts.onRetry?.({ url, attempt, status: response?.status, error: failure ? describeNetworkError(failure) : undefined, delayMs })
      await sleep(delayMs, opts.signal)
    }
  }
}

export function describeNetworkError (err: unknown): string {
  const e = err as { message?: string, cause?: { code?: string, message?: string } }
  const cause = e?.cause?.code ?? e?.cause?.message
  return cause ? `${e.message ?? 'network error'} (${cause})` : (e?.message ?? String(err))
}
