// The OpenAPI 3.1 document: valid, and every route, parameter and field documented with examples.
import t from 'tap'
import { Validator } from '@seriousme/openapi-schema-validator'
import { setupCatalog } from '../helpers/build.js'

interface Operation { tags?: string[], summary?: string, description?: string, parameters?: Array<{ name: string, in: string, description?: string, example?: unknown, examples?: unknown }>, responses: Record<string, unknown> }

t.test('/docs/json is valid OpenAPI 3.1', async (t) => {
  const { app } = await setupCatalog(t)
  const res = await app.inject('/docs/json')
  t.equal(res.statusCode, 200)
  const doc = res.json()
  t.equal(doc.openapi, '3.1.0')
  const result = await new Validator().validate(doc)
  t.same(result.errors ?? [], [], 'no validation errors')
  t.equal(result.valid, true)
  t.same((await app.inject('/openapi.json')).json(), doc, '/openapi.json is the same document')
})

t.test('every route has tags, summary, description, described parameters and examples', async (t) => {
  const { app } = await setupCatalog(t)
  const doc = (await app.inject('/docs/json')).json()
  const expected = [
    '/api/models', '/api/models/{author}/{name}', '/api/models/{author}/{name}/files', '/api/models/{author}/{name}/card',
    '/api/models/{author}/{name}/license', '/api/licenses', '/api/licenses/{id}', '/api/syncs', '/api/syncs/{id}', '/api/imports', '/api/trends', '/api/family', '/api/compare', '/health', '/ready', '/metrics', '/'
  ]
  for (const path of expected) t.ok(doc.paths[path], `${path} documented`)
  for (const [path, methods] of Object.entries<Record<string, Operation>>(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const name = `${method.toUpperCase()} ${path}`
      t.ok(op.tags?.length, `${name} has tags`)
      t.ok(op.summary, `${name} has a summary`)
      t.ok(op.description, `${name} has a description`)
      for (const p of op.parameters ?? []) {
        t.ok(p.description, `${name} ${p.in} ${p.name} is described`)
      }
      if (path.startsWith('/api/') && method === 'get') {
        t.ok(op.responses['400'], `${name} declares its 400`)
        t.ok(op.responses['406'], `${name} declares its 406`)
        t.ok(op.responses['500'], `${name} declares its 500`)
      }
      const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path')
      for (const p of pathParams) t.ok(p.example ?? p.examples, `${name} path parameter ${p.name} has an example`)
    }
  }
  for (const [name, schema] of Object.entries<{ properties?: Record<string, { description?: string }> }>(doc.components.schemas)) {
    for (const [field, prop] of Object.entries(schema.properties ?? {})) {
      t.ok(prop.description, `${name}.${field} has a description`)
    }
  }
  const list = doc.paths['/api/models'].get
  t.same(list.responses['200'].content['application/json'].schema.properties.items.items, { $ref: '#/components/schemas/ModelListItem' })
})

