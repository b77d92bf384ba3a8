// The OpenAPI document and /docs come from the route schemas, with descriptions for every field.
import t from 'tap'
import { setupCatalog } from '../helpers/build.js'

t.test('openapi.json documents every route, response and field', async (t) => {
  const { app } = await setupCatalog(t)
  const res = await app.inject('/openapi.json')
  t.equal(res.statusCode, 200)
  const doc = res.json()
  t.equal(doc.openapi, '3.1.0')
  for (const path of ['/api/models', '/api/models/{owner}/{name}', '/api/sync/runs', '/api/sync', '/health']) {
    t.ok(doc.paths[path], `${path} documented`)
  }
  const list = doc.paths['/api/models'].get
  t.same(list.tags, ['models'])
  const item = list.responses['200'].content['application/json'].schema.properties.items.items
  t.same(item, { $ref: '#/components/schemas/ModelSummary' }, 'shared schemas are components')
  for (const name of ['ModelSummary', 'ModelDetail', 'ModelFile', 'SyncRun', 'SyncError', 'Problem']) {
    const schema = doc.components.schemas[name]
    t.ok(schema, `${name} is a component`)
    for (const [field, prop] of Object.entries<{ description?: string }>(schema?.properties ?? {})) {
      t.ok(prop.description, `${name}.${field} has a description`)
    }
  }
  const detail = doc.paths['/api/models/{owner}/{name}'].get
  t.ok(detail.responses['404'], 'error responses are declared')
  t.ok(doc.components?.schemas?.Problem, 'the problem schema is a component')
})

t.test('/docs serves the browsable documentation', async (t) => {
  const { app } = await setupCatalog(t)
  const res = await app.inject('/docs/')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/html/)
  t.match(res.body, /swagger/i)
})
