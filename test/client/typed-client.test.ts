// A client as a user would generate it: types from the served OpenAPI document with
// openapi-typescript, checked by tsc against calls to every GET route, then every GET route (and
// its errors) called over HTTP with openapi-fetch, each answer validated against the document's
// schema for its status and media type (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses it).
import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import openapiTS, { astToString } from 'openapi-typescript'
import createClient from 'openapi-fetch'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { setupCatalog } from '../helpers/build.js'
import { PROJECT_ROOT } from '../../src/paths.js'

const run = promisify(execFile)
const TOKEN = 'typed-client-admin-token-0123456789'
const M = { author: 'cerebras', name: 'Cerebras-GPT-111M' }

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> }

/** Validates a body against the schema the document gives for this path, method, status and media type. */
function validatorFor (doc: Doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  addFormats.default(ajv)
  ajv.addSchema(doc as object, 'openapi.json')
  const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1')
  return (route: string, method: string, status: number, mediaType: string, body: unknown): string[] => {
    const response = doc.paths[route]?.[method]?.responses[String(status)]
    if (response === undefined) return [`${method.toUpperCase()} ${route} does not document ${status}`]
    if (response.content?.[mediaType] === undefined) return [`${method.toUpperCase()} ${route} ${status} does not document ${mediaType}`]
    const validate = ajv.compile({ $ref: `openapi.json#/paths/${pointer(route)}/${method}/responses/${status}/content/${pointer(mediaType)}/schema` })
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`)
  }
}

t.test('generated types compile against every GET route, and every answer matches the document', async (t) => {
  const { app } = await setupCatalog(t, { ADMIN_TOKEN: TOKEN, RATE_LIMIT_MAX: '0' })
  await app.sync.run('cli')
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const doc = (await app.inject('/docs/json')).json() as Doc

  // 1. Types, as `npx openapi-typescript openapi.json -o schema.d.ts` writes them, used by a client tsc checks.
  const dir = await mkdtemp(path.join(tmpdir(), 'catalog-client-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await writeFile(path.join(dir, 'schema.d.ts'), astToString(await openapiTS(doc as never)))
  await writeFile(path.join(dir, 'client.ts'), `
import createClient from 'openapi-fetch'
import type { paths } from './schema.js'
const client = createClient<paths>({ baseUrl: 'http://127.0.0.1' })
const m = { author: 'cerebras', name: 'Cerebras-GPT-111M' }
export async function all () {
  const list = await client.GET('/api/models', { params: { query: { sort: 'likes', limit: 5, minParams: 1 } } })
  const first: string | undefined = list.data?.items[0]?.id
  const one = await client.GET('/api/models/{author}/{name}', { params: { path: m } })
  const params: number | null | undefined = one.data?.parameters
  const problem: string | undefined = one.error?.detail
  await client.GET('/api/models/{author}/{name}/files', { params: { path: m } })
  await client.GET('/api/models/{author}/{name}/license', { params: { path: m } })
  await client.GET('/api/models/{author}/{name}/downloads', { params: { path: m, query: { interval: 'week' } } })
  await client.GET('/api/licenses')
  await client.GET('/api/licenses/{id}', { params: { path: { id: 'apache-2.0' } } })
  await client.GET('/api/trends', { params: { query: { window: '7d' } } })
  await client.GET('/api/family', { params: { query: { interval: 'month' } } })
  await client.GET('/api/compare', { params: { query: { ids: 'cerebras/Cerebras-GPT-111M' } } })
  const training = await client.GET('/api/models/{author}/{name}/training', { params: { path: m } })
  const layers: number | null | undefined = training.data?.facts.layers.value
  await client.GET('/api/evaluations', { params: { query: { format: 'json' } } })
  const law = await client.GET('/api/scaling-law', { params: { query: { exclude: ['Cerebras-GPT-13B'] } } })
  const alpha: number | undefined = law.data?.fit?.coefficients.alpha
  const predicted = await client.GET('/api/scaling-law/predict', { params: { query: { flops: 1e22 } } })
  const loss: number | undefined = predicted.data?.loss
  await client.GET('/ready')
  return [first, params, problem, layers, alpha, loss]
}
`)
  await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: true, types: [], baseUrl: '.', paths: { 'openapi-fetch': [path.join(PROJECT_ROOT, 'node_modules/openapi-fetch')] } },
    files: ['client.ts']
  }))
  const tsc = path.join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc')
  const compiled = await run(process.execPath, [tsc, '-p', dir]).then(() => '', (err: { stdout?: string }) => err.stdout ?? String(err))
  t.equal(compiled, '', 'the generated types and the calls type-check')

  // 2. Every GET route and some of its errors, over HTTP, validated against the document.
  const client = createClient<never>({ baseUrl: `http://127.0.0.1:${port}` })
  const valid = validatorFor(doc)
  const calls: Array<[string, Record<string, unknown>, number]> = [
    ['/api/models', { query: { sort: 'likes', limit: 3 } }, 200],
    ['/api/models', { query: { limit: 0 } }, 400],
    ['/api/models', { query: { cursor: 'forged' } }, 400],
    ['/api/models/{author}/{name}', { path: M }, 200],
    ['/api/models/{author}/{name}', { path: { author: 'cerebras', name: 'Nope' } }, 404],
    ['/api/models/{author}/{name}/files', { path: M }, 200],
    ['/api/models/{author}/{name}/card', { path: M }, 200],
    ['/api/models/{author}/{name}/license', { path: M }, 200],
    ['/api/models/{author}/{name}/downloads', { path: M, query: { interval: 'week' } }, 200],
    ['/api/models/{author}/{name}/downloads', { path: M, query: { from: '2020-02-30' } }, 400],
    ['/api/licenses', {}, 200],
    ['/api/licenses/{id}', { path: { id: 'apache-2.0' } }, 200],
    ['/api/licenses/{id}', { path: { id: 'no-such-license' } }, 404],
    ['/api/trends', { query: { window: '7d' } }, 200],
    ['/api/family', { query: { interval: 'month' } }, 200],
    ['/api/compare', { query: { ids: 'cerebras/Cerebras-GPT-111M,cerebras/Cerebras-GPT-256M' } }, 200],
    ['/api/compare', { query: { ids: 'cerebras/Nope' } }, 404],
    ['/api/models/{author}/{name}/training', { path: M }, 200],
    ['/api/models/{author}/{name}/training', { path: { author: 'cerebras', name: 'Nope' } }, 404],
    ['/api/evaluations', {}, 200],
    ['/api/scaling-law', { query: { exclude: ['Cerebras-GPT-13B'] } }, 200],
    ['/api/scaling-law', { query: { exclude: ['Nope'] } }, 400],
    ['/api/scaling-law/predict', { query: { flops: 1e22 } }, 200],
    ['/api/scaling-law/predict', { query: { params: 13e9 } }, 200],
    ['/api/scaling-law/predict', { query: { flops: 0 } }, 400],
    ['/api/syncs', { header: { authorization: `Bearer ${TOKEN}` } }, 200],
    ['/api/syncs', {}, 401],
    ['/api/syncs/{id}', { path: { id: 1 }, header: { authorization: `Bearer ${TOKEN}` } }, 200],
    ['/api/syncs/{id}', { path: { id: 999 }, header: { authorization: `Bearer ${TOKEN}` } }, 404],
    ['/api/webhooks', { header: { authorization: `Bearer ${TOKEN}` } }, 200],
    ['/api/webhooks/{id}', { path: { id: 'whsub_0000000000000000' }, header: { authorization: `Bearer ${TOKEN}` } }, 404],
    ['/api/webhooks/{id}/deliveries', { path: { id: 'whsub_0000000000000000' }, query: { limit: 5, status: 'failed' }, header: { authorization: `Bearer ${TOKEN}` } }, 404],
    ['/health', {}, 200],
    ['/ready', {}, 200]
  ]
  const documented = Object.entries(doc.paths).filter(([route, methods]) => methods.get !== undefined && route.startsWith('/api/')).map(([route]) => route)
  for (const route of documented) t.ok(calls.some(([r]) => r === route), `${route} is called`)
  for (const [route, params, status] of calls) {
    const { response, data, error } = await (client.GET as (r: string, o: object) => Promise<{ response: Response, data?: unknown, error?: unknown }>)(route, { params, parseAs: 'json' })
    const name = `GET ${route} ${JSON.stringify(params)}`
    t.equal(response.status, status, name)
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]
    t.same(valid(route, 'get', response.status, mediaType, data ?? error), [], `${name}: the ${response.status} ${mediaType} answer matches the document`)
  }
})