t.test('/docs serves Swagger UI from this server only', async (t) => {
  const { app } = await setupCatalog(t)
  const res = await app.inject('/docs/')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/html/)
  t.notMatch(res.body, /https?:\/\/(?!127\.0\.0\.1|localhost)[a-z0-9.-]+\.[a-z]{2,}\/[^"']*\.(js|css)/i, 'no script or style from another host')
  const init = await app.inject('/docs/static/swagger-initializer.js')
  t.equal(init.statusCode, 200)
  t.match(init.body, /validatorUrl/)
})

t.test('every integer input is bounded and every error answer is documented as problem+json', async (t) => {
  const { app } = await setupCatalog(t, { ADMIN_TOKEN: 'a'.repeat(32) })
  const doc = (await app.inject('/docs/json')).json()
  let integers = 0
  for (const [path, methods] of Object.entries<Record<string, Operation & { parameters?: Array<{ name: string, schema?: { type?: string, minimum?: number, maximum?: number } }> }>>(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const name = `${method.toUpperCase()} ${path}`
      for (const p of op.parameters ?? []) {
        if (p.schema?.type !== 'integer') continue
        integers++
        // ajv accepts Infinity as an integer: only a bound keeps it (and 1e309) out.
        t.ok(Number.isSafeInteger(p.schema.minimum) && Number.isSafeInteger(p.schema.maximum), `${name} ${p.name} has a safe minimum and maximum`)
      }
      for (const [status, response] of Object.entries(op.responses as Record<string, { content?: Record<string, unknown> }>)) {
        if (Number(status) < 400 || (path === '/ready' && status === '503')) continue
        t.same(Object.keys(response.content ?? {}), ['application/problem+json'], `${name} ${status} is application/problem+json`)
      }
      if (op.responses['500'] !== undefined) t.ok(op.responses['503'], `${name} declares 503 (database unavailable)`)
    }
  }
  t.ok(integers >= 5, `integer parameters were checked (${integers})`)
})

// Stable: clients generated from the document name their methods after these. A rename is a
// breaking change for them, so it shows here first.
const OPERATION_IDS: Record<string, string> = {
  'GET /api/models': 'listModels',
  'GET /api/models/{author}/{name}': 'getModel',
  'GET /api/models/{author}/{name}/files': 'listModelFiles',
  'GET /api/models/{author}/{name}/card': 'getModelCard',
  'GET /api/models/{author}/{name}/license': 'getModelLicense',
  'GET /api/models/{author}/{name}/downloads': 'getModelDownloads',
  'GET /api/licenses': 'listLicenses',
  'GET /api/licenses/{id}': 'getLicense',
  'GET /api/trends': 'getTrends',
  'GET /api/family': 'getFamily',
  'GET /api/compare': 'compareModels',
  'GET /api/models/{author}/{name}/training': 'getModelTraining',
  'GET /api/evaluations': 'listEvaluations',
  'GET /api/scaling-law': 'getScalingLaw',
  'GET /api/scaling-law/predict': 'predictLoss',
  'POST /api/syncs': 'startSync',
  'GET /api/syncs': 'listSyncs',
  'GET /api/syncs/{id}': 'getSync',
  'POST /api/imports': 'importHistory',
  'POST /api/hub-webhooks': 'receiveHubWebhook',
  'POST /api/webhooks': 'createWebhook',
  'GET /api/webhooks': 'listWebhooks',
  'GET /api/webhooks/{id}': 'getWebhook',
  'DELETE /api/webhooks/{id}': 'deleteWebhook',
  'GET /api/webhooks/{id}/deliveries': 'listWebhookDeliveries',
  'GET /health': 'getHealth',
  'GET /ready': 'getReady',
  'GET /metrics': 'getMetrics',
  'GET /': 'getDashboard'
}
const ADMIN = new Set(['POST /api/syncs', 'GET /api/syncs', 'GET /api/syncs/{id}', 'POST /api/imports', 'POST /api/webhooks', 'GET /api/webhooks', 'GET /api/webhooks/{id}', 'DELETE /api/webhooks/{id}', 'GET /api/webhooks/{id}/deliveries'])

t.test('every operation has its operationId and a 4xx; admin operations require the adminToken bearer scheme', async (t) => {
  const { app } = await setupCatalog(t)
  const doc = (await app.inject('/openapi.json')).json()
  t.same(doc.servers, [{ url: '/', description: 'This server' }], 'one relative server: this one')
  t.same(doc.security, [], 'public unless an operation says otherwise')
  t.match(doc.components.securitySchemes, { adminToken: { type: 'http', scheme: 'bearer' } }, 'a bearer scheme for ADMIN_TOKEN')
  t.ok(doc.info.license?.identifier && doc.info.contact, 'license and contact')
  const found: Record<string, string> = {}
  for (const [path, methods] of Object.entries<Record<string, Operation & { operationId?: string, security?: unknown }>>(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const name = `${method.toUpperCase()} ${path}`
      found[name] = op.operationId ?? ''
      t.match(op.operationId, /^[a-z][a-zA-Z]+$/, `${name} has a camelCase operationId`)
      t.ok(Object.keys(op.responses).some((s) => /^4\d\d$/.test(s)), `${name} documents a 4xx`)
      const security = ADMIN.has(name) ? [{ adminToken: [] }] : name === 'POST /api/hub-webhooks' ? [{ hubWebhookSecret: [] }] : undefined
      t.same(op.security, security, `${name} ${security === undefined ? 'is public' : `requires ${Object.keys(security[0])[0]}`}`)
      if (ADMIN.has(name)) t.ok(op.responses['401'], `${name} documents its 401`)
      t.notOk((op.parameters ?? []).some((p) => p.in === 'header' && p.name.toLowerCase() === 'authorization'), `${name} has no Authorization parameter (the scheme sends it)`)
    }
  }
  t.same(found, OPERATION_IDS, 'the operationIds are the stable ones')
  const tags = new Set(doc.tags.map((tag: { name: string, description?: string }) => tag.description ? tag.name : ''))
  for (const name of Object.keys(found)) {
    const [method, path] = name.split(' ')
    for (const tag of doc.paths[path][method.toLowerCase()].tags) t.ok(tags.has(tag), `${name}: tag ${tag} is declared with a description`)
  }
})

t.test('the documented problems are the answers: 401 with WWW-Authenticate, 406, titles', async (t) => {
  const token = 'c'.repeat(32)
  const { app } = await setupCatalog(t, { ADMIN_TOKEN: token })
  const doc = (await app.inject('/openapi.json')).json()
  const documentedTitle = (path: string, method: string, status: number) =>
    String(doc.paths[path][method].responses[status].description).split('. ')[0]

  const unauthorized = await app.inject('/api/syncs')
  t.equal(unauthorized.statusCode, 401)
  t.match(unauthorized.headers['content-type'], /^application\/problem\+json/)
  t.match(unauthorized.headers['www-authenticate'], /^Bearer /, 'WWW-Authenticate names the bearer scheme')
  t.equal(unauthorized.json().title, documentedTitle('/api/syncs', 'get', 401))
  t.ok(doc.paths['/api/syncs'].get.responses['401'].headers['www-authenticate'], 'and the document says so')
  t.equal((await app.inject({ url: '/api/syncs', headers: { authorization: `Bearer ${token}` } })).statusCode, 200, 'the bearer token is what the scheme sends')

  const notFound = await app.inject('/api/models/cerebras/Nope')
  t.equal(notFound.json().title, documentedTitle('/api/models/{author}/{name}', 'get', 404))
  t.equal(documentedTitle('/api/models', 'get', 406), 'Not Acceptable', 'the 406 is documented as Not Acceptable')
  const notAcceptable = await app.inject({ url: '/api/models', headers: { accept: 'image/png' } })
  t.equal(notAcceptable.statusCode, 406)
  t.match(notAcceptable.headers['content-type'], /^application\/problem\+json/)
  t.equal(notAcceptable.json().title, 'Not Acceptable', 'a 406 answer is titled Not Acceptable')
  const post = await app.inject({ method: 'POST', url: '/api/syncs', headers: { accept: 'text/html', authorization: `Bearer ${token}` } })
  t.equal(post.statusCode, 406, 'POSTs are negotiated too, as documented')
})
