// GET /api/models: every filter, sort key and pagination edge, field selection and errors,
// through app.inject against a database filled by a real sync from the replay Hub.
import t from 'tap'
import { setupCatalog } from '../helpers/build.js'
import { sql } from '../helpers/database.js'
import { applyDiscriminating } from '../helpers/discriminating.js'
import type { ReplayHub } from '../../src/dev/replay-hub.js'

type Item = Record<string, unknown> & { id: string }

async function synced (t: Parameters<typeof setupCatalog>[0], env: Record<string, string> = {}, prepare?: (hub: ReplayHub) => void) {
  const ctx = await setupCatalog(t, env)
  prepare?.(ctx.hub)
  await ctx.app.sync.run('cli')
  const get = async (url: string) => {
    const res = await ctx.app.inject(url)
    return { status: res.statusCode, body: res.json(), headers: res.headers }
  }
  return { ...ctx, get }
}

t.test('the catalogue with its defaults', async (t) => {
  const { app, hub } = await setupCatalog(t)
  const empty = await app.inject('/api/models')
  t.same(empty.json(), { items: [], nextCursor: null, total: 0 }, 'empty before the first sync')
  await app.sync.run('cli')
  const body = (await app.inject('/api/models')).json()
  t.equal(body.total, 7)
  t.equal(body.nextCursor, null)
  t.equal(body.items.length, 7)
  for (const m of body.items as Item[]) {
    const listed = hub.listing.find((e) => e.id === m.id)!
    t.match(m, {
      id: listed.id,
      author: 'cerebras',
      name: String(listed.id).split('/')[1],
      sha: listed.sha,
      downloads: listed.downloads,
      downloadsAllTime: listed.downloadsAllTime,
      likes: listed.likes,
      license: { hubId: 'apache-2.0', spdxId: 'Apache-2.0', name: 'Apache License 2.0' },
      parameters: Number,
      parametersSource: 'card',
      hubUrl: `${hub.url}/${m.id}`,
      architecture: { architectures: Array, modelType: 'gpt2' },
      syncedAt: String
    })
  }
  // The placeholder counts: 13B 7000 down to 111M 1000.
  t.same(body.items.map((m: Item) => m.downloads), [7000, 6000, 5000, 4000, 3000, 2000, 1000], 'most downloaded first by default')
})

t.test('filters', async (t) => {
  const { get } = await synced(t)
  const ids = async (query: string) => ((await get(`/api/models?${query}&limit=100`)).body.items as Item[]).map((m) => m.id).sort()
  t.same(await ids('q=gpt-1'), ['cerebras/Cerebras-GPT-1.3B', 'cerebras/Cerebras-GPT-111M', 'cerebras/Cerebras-GPT-13B'], 'q is a case-insensitive substring')
  t.same((await ids('author=cerebras')).length, 7)
  t.same(await ids('author=someone-else'), [])
  t.same(await ids('tag=feature-extraction'), ['cerebras/Cerebras-GPT-13B'])
  t.same(await ids('tag=feature-extraction&tag=pytorch'), ['cerebras/Cerebras-GPT-13B'], 'repeated tags all must match')
  t.same(await ids('tag=feature-extraction&tag=no-such-tag'), [])
  t.same((await ids('license=Apache-2.0')).length, 7, 'SPDX id')
  t.same((await ids('license=APACHE-2.0')).length, 7, 'Hub id, any case')
  t.same(await ids('license=mit'), [])
  // pipelineTag and library: see 'pipelineTag and library filter, each on its own field'.
  t.same(await ids('minParams=2000000000&maxParams=7000000000'), ['cerebras/Cerebras-GPT-2.7B', 'cerebras/Cerebras-GPT-6.7B'])
  t.same(await ids('maxParams=200000000'), ['cerebras/Cerebras-GPT-111M'])
  const total = (await get('/api/models?minParams=1000000000&limit=1')).body.total
  t.equal(total, 4, 'total counts every page')
})

