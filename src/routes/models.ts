// The models: the catalogue query, one model and its files (from the read model), and its card.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CardNotFoundError, ModelNotFoundError } from '../errors.js'
import { parseCard } from '../catalogue/model-card.js'
import {
  EmptyQuerySchema, ModelCardSchema, ModelFilesSchema, ModelListQuerySchema, ModelListSchema, ModelParamsSchema, ModelSchema, repoIdOf
} from '../schemas/model.js'
import { problemResponses } from '../schemas/problem.js'
import { ref } from '../schemas/ref.js'

const notFound = (id: string): never => { throw new ModelNotFoundError(id) }

const modelsRoutes: FastifyPluginAsyncTypebox<{ dataNotice?: string }> = async (app, opts) => {
  app.get('/api/models', {
    config: { cacheAnswer: true },
    schema: {
      tags: ['models'],
      operationId: 'listModels',
      summary: 'Query the catalogue',
      description: 'The tracked models, filtered, sorted and paged. Counts are those of the last sync: `downloads` is the Hub\'s rolling 30-day count. `fields` narrows each item as the Hub\'s expand does. Unknown parameters are rejected.',
      querystring: ModelListQuerySchema,
      response: { 200: ModelListSchema, ...problemResponses(400, 406, 429, 500) }
    }
  }, async (request) => {
    const { items, total, nextOffset } = (await app.readModel.current()).list(request.query, app.cursors.decode(request.query))
    const nextCursor = nextOffset === null ? null : app.cursors.encode(request.query, nextOffset)
    return { items, nextCursor, total, ...(opts.dataNotice ? { notice: opts.dataNotice } : {}) }
  })

  app.get('/api/models/:author/:name', {
    config: { cacheAnswer: true },
    schema: {
      tags: ['models'],
      operationId: 'getModel',
      summary: 'One model',
      description: 'Metadata, license, parameter count, counts at the last sync and the architecture summary of one tracked model.',
      params: ModelParamsSchema,
      querystring: EmptyQuerySchema,
      response: { 200: ref(ModelSchema), ...problemResponses(400, 404, 406, 429, 500) }
    }
  }, async (request) => {
    const id = repoIdOf(request.params)
    return (await app.readModel.current()).model(id) ?? notFound(id)
  })

  app.get('/api/models/:author/:name/files', {
    config: { cacheAnswer: true },
    schema: {
      tags: ['models'],
      operationId: 'listModelFiles',
      summary: 'The file tree of one model',
      description: 'Every file of the repo at the synced sha, with sizes (the real size for LFS files), LFS flags and the total.',
      params: ModelParamsSchema,
      querystring: EmptyQuerySchema,
      response: { 200: ModelFilesSchema, ...problemResponses(400, 404, 406, 429, 500) }
    }
  }, async (request) => {
    const id = repoIdOf(request.params)
    return (await app.readModel.current()).files(id) ?? notFound(id)
  })

  app.get('/api/models/:author/:name/card', {
    config: { produces: ['application/json', 'text/markdown'], cacheAnswer: true },
    schema: {
      tags: ['models'],
      operationId: 'getModelCard',
      summary: 'The model card of one model',
      description: 'README.md at the synced sha: its YAML front matter as JSON and its markdown body. `Accept: text/markdown` answers the raw card.',
      params: ModelParamsSchema,
      querystring: EmptyQuerySchema,
      response: {
        200: {
          description: 'The card as JSON, or the raw markdown under Accept: text/markdown',
          content: {
            'application/json': { schema: ModelCardSchema },
            'text/markdown': { schema: { type: 'string', description: 'README.md as stored on the Hub' } }
          }
        },
        ...problemResponses(400, 404, 406, 429, 500)
      }
    }
  }, async (request, reply) => {
    const id = repoIdOf(request.params)
    const card = await app.models.card(id)
    if (card === null) throw new ModelNotFoundError(id)
    if (card.text === null) throw new CardNotFoundError(id)
    if (request.answerType === 'text/markdown') return reply.type('text/markdown; charset=utf-8').send(card.text)
    return { id: card.id, sha: card.sha, ...parseCard(card.text) }
  })
}

export default modelsRoutes
