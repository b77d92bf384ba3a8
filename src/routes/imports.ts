// POST /api/imports: backfill download history (admin), the HTTP twin of `catalog import`.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AdminHeadersSchema } from '../schemas/admin.js'
import { ImportBodySchema, ImportReportSchema } from '../schemas/imports.js'
import { problemResponses } from '../schemas/problem.js'

// An import may be far larger than any other body.
const IMPORT_BODY_LIMIT = 50 * 1024 * 1024

const importsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const type of ['application/x-ndjson', 'application/jsonl', 'text/csv']) {
    if (!app.hasContentTypeParser(type)) app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_req, body, done) => done(null, body))
  }

  app.post('/api/imports', {
    ...app.adminRoute,
    schema: {
      tags: ['downloads', 'admin'],
      summary: 'Import download history',
      description: 'The body is JSONL (`application/x-ndjson`) or CSV (`text/csv`) with fields id, takenAt, downloads, downloadsAllTime, likes. Idempotent; bad lines are reported and skipped; nothing stored is changed. Admin: `Authorization: Bearer <ADMIN_TOKEN>`.',
      headers: AdminHeadersSchema,
      body: ImportBodySchema,
      response: { 200: ImportReportSchema, ...problemResponses(400, 401, 404, 413, 415, 429, 500) }
    }
  }, async (request) => app.imports.import(request.body))
}

export default importsRoutes
