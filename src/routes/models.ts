// GET /api/models and GET /api/models/{owner}/{name}.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ModelNotFoundError } from '../errors.js'
import { ModelDetailSchema, ModelListSchema, ModelParamsSchema } from '../schemas/model.js'
import { problemResponses } from '../schemas/problem.js'
import { ref } from '../schemas/ref.js'

const modelsRoutes: FastifyPluginAsyncTypebox<{ dataNotice?: string }> = async (app, opts) => {
  app.get('/api/models', {
    schema: {
      tags: ['models'],
      summary: 'List the tracked models',
      description: 'Every tracked model with its latest counts, most downloaded (last 30 days) first.',
      response: { 200: ModelListSchema, ...problemResponses(500) }
    }
  }, async () => ({ items: await app.models.list(), ...(opts.dataNotice ? { notice: opts.dataNotice } : {}) }))

  app.get('/api/models/:owner/:name', {
    schema: {
      tags: ['models'],
      summary: 'One model with its files',
      params: ModelParamsSchema,
      response: { 200: ref(ModelDetailSchema), ...problemResponses(400, 404, 500) }
    }
  }, async (request) => {
    const id = `${request.params.owner}/${request.params.name}`
    const model = await app.models.get(id)
    if (model === null) throw new ModelNotFoundError(id)
    return model
  })
}

export default modelsRoutes