// Over the discriminating overrides (test/fixtures/discriminating): every key orders the seven
// differently, so a key read from the wrong field fails. Expected orders written out by hand.
const M = (s: string) => `cerebras/Cerebras-GPT-${s}`
const ids = (...sizes: string[]) => sizes.map(M)

t.test('sort keys and order', async (t) => {
  const { get } = await synced(t, {}, applyDiscriminating)
  const order = async (query: string) => ((await get(`/api/models?${query}&limit=100`)).body.items as Item[]).map((m) => m.id)
  t.same(await order('sort=parameters'), ids('13B', '6.7B', '2.7B', '1.3B', '590M', '256M', '111M'), 'desc by default')
  t.same(await order('sort=parameters&order=asc'), ids('111M', '256M', '590M', '1.3B', '2.7B', '6.7B', '13B'))
  t.same(await order('sort=id'), ids('1.3B', '111M', '13B', '2.7B', '256M', '590M', '6.7B'), 'id ascends by default')
  t.same(await order('sort=id&order=desc'), ids('6.7B', '590M', '256M', '2.7B', '13B', '111M', '1.3B'))
  // downloads 9100, 5000, 2600, 1800, 700, 300, 40
  t.same(await order(''), ids('590M', '111M', '2.7B', '13B', '256M', '1.3B', '6.7B'), 'downloads, most first, by default')
  t.same(await order('sort=downloads'), ids('590M', '111M', '2.7B', '13B', '256M', '1.3B', '6.7B'))
  t.same(await order('sort=downloads&order=asc'), ids('6.7B', '1.3B', '256M', '13B', '2.7B', '111M', '590M'))
  // all time 910000, 600000, 333000, 120000, 45000, 20000, 8000
  t.same(await order('sort=downloadsAllTime'), ids('256M', '6.7B', '13B', '1.3B', '590M', '111M', '2.7B'))
  // likes 77, 41, 19, 12, 5, 3, 0
  t.same(await order('sort=likes&order=desc'), ids('1.3B', '2.7B', '13B', '256M', '6.7B', '111M', '590M'))
  t.same(await order('sort=likes&order=asc'), ids('590M', '111M', '6.7B', '256M', '13B', '2.7B', '1.3B'))
  // created 03-28, 03-26, 03-25, 03-23, 03-22, 03-21, 03-20
  t.same(await order('sort=createdAt'), ids('1.3B', '256M', '6.7B', '13B', '590M', '2.7B', '111M'))
  t.same(await order('sort=createdAt&order=asc'), ids('111M', '2.7B', '590M', '13B', '6.7B', '256M', '1.3B'))
  // modified 04-05, 04-11, 04-20, 05-02, 05-19, 06-30, 07-15
  t.same(await order('sort=lastModified&order=asc'), ids('6.7B', '256M', '1.3B', '111M', '13B', '590M', '2.7B'))
  t.same(await order('sort=lastModified'), ids('2.7B', '590M', '13B', '111M', '1.3B', '256M', '6.7B'))
})

t.test('ties sort by id, in either direction; a missing value sorts last', async (t) => {
  const { get, hub, app, db } = await synced(t, {}, applyDiscriminating)
  // 13B and 256M both at 12 likes, 2.7B at 41 (the rest as in the table).
  hub.setCounts(M('13B'), { likes: 12 })
  await app.sync.run('cli')
  const order = async (query: string) => ((await get(`/api/models?${query}&limit=100`)).body.items as Item[]).map((m) => m.id)
  t.same(await order('sort=likes'), ids('1.3B', '2.7B', '13B', '256M', '6.7B', '111M', '590M'), 'desc: the tie by id ascending')
  t.same(await order('sort=likes&order=asc'), ids('590M', '111M', '6.7B', '13B', '256M', '2.7B', '1.3B'), 'asc: the tie by id ascending too')
  await sql(db.url, 'UPDATE models SET hub_created_at = NULL WHERE id = $1', [M('590M')])
  await app.readModel.reload()
  t.same(await order('sort=createdAt'), ids('1.3B', '256M', '6.7B', '13B', '2.7B', '111M', '590M'), 'missing last when desc')
  t.same(await order('sort=createdAt&order=asc'), ids('111M', '2.7B', '13B', '6.7B', '256M', '1.3B', '590M'), 'and last when asc')
})

