// OpenAPI document at /openapi.json and the browsable docs at /docs, both from the route schemas.
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

export default fp<{ dataNotice?: string }>(async function openapi (app: FastifyInstance, opts) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'cerebras-gpt-catalog',
        description: 'Catalogue of the Cerebras-GPT checkpoints on the Hugging Face Hub: metadata, download counts and sync runs. Errors are application/problem+json.' +
          (opts.dataNotice ? `\n\n**Note on this instance's data:** ${opts.dataNotice}` : ''),
        version: '0.1.0'
      },
      tags: [
        { name: 'models', description: 'The tracked models' },
        { name: 'licenses', description: 'Licenses of the tracked models' },
        { name: 'downloads', description: 'Download history and growth, from the catalogue\'s own snapshots' },
        { name: 'sync', description: 'Syncing the catalogue from the Hub' },
        { name: 'admin', description: 'Routes that need ADMIN_TOKEN (404 when it is unset)' },
        { name: 'health', description: 'Liveness and readiness' },
        { name: 'dashboard', description: 'The HTML dashboard' }
      ]
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) }
  })
  // No validator badge: /docs makes no request that leaves the machine.
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { validatorUrl: null, deepLinking: true } })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}, { name: 'openapi' })
