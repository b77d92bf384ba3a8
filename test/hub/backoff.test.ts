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

t.test('Retry-After: only whole seconds or a date; blanks around are allowed', async (t) => {
  const now = Date.parse('2026-01-01T00:00:00Z')
  const cases: Array<[string | undefined, number | null]> = [
    [' 7 ', 7000], ['12', 12_000], ['0', 0],
    ['7s', null], ['x7', null], ['', null], ['   ', null], [undefined, null],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0] // a date already past: no wait
  ]
  for (const [value, ms] of cases) t.equal(parseRetryAfterMs(value, now), ms, JSON.stringify(value))
})

t.test('RateLimit: the policy quoted or not, r and t as whole numbers, anything else refused', async (t) => {
  const cases: Array<[string | null, { policy: string, remaining: number, resetMs: number } | null]> = [
    ['api;r=1;t=9', { policy: 'api', remaining: 1, resetMs: 9000 }],
    ['  "api" ; r = 2 ; t = 8 ', { policy: 'api', remaining: 2, resetMs: 8000 }],
    ['"api";q=500;r=3;w=300;t=7', { policy: 'api', remaining: 3, resetMs: 7000 }],
    ['"api";flag;r=4;t=6', { policy: 'api', remaining: 4, resetMs: 6000 }],
    ['x"api";r=0;t=5', null],
    ['"api";r=0;t=5\nx', null],
    ['"api";r=abc;t=5', null],
    ['"api";r=a5;t=5', null],
    ['"api";r=5a;t=5', null],
    ['"api";t=5', null],
    ['"api";r=-1;t=5', null],
    [null, null]
  ]
  for (const [value, state] of cases) t.same(parseRateLimit(value), state, JSON.stringify(value))
})
