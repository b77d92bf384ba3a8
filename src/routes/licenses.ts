// Licenses: those in use, one in detail, and how one model declares its own.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { LicenseNotFoundError, ModelNotFoundError } from '../errors.js'
import { LicenseDetailSchema, LicenseListSchema, LicenseParamsSchema, ModelLicenseSchema } from '../schemas/license.js'
import { EmptyQuerySchema, ModelParamsSchema, repoIdOf } from '../schemas/model.js'
import { problemResponses } from '../schemas/problem.js'

const licensesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/licenses', {
    config: { cacheAnswer: true },
    schema: {
      tags: ['licenses'],
      operationId: 'listLicenses',
      summary: 'Licenses in use',
      description: 'Every license the tracked models declare, with the models under each and their count.',
      querystring: EmptyQuerySchema,
      response: { 200: LicenseListSchema, ...problemResponses(400, 406, 429, 500) }
    }
  }, async () => ({ items: (await app.readModel.current()).licenses() }))

  app.get('/api/licenses/:id', {
    config: { cacheAnswer: true },
    schema: {
      tags: ['licenses'],
      operationId: 'getLicense',
      summary: 'One license',
      description: 'SPDX id, name, Hub id, OSI approval, reference URL, what the license permits, requires and forbids, whether commercial use is allowed, its full text, and the tracked models under it. Takes a Hub id (apache-2.0) or an SPDX id (Apache-2.0).',
      params: LicenseParamsSchema,
      querystring: EmptyQuerySchema,
      response: { 200: LicenseDetailSchema, ...problemResponses(400, 404, 406, 429, 500) }
    }
  }, async (request) => {
    const detail = (await app.readModel.current()).license(request.params.id)
    if (detail === null) throw new LicenseNotFoundError(request.params.id)
    return detail
  })

  app.get('/api/models/:author/:name/license', {
    config: { cacheAnswer: true },
    schema: {
      tags: ['licenses', 'models'],
      operationId: 'getModelLicense',
      summary: 'How one model declares its license',
      description: 'The license as the card\'s front matter, the Hub\'s `license:` tag and a LICENSE file in the repo state it, with `consistent` and the differences when they disagree.',
      params: ModelParamsSchema,
      querystring: EmptyQuerySchema,
      response: { 200: ModelLicenseSchema, ...problemResponses(400, 404, 406, 429, 500) }
    }
  }, async (request) => {
    const id = repoIdOf(request.params)
    const license = await app.licenses.forModel(id)
    if (license === null) throw new ModelNotFoundError(id)
    return license
  })
}

export default licensesRoutes
