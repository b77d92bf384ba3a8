// GET /api/models' query over models in memory (src/catalogue/model-query.ts), on hand-made models whose
// every sort key gives another order, with each expectation written out by hand. The route tests
// (test/routes/models.test.ts) check the same behaviour over HTTP; this file is fast enough to be the
// mutation run's first judge of the module.
import t from 'tap'
import { modelFilter, modelOrder, queryModels } from '../../src/catalogue/model-query.js'
import type { Model, ModelListQuery } from '../../src/schemas/model.js'

function model (id: string, over: Partial<Model> = {}): Model {
  const [author, name] = id.split('/')
  return {
    id,
    author,
    name,
    sha: null,
    pipelineTag: 'text-generation',
    libraryName: 'transformers',
    tags: ['pytorch'],
    license: { hubId: 'apache-2.0', spdxId: 'Apache-2.0', name: 'Apache License 2.0' },
    parameters: null,
    parametersSource: null,
    downloads: null,
    downloadsAllTime: null,
    likes: null,
    createdAt: null,
    lastModified: null,
    syncedAt: null,
    hubUrl: `https://huggingface.co/${id}`,
    architecture: null,
    gated: 'false',
    usedStorage: null,
    lastError: null,
    missingSince: null,
    ...over
  }
}

// Each key orders them differently (desc), and none as the ids do (b,a,c,d): downloads a,c,b,(d); downloadsAllTime b,c,a,(d); likes c,b,a,(d);
// parameters d,b,c,(a); createdAt b,d,a,(c); lastModified a,d,c,(b). d has a different tag, pipeline, library
// and license; c has none of the four.
const A = model('org/a', { downloads: 300, downloadsAllTime: 2000, likes: 1, parameters: null, createdAt: '2026-01-03T00:00:00.000Z', lastModified: '2026-03-09T00:00:00.000Z' })
const B = model('Org/b', { downloads: 100, downloadsAllTime: 5000, likes: 20, parameters: 2_000_000_000, createdAt: '2026-01-09T00:00:00.000Z', lastModified: null })
const C = model('org/c', { downloads: 200, downloadsAllTime: 3000, likes: 30, parameters: 1_300_000_000, createdAt: null, lastModified: '2026-03-01T00:00:00.000Z', pipelineTag: null, libraryName: null, tags: [], license: null })
const D = model('other/d', { downloads: null, downloadsAllTime: null, likes: null, parameters: 6_700_000_000, createdAt: '2026-01-05T00:00:00.000Z', lastModified: '2026-03-05T00:00:00.000Z', pipelineTag: 'Fill-Mask', libraryName: 'GGUF', tags: ['gguf', 'pytorch'], license: { hubId: 'mit', spdxId: 'MIT', name: 'MIT License' } })
const ALL = [C, D, A, B]

const ids = (query: ModelListQuery, offset?: number) => queryModels(ALL, query, offset).items.map((m) => m.id)

t.test('each sort key orders by its own value, desc by default, missing values last', async (t) => {
  t.same(ids({}), ['org/a', 'org/c', 'Org/b', 'other/d'], 'downloads is the default key')
  t.same(ids({ sort: 'downloads' }), ['org/a', 'org/c', 'Org/b', 'other/d'])
  t.same(ids({ sort: 'downloadsAllTime' }), ['Org/b', 'org/c', 'org/a', 'other/d'])
  t.same(ids({ sort: 'likes' }), ['org/c', 'Org/b', 'org/a', 'other/d'])
  t.same(ids({ sort: 'parameters' }), ['other/d', 'Org/b', 'org/c', 'org/a'])
  t.same(ids({ sort: 'createdAt' }), ['Org/b', 'other/d', 'org/a', 'org/c'])
  t.same(ids({ sort: 'lastModified' }), ['org/a', 'other/d', 'org/c', 'Org/b'])
  t.same(ids({ sort: 'id' }), ['Org/b', 'org/a', 'org/c', 'other/d'], 'id is ascending by default, by code unit')
})

t.test('asc reverses the known values and still puts the missing ones last', async (t) => {
  t.same(ids({ sort: 'downloads', order: 'asc' }), ['Org/b', 'org/c', 'org/a', 'other/d'])
  t.same(ids({ sort: 'parameters', order: 'asc' }), ['org/c', 'Org/b', 'other/d', 'org/a'])
  t.same(ids({ sort: 'lastModified', order: 'asc' }), ['org/c', 'other/d', 'org/a', 'Org/b'])
  t.same(ids({ sort: 'id', order: 'desc' }), ['other/d', 'org/c', 'org/a', 'Org/b'])
})

t.test('ties are broken by id ascending, whatever the order', async (t) => {
  const tied = [model('x/q', { likes: 5 }), model('x/p', { likes: 5 }), model('x/r', { likes: 9 }), model('x/o', { likes: null }), model('x/n', { likes: null })]
  t.same(queryModels(tied, { sort: 'likes' }).items.map((m) => m.id), ['x/r', 'x/p', 'x/q', 'x/n', 'x/o'])
  t.same(queryModels(tied, { sort: 'likes', order: 'asc' }).items.map((m) => m.id), ['x/p', 'x/q', 'x/r', 'x/n', 'x/o'])
  const order = modelOrder({ sort: 'likes' })
  t.equal(order(tied[0], tied[1]), 1, 'x/q after x/p')
  t.equal(order(tied[1], tied[0]), -1, 'x/p before x/q')
  t.equal(order(tied[3], tied[2]), 1, 'a missing value after a known one')
  t.equal(order(tied[2], tied[3]), -1, 'a known value before a missing one')
  t.equal(order(tied[2], tied[2]), 0, 'a model against itself')
})

