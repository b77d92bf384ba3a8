// POST /api/imports: backfill download history (admin), the HTTP twin of `catalog import`.
// The body is handed to the importer as a stream, counted on the way: it is never held whole.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorCodes } from 'fastify'
import { ImportBodyMissingError } from '../errors.js'
import { adminSecurity } from '../schemas/admin.js'
import { ImportBodySchema, ImportReportSchema, IMPORT_MEDIA_TYPES } from '../schemas/imports.js'
import { problemResponses } from '../schemas/problem.js'

// An import may be far larger than any other body.
export const IMPORT_BODY_LIMIT = 50 * 1024 * 1024

/** The body's bytes, refused with 413 past the limit (a chunked body has no length to check first). */
async function * limited (body: AsyncIterable<Buffer>, limit: number): AsyncGenerator<Buffer> {
  let seen = 0
  for await (const chunk of body) {
    seen += chunk.length
    if (seen > limit) throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE()
    yield chunk
  }
}

const isStream = (body: unknown): body is AsyncIterable<Buffer> =>
  typeof (body as AsyncIterable<Buffer> | undefined)?.[Symbol.asyncIterator] === 'function'

const importsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // In this plugin's scope, only the import media types are parsed (415 for JSON, text, ...).
  app.removeAllContentTypeParsers()
  for (const type of IMPORT_MEDIA_TYPES) {
    app.addContentTypeParser(type, (request, payload, done) => {
      if (Number(request.headers['content-length']) > IMPORT_BODY_LIMIT) return done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(), undefined)
      done(null, limited(payload, IMPORT_BODY_LIMIT))
    })
  }

  app.post('/api/imports', {
    ...app.adminRoute,
    schema: {
      tags: ['downloads', 'admin'],
      operationId: 'importHistory',
      summary: 'Import download history',
      description: 'The body is JSONL (`application/x-ndjson`) or CSV (`text/csv`, with a header row) with fields id, takenAt, downloads, downloadsAllTime, likes; at most 50 MiB, read as a stream and stored in batches. Idempotent: a snapshot already stored (same model and instant) is left as it is, so re-sending a body is safe. Bad records are reported by line and skipped. Admin: `Authorization: Bearer <ADMIN_TOKEN>`.',
      security: adminSecurity,
      body: ImportBodySchema,
      response: { 200: ImportReportSchema, ...problemResponses(400, 401, 404, 406, 413, 415, 429, 500) }
    }
  }, async (request) => {
    // No body at all (nor a Content-Type): nothing was parsed.
    if (!isStream(request.body)) throw new ImportBodyMissingError()
    return app.imports.import(request.body)
  })
}

export default importsRoutes
