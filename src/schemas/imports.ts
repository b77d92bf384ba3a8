// TypeBox schemas of history imports (POST /api/imports and `catalog import`).
import { Type, type Static } from 'typebox'

export const IMPORT_MEDIA_TYPES = ['application/x-ndjson', 'application/jsonl', 'text/csv'] as const

const EXAMPLES: Record<typeof IMPORT_MEDIA_TYPES[number], string> = {
  'application/x-ndjson': '{"id":"cerebras/Cerebras-GPT-111M","takenAt":"2026-11-01T00:00:00Z","downloads":1000,"downloadsAllTime":100000,"likes":10}',
  'application/jsonl': '{"id":"cerebras/Cerebras-GPT-111M","takenAt":"2026-11-01T00:00:00Z","downloads":1000,"downloadsAllTime":100000,"likes":10}',
  'text/csv': 'id,takenAt,downloads,downloadsAllTime,likes\ncerebras/Cerebras-GPT-111M,2026-11-01T00:00:00Z,1000,100000,10\n'
}

// The body reaches the route as a stream, so the schema sets no type to check: it documents each
// media type (the importer checks every record).
export const ImportBodySchema = {
  content: Object.fromEntries(IMPORT_MEDIA_TYPES.map((type) => [type, {
    schema: { description: type === 'text/csv' ? 'CSV records with a header row' : 'JSON Lines: one JSON object per line', examples: [EXAMPLES[type]] }
  }]))
}

export const ImportReportSchema = Type.Object({
  lines: Type.Integer({ description: 'Records read' }),
  imported: Type.Integer({ description: 'Snapshots stored' }),
  duplicates: Type.Integer({ description: 'Good records already stored (same model and instant): left as they were' }),
  refused: Type.Integer({ description: 'Records refused, all of them (rejected lists the first 1000)' }),
  rejected: Type.Array(Type.Object({
    line: Type.Integer({ description: 'Line number in the body' }),
    reason: Type.String({ description: 'Why it was refused' })
  }), { description: 'Refused records, by line (the first 1000)' })
}, { title: 'ImportReport' })

export type ImportReport = Static<typeof ImportReportSchema>
