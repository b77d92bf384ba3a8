// Every event type, caused over the replay Hub and delivered to a receiver on 127.0.0.1, matches the body the
// OpenAPI document publishes under `webhooks` (checked with Ajv against /openapi.json itself), and the document's
// webhooks compile into types with openapi-typescript.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import openapiTS, { astToString } from 'openapi-typescript'
import { setupCatalog } from '../helpers/build.js'
import { verifyDelivery } from '../../src/webhooks/signing.js'
import { WEBHOOK_EVENTS } from '../../src/schemas/webhooks.js'
import type { AttemptRecord } from '../../src/webhooks/webhook-deliveries.js'

const TOKEN = 'event-payloads-admin-token-0123'
const M111 = 'cerebras/Cerebras-GPT-111M'
const M256 = 'cerebras/Cerebras-GPT-256M'
const camel = (event: string) => event.replace(/[._](\w)/g, (_, c: string) => c.toUpperCase())

t.test('each event type, as delivered, matches the document\'s webhooks', async (t) => {
  const { app, hub } = await setupCatalog(t, {
    ADMIN_TOKEN: TOKEN,
    WEBHOOK_ALLOW_PRIVATE: '127.0.0.0/8',
    TRACKED_AUTHORS: 'cerebras',
    DOWNLOAD_MILESTONES: '1000000000',
    SYNC_FAILED_AFTER: '1',
    HUB_MAX_ATTEMPTS: '1'
  })
  for (const id of ['cerebras/btlm-3b-8k-base', 'cerebras/Cerebras-GPT-Intermediate']) hub.remove(id)
  await app.ready()
  await app.sync.run('cli')

  const bodies: Array<{ headers: http.IncomingHttpHeaders, body: string }> = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => { body += c })
    req.on('end', () => { bodies.push({ headers: req.headers, body }); res.writeHead(204).end() })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/all`
  const created = await app.inject({ method: 'POST', url: '/api/webhooks', headers: { authorization: `Bearer ${TOKEN}` }, payload: { url, events: [...WEBHOOK_EVENTS] } })
  const { secret } = created.json() as { secret: string }

  let delivered = 0
  let allDelivered!: () => void
  const done = new Promise<void>((resolve) => { allDelivered = resolve })
  const expected = 7
  app.deliveries.onAttempt((r: AttemptRecord) => { if (r.result.ok && ++delivered === expected) allDelivered() })

  // model.revision and model.license_changed
  const info = hub.repos.get(M111)!.info as { cardData: Record<string, unknown> }
  info.cardData = { ...info.cardData, license: 'mit' }
  hub.setSha(M111, '9'.repeat(40))
  // downloads.milestone
  hub.setCounts(M111, { downloadsAllTime: 1_000_000_001 })
  // model.missing
  const saved = { repo: hub.repos.get(M256)!, entry: hub.listing.find((e) => e.id === M256)! }
  hub.remove(M256)
  // model.added
  hub.addModel('cerebras/Cerebras-GPT-111M-extra')
  await app.sync.run('cli')
  // model.added with reappeared
  hub.repos.set(M256, saved.repo)
  hub.listing.push(saved.entry)
  await app.sync.run('cli')
  // sync.failed
  hub.fault({ match: (r) => r.path === '/api/models', status: 503 })
  await app.sync.run('cli')
  await done

  const doc = (await app.inject('/openapi.json')).json() as { webhooks: Record<string, unknown> }
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  addFormats.default(ajv)
  ajv.addSchema(doc as object, 'openapi.json')
  const types = new Map<string, number>()
  for (const { headers, body } of bodies) {
    t.same(verifyDelivery(secret, headers, body), { ok: true })
    const payload = JSON.parse(body) as { type: string, data: Record<string, unknown> }
    types.set(payload.type, (types.get(payload.type) ?? 0) + 1)
    const validate = ajv.compile({ $ref: `openapi.json#/webhooks/${camel(payload.type)}/post/requestBody/content/application~1json/schema` })
    t.ok(validate(payload), `${payload.type} matches the document: ${ajv.errorsText(validate.errors)}`)
  }
  t.same(Object.fromEntries(types), {
    'model.revision': 1, 'model.license_changed': 1, 'downloads.milestone': 1, 'model.missing': 1, 'model.added': 2, 'sync.failed': 1
  }, 'every event type delivered')
  t.same(Object.keys(doc.webhooks).sort(), WEBHOOK_EVENTS.map(camel).sort())

  // A receiver's types, as `npx openapi-typescript openapi.json` writes them, name every delivery.
  const source = astToString(await openapiTS(doc as never))
  for (const event of WEBHOOK_EVENTS) t.match(source, new RegExp(`${camel(event)}: \\{`), `${event} has a type`)
})
