// The retry arithmetic: backoff growth and jitter, Retry-After, and the Hub's RateLimit header.
import t from 'tap'
import { backoffDelayMs, parseRateLimit, parseRetryAfterMs, retryDelayMs } from '../../src/hub/backoff.js'

const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name.toLowerCase()] ?? null })

t.test('backoff doubles per attempt up to the cap, scaled by jitter', async (t) => {
  const opts = { baseMs: 100, maxMs: 1000, random: () => 1 }
  t.same([1, 2, 3, 4, 5].map((a) => backoffDelayMs(a, opts)), [100, 200, 400, 800, 1000])
  t.equal(backoffDelayMs(3, { ...opts, random: () => 0.5 }), 200)
  t.equal(backoffDelayMs(3, { ...opts, random: () => 0 }), 0)
})

t.test('Retry-After as seconds or as an HTTP date', async (t) => {
  t.equal(parseRetryAfterMs('7'), 7000)
  const now = Date.parse('2026-01-01T00:00:00Z')
  t.equal(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now), 30_000)
  t.equal(parseRetryAfterMs('soon'), null)
  t.equal(parseRetryAfterMs(null), null)
})

t.test('RateLimit header of the Hub', async (t) => {
  t.same(parseRateLimit('"api";r=0;t=55'), { policy: 'api', remaining: 0, resetMs: 55_000 })
  t.same(parseRateLimit('"resolvers";r=120;t=3'), { policy: 'resolvers', remaining: 120, resetMs: 3000 })
  t.equal(parseRateLimit('garbage'), null)
  t.equal(parseRateLimit('"api";r=1'), null)
})

t.test('the server\'s wait wins when longer than our backoff', async (t) => {
  const opts = { baseMs: 100, maxMs: 1000, random: () => 1 }
  t.equal(retryDelayMs(1, headers({ 'retry-after': '3' }), opts), 3000)
  t.equal(retryDelayMs(1, headers({ ratelimit: '"api";r=0;t=20' }), opts), 20_000)
  // Quota not exhausted: the reset time is not a reason to wait.
  t.equal(retryDelayMs(1, headers({ ratelimit: '"api";r=5;t=20' }), opts), 100)
  t.equal(retryDelayMs(4, headers({}), opts), 800)
})
