// Registers the schemas routes point to with $ref; @fastify/swagger lists them as components.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { ModelDetailSchema, ModelFileSchema, ModelSummarySchema } from '../schemas/model.js'
import { ProblemSchema } from '../schemas/problem.js'
import { SyncErrorSchema, SyncRunSchema } from '../schemas/sync.js'

export default fp(async function sharedSchemas (app: FastifyInstance) {
  for (const schema of [ProblemSchema, ModelFileSchema, ModelSummarySchema, ModelDetailSchema, SyncErrorSchema, SyncRunSchema]) {
    app.addSchema(schema)
  }
}, { name: 'shared-schemas' })