t.test('each model carries its own dates, pipeline tag, library, gating and parameter source', async (t) => {
  const { get } = await synced(t, {}, applyDiscriminating)
  const one = async (size: string) => (await get(`/api/models/${M(size)}`)).body
  t.match(await one('111M'), { parameters: 111050496, parametersSource: 'safetensors', createdAt: '2023-03-20T00:00:00.000Z', lastModified: '2023-05-02T00:00:00.000Z', downloads: 5000, downloadsAllTime: 20000, likes: 3, gated: 'false' })
  t.match(await one('590M'), { pipelineTag: 'feature-extraction', libraryName: 'transformers', parameters: 590000000, parametersSource: 'card' })
  t.match(await one('6.7B'), { pipelineTag: 'text-generation', libraryName: 'gpt-neox' })
  t.match(await one('1.3B'), { gated: 'manual', createdAt: '2023-03-28T00:00:00.000Z', lastModified: '2023-04-20T00:00:00.000Z' })
})

t.test('pipelineTag and library filter, each on its own field', async (t) => {
  const { get } = await synced(t, {}, applyDiscriminating)
  const found = async (query: string) => ((await get(`/api/models?${query}&limit=100&sort=id`)).body.items as Item[]).map((m) => m.id)
  t.same(await found('pipelineTag=feature-extraction'), ids('590M'))
  t.same(await found('pipelineTag=Feature-Extraction'), ids('590M'), 'any case')
  t.same(await found('pipelineTag=text-generation'), ids('1.3B', '111M', '13B', '2.7B', '256M', '6.7B'))
  t.same(await found('library=gpt-neox'), ids('6.7B'))
  t.same(await found('library=transformers'), ids('1.3B', '111M', '13B', '2.7B', '256M', '590M'))
  t.same(await found('library=transformers&pipelineTag=text-generation'), ids('1.3B', '111M', '13B', '2.7B', '256M'))
  t.same(await found('pipelineTag=gpt-neox'), [], 'a library is no pipeline tag')
})

t.test('cursor pagination walks every model once', async (t) => {
  const { get } = await synced(t)
  const seen: string[] = []
  let url = '/api/models?sort=id&limit=3'
  const pages: number[] = []
  for (;;) {
    const { body } = await get(url)
    t.equal(body.total, 7)
    pages.push(body.items.length)
    seen.push(...(body.items as Item[]).map((m) => m.id))
    if (body.nextCursor === null) break
    url = `/api/models?sort=id&limit=3&cursor=${encodeURIComponent(body.nextCursor)}`
  }
  t.same(pages, [3, 3, 1], 'the last page is short and has no next cursor')
  t.same(seen, [...seen].sort(), 'in order')
  t.equal(new Set(seen).size, 7, 'no repeats, none missing')

  const exact = await get('/api/models?limit=7')
  t.equal(exact.body.nextCursor, null, 'a page that ends exactly at the end has no next cursor')
  const empty = await get('/api/models?q=nothing-matches')
  t.same(empty.body, { items: [], nextCursor: null, total: 0 })
})