t.test('text filters: q is a case-insensitive substring of the id; author, pipeline tag and library are whole and case-insensitive', async (t) => {
  t.same(ids({ q: 'ORG/' }), ['org/a', 'org/c', 'Org/b'])
  t.same(ids({ q: 'r/d' }), ['other/d'])
  t.same(ids({ author: 'ORG' }), ['org/a', 'org/c', 'Org/b'])
  t.same(ids({ author: 'or' }), [], 'no prefix match')
  t.same(ids({ pipelineTag: 'fill-mask' }), ['other/d'])
  t.same(ids({ pipelineTag: 'TEXT-GENERATION' }), ['org/a', 'Org/b'], 'a model without a pipeline tag never matches')
  t.same(ids({ library: 'gguf' }), ['other/d'])
  t.same(ids({ library: 'Transformers' }), ['org/a', 'Org/b'], 'a model without a library never matches')
  t.same(ids({ library: 'transformer' }), [])
})

t.test('tags must all be present; license by Hub or SPDX id', async (t) => {
  t.same(ids({ tag: ['pytorch'] }), ['org/a', 'Org/b', 'other/d'])
  t.same(ids({ tag: ['pytorch', 'gguf'] }), ['other/d'])
  t.same(ids({ tag: ['gguf', 'safetensors'] }), [])
  t.same(ids({ license: 'MIT' }), ['other/d'])
  t.same(ids({ license: 'apache-2.0' }), ['org/a', 'Org/b'], 'a model without a license never matches')
})

t.test('parameter bounds are inclusive, and a model without a count matches neither', async (t) => {
  t.same(ids({ minParams: 2_000_000_000 }), ['Org/b', 'other/d'])
  t.same(ids({ minParams: 2_000_000_001 }), ['other/d'])
  t.same(ids({ maxParams: 2_000_000_000 }), ['org/c', 'Org/b'])
  t.same(ids({ maxParams: 1_299_999_999 }), [])
  t.same(ids({ minParams: 0 }), ['org/c', 'Org/b', 'other/d'])
  t.same(ids({ minParams: 1_300_000_000, maxParams: 2_000_000_000 }), ['org/c', 'Org/b'])
  t.same(ids({ maxParams: 0 }), [], 'no count is not 0')
})

t.test('without filters every model matches', async (t) => {
  t.ok(ALL.every(modelFilter({})))
  t.notOk(modelFilter({ q: 'zzz' })(A))
})

t.test('pages: limit, offset, total and the next offset', async (t) => {
  t.same(queryModels(ALL, { limit: 3 }), { items: [A, C, B], total: 4, nextOffset: 3 })
  t.same(queryModels(ALL, { limit: 3 }, 3), { items: [D], total: 4, nextOffset: null })
  t.same(queryModels(ALL, { limit: 2 }, 2), { items: [B, D], total: 4, nextOffset: null }, 'a page that ends at the last model is the last page')
  t.same(queryModels(ALL, { limit: 2 }, 1), { items: [C, B], total: 4, nextOffset: 3 })
  t.same(queryModels(ALL, { limit: 2 }, 9), { items: [], total: 4, nextOffset: null }, 'past the end')
  t.same(queryModels(ALL, { q: 'zzz' }), { items: [], total: 0, nextOffset: null })
  t.same(queryModels(ALL, { limit: 0 }, 1), { items: [], total: 4, nextOffset: null }, 'an empty page is the last, whatever the offset (the API asks for at least 1)')
  const many = Array.from({ length: 25 }, (_, i) => model(`m/${String(i).padStart(2, '0')}`))
  const first = queryModels(many, { sort: 'id' })
  t.equal(first.items.length, 20, '20 by default')
  t.equal(first.items[19].id, 'm/19')
  t.equal(first.nextOffset, 20)
  t.same(queryModels(many, { sort: 'id' }, 20).items.map((m) => m.id), ['m/20', 'm/21', 'm/22', 'm/23', 'm/24'])
  t.same(queryModels(many, { sort: 'id', limit: 25 }).nextOffset, null)
})

t.test('fields narrows each item, always with the id; an unknown field is refused by name', async (t) => {
  t.same(queryModels([A], { fields: 'downloads,likes' }).items, [{ id: 'org/a', downloads: 300, likes: 1 }])
  t.same(queryModels([A], { fields: 'id' }).items, [{ id: 'org/a' }])
  t.same(Object.keys(queryModels([A], {}).items[0]), Object.keys(A), 'every field without fields=')
  t.throws(() => queryModels([A], { fields: 'downloads,stars' }), { code: 'CATALOG_UNKNOWN_FIELD', message: /unknown field stars; known fields: id, author, name, sha, pipelineTag/ })
})
