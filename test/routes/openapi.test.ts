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
