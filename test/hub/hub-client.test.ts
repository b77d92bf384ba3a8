// The Hub client over real HTTP against the replay Hub: retries, backoff, rate limits, deadlines.
import t from 'tap'
import { HubApiError } from '@huggingface/hub'
import { HubClient } from '../../src/hub/hub-client.js'
import { HubMalformedError } from '../../src/errors.js'
import type { HubConfig } from '../../src/config.js'
import { ReplayHub, loadErrorFixture } from '../../src/dev/replay-hub.js'

const hub = new ReplayHub()
t.before(async () => { await hub.start() })
t.teardown(() => hub.stop())
t.beforeEach(() => { hub.resetCounts(); hub.clearFaults() })

function client (overrides: Partial<HubConfig> = {}) {
  const delays: number[] = []
  const config: HubConfig = { endpoint: hub.url, timeoutMs: 5000, maxAttempts: 4, retryDeadlineMs: 600_000, maxConnections: 4, maxAnswerBytes: 8 * 1024 * 1024, ...overrides }
  const c = new HubClient({ config, sleep: async (ms) => { delays.push(ms) }, backoff: { baseMs: 100, maxMs: 1000, random: () => 1 } })
  t.teardown(() => c.close())
  return { c, delays }
}

const listing = (r: { path: string }) => r.path === '/api/models'

t.test('one listing request gives counts and shas, with the 6 default expand keys plus ours', async (t) => {
  const { c } = client()
  const { models, malformed } = await c.listAuthorModels('cerebras')
  t.same(malformed, [])
  t.equal(c.requestCount, 1)
  t.equal(hub.count(), 1)
  // The library's six (pipeline_tag, private, gated, downloads, likes, lastModified), then ours.
  t.same(hub.requests[0].query.getAll('expand').sort(), ['downloads', 'downloadsAllTime', 'gated', 'lastModified', 'likes', 'pipeline_tag', 'private', 'sha'])
  t.equal(hub.requests[0].query.get('author'), 'cerebras')
  const small = models.find((m) => m.id === 'cerebras/Cerebras-GPT-111M')
  t.match(small, { sha: /^[0-9a-f]{40}$/, downloads: Number, downloadsAllTime: Number, likes: Number })
})

t.test('follows Link pagination with absolute URLs', async (t) => {
  hub.pageSize = 4
  t.teardown(() => { hub.pageSize = 500 })
  const { c } = client()
  const { models } = await c.listAuthorModels('cerebras')
  t.equal(models.length, hub.listing.length)
  t.equal(c.requestCount, Math.ceil(hub.listing.length / 4))
})

t.test('retries a 429, waiting what Retry-After says', async (t) => {
  const e = loadErrorFixture('429-rate-limited')
  hub.fault({ match: listing, status: 429, headers: { ...e.headers, 'Retry-After': '3', RateLimit: '"api";r=0;t=2' }, body: e.body })
  const { c, delays } = client()
  const { models } = await c.listAuthorModels('cerebras')
  t.ok(models.length > 0)
  t.equal(c.requestCount, 2, 'the 429 and the retry')
  t.same(delays, [3000])
})

t.test('a 429 without Retry-After waits for the RateLimit reset when the quota is spent', async (t) => {
  hub.fault({ match: listing, status: 429, headers: { RateLimit: '"api";r=0;t=55' } })
  const { c, delays } = client()
  await c.listAuthorModels('cerebras')
  t.same(delays, [55_000])
})

t.test('5xx answers and dropped connections are retried with growing backoff', async (t) => {
  hub.fault({ match: listing, status: 502, times: 1 })
  hub.fault({ match: listing, status: 0, drop: true, times: 1 })
  hub.fault({ match: listing, status: 503, times: 1 })
  const { c, delays } = client()
  await c.listAuthorModels('cerebras')
  t.equal(c.requestCount, 4)
  t.same(delays, [100, 200, 400])
})

t.test('gives up after the attempt budget with the Hub\'s error', async (t) => {
  hub.fault({ match: listing, status: 500, times: 10 })
  const { c, delays } = client({ maxAttempts: 3 })
  const err = await c.listAuthorModels('cerebras').catch((e) => e)
  t.type(err, HubApiError)
  t.equal(err.statusCode, 500)
  t.equal(c.requestCount, 3)
  t.equal(delays.length, 2)
})

t.test('gives up at once when the wait would pass the deadline', async (t) => {
  hub.fault({ match: listing, status: 429, headers: { 'Retry-After': '3600' } })
  const { c, delays } = client({ retryDeadlineMs: 60_000 })
  const err = await c.listAuthorModels('cerebras').catch((e) => e)
  t.equal(err.statusCode, 429)
  t.equal(c.requestCount, 1)
  t.same(delays, [])
})

t.test('4xx other than 429 are not retried', async (t) => {
  const { c } = client()
  const err = await c.modelDetails('cerebras/does-not-exist').catch((e) => e)
  t.type(err, HubApiError)
  t.equal(err.statusCode, 401, 'anonymous requests for missing repos get 401 from the Hub')
  t.equal(c.requestCount, 1)
})

t.test('details come from the API, never from config.json through /resolve/', async (t) => {
  const { c } = client()
  const sha = hub.repos.get('cerebras/Cerebras-GPT-13B')!.info.sha as string
  const d = await c.modelDetails('cerebras/Cerebras-GPT-13B', sha)
  t.equal(hub.requests[0].path, `/api/models/cerebras/Cerebras-GPT-13B/revision/${sha}`)
  t.match(d, { id: 'cerebras/Cerebras-GPT-13B', author: 'cerebras', sha, pipelineTag: 'text-generation', libraryName: 'transformers' })
  t.same(d.config, { architectures: ['GPT2Model'], model_type: 'gpt2' })
  t.equal(d.cardData?.license, 'apache-2.0')
  t.ok(d.createdAt instanceof Date)
  const files = await c.listFiles('cerebras/Cerebras-GPT-13B', sha)
  const card = await c.fileText('cerebras/Cerebras-GPT-13B', sha, files.find((f) => f.path === 'README.md')!)
  t.match(card, /^---\n/)
  t.equal(hub.count('/cerebras/Cerebras-GPT-13B/resolve/'), 1, 'one request for the card')
  t.notOk(hub.requests.some((r) => r.path.endsWith('/config.json')), 'config.json is never resolved')
})

t.test('a malformed answer is reported as such', async (t) => {
  hub.fault({ match: (r) => r.path.startsWith('/api/models/cerebras/Cerebras-GPT-111M/revision/'), status: 200, body: { _id: 'x', id: 'cerebras/Cerebras-GPT-111M', sha: 'not-a-sha', downloads: -1, likes: 1 } })
  const { c } = client()
  const err = await c.modelDetails('cerebras/Cerebras-GPT-111M').catch((e) => e)
  t.type(err, HubMalformedError)
  t.match(err.message, /sha/)
})