t.test('bad cursors are 400s naming the cursor', async (t) => {
  const { get } = await synced(t)
  const first = await get('/api/models?sort=id&limit=2')
  const garbage = await get('/api/models?cursor=not-a-cursor')
  t.equal(garbage.status, 400)
  t.match(garbage.body, { code: 'CATALOG_BAD_CURSOR', detail: /querystring\/cursor/ })
  const forged = await get(`/api/models?cursor=${Buffer.from('{"o":-1,"q":"x"}').toString('base64url')}`)
  t.equal(forged.status, 400)
  const otherQuery = await get(`/api/models?sort=likes&limit=2&cursor=${first.body.nextCursor}`)
  t.equal(otherQuery.status, 400)
  t.match(otherQuery.body.detail, /other filters or sort/)
  const otherLimit = await get(`/api/models?sort=id&limit=5&cursor=${first.body.nextCursor}`)
  t.equal(otherLimit.status, 200, 'the page size may change between pages')
  t.equal(otherLimit.body.items.length, 5)
})

t.test('fields narrows each item; id always comes', async (t) => {
  const { get } = await synced(t)
  const { body } = await get('/api/models?fields=downloads,parameters&limit=2')
  t.same(Object.keys(body.items[0]).sort(), ['downloads', 'id', 'parameters'])
  const bad = await get('/api/models?fields=downloads,secret')
  t.equal(bad.status, 400)
  t.match(bad.body, { code: 'CATALOG_UNKNOWN_FIELD', detail: /secret/ })
})

t.test('bad input: problem+json naming the parameter and why', async (t) => {
  const { app, get } = await synced(t)
  const cases: Array<[string, RegExp]> = [
    ['/api/models?limit=0', /querystring\/limit must be >= 1/],
    ['/api/models?limit=101', /querystring\/limit must be <= 100/],
    ['/api/models?sort=size', /querystring\/sort/],
    ['/api/models?order=up', /querystring\/order/],
    ['/api/models?minParams=-1', /querystring\/minParams must be >= 0/],
    ['/api/models?minParams=lots', /querystring\/minParams must be a number in decimal digits/],
    ['/api/models?colour=blue', /querystring\/colour is not a known parameter/],
    ['/api/models/cerebras/Cerebras-GPT-111M?verbose=1', /querystring\/verbose is not a known parameter/],
    ['/api/models/cerebras/bad%20name', /params\/name must match pattern/]
  ]
  for (const [url, detail] of cases) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 400, url)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.match(res.json(), { type: String, title: 'Bad Request', status: 400, code: 'CATALOG_INVALID_REQUEST', detail, instance: url.split('?')[0] }, url)
  }
  const missing = await get('/api/models/cerebras/Nope')
  t.equal(missing.status, 404)
  t.match(missing.body, { code: 'CATALOG_MODEL_NOT_FOUND', detail: /cerebras\/Nope/ })
  const route = await get('/api/nothing-here')
  t.match(route.body, { status: 404, code: 'CATALOG_ROUTE_NOT_FOUND' })
  const notAcceptable = await app.inject({ url: '/api/models', headers: { accept: 'image/png' } })
  t.equal(notAcceptable.statusCode, 406)
  t.match(notAcceptable.json(), { code: 'CATALOG_NOT_ACCEPTABLE', detail: /image\/png/ })
  for (const res of [missing, route]) t.notMatch(JSON.stringify(res.body), /at .*\.ts:\d+|node_modules/, 'no stack traces')
})

t.test('DATA_NOTICE labels every answer (the demo marks its placeholder counts with it)', async (t) => {
  const notice = 'download counts are PLACEHOLDERS'
  const { app } = await synced(t, { DATA_NOTICE: notice })
  const list = await app.inject('/api/models')
  t.equal(list.json().notice, notice)
  t.equal(list.headers['x-data-notice'], notice)
  t.equal((await app.inject('/api/models/cerebras/Cerebras-GPT-111M')).headers['x-data-notice'], notice)
  t.match((await app.inject('/docs/json')).json().info.description, notice, 'the docs say it too')
  const plain = await setupCatalog(t)
  const res = await plain.app.inject('/api/models')
  t.equal(res.json().notice, undefined)
  t.equal(res.headers['x-data-notice'], undefined)
})
