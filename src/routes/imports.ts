// POST /api/imports: backfill download history (admin), the HTTP twin of `catalog import`.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { importSnapshots } from '../history/import.js'
import { problemResponses } from '../schemas/problem.js'
import { AdminHeadersSchema, adminRoute, type AdminRateLimit } from '../plugins/admin-auth.js'

const ImportReportSchema = Type.Object({
  lines: Type.Integer({ description: 'Records read' }),
  imported: Type.Integer({ description: 'Snapshots stored' }),
  duplicates: Type.Integer({ description: 'Good records already stored (same model and instant): left as they were' }),
  rejected: Type.Array(Type.Object({
    line: Type.Integer({ description: 'Line number in the body' }),
    reason: Type.String({ description: 'Why it was refused' })
  }), { description: 'Refused records (at most 1000 listed)' })
}, { title: 'ImportReport' })

const importsRoutes: FastifyPluginAsyncTypebox<{ adminRateLimit: AdminRateLimit }> = async (app, opts) => {
  for (const type of ['application/x-ndjson', 'application/jsonl', 'text/csv']) {
    if (!app.hasContentTypeParser(type)) app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: 50 * 1024 * 1024 }, (_req, body, done) => done(null, body))
  }

  app.post('/api/imports', {
    ...adminRoute(app, opts.adminRateLimit),
    schema: {
      tags: ['downloads', 'admin'],
      summary: 'Import download history',
      description: 'The body is JSONL (`application/x-ndjson`) or CSV (`text/csv`) with fields id, takenAt, downloads, downloadsAllTime, likes. Idempotent; bad lines are reported and skipped; nothing stored is changed. Admin: `Authorization: Bearer <ADMIN_TOKEN>`.',
      headers: AdminHeadersSchema,
      body: Type.String({ description: 'JSONL or CSV records', examples: ['{"id":"cerebras/Cerebras-GPT-111M","takenAt":"2026-11-01T00:00:00Z","downloads":1000,"downloadsAllTime":100000,"likes":10}'] }),
      response: { 200: ImportReportSchema, ...problemResponses(400, 401, 404, 413, 415, 429, 500) }
    }
  }, async (request) => importSnapshots(app.db, request.body))
}

export default importsRoutes
