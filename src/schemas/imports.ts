// TypeBox schemas of history imports (POST /api/imports and `catalog import`).
import { Type, type Static } from 'typebox'

export const ImportBodySchema = Type.String({
  description: 'JSONL or CSV records',
  examples: ['{"id":"cerebras/Cerebras-GPT-111M","takenAt":"2026-11-01T00:00:00Z","downloads":1000,"downloadsAllTime":100000,"likes":10}']
})

export const ImportReportSchema = Type.Object({
  lines: Type.Integer({ description: 'Records read' }),
  imported: Type.Integer({ description: 'Snapshots stored' }),
  duplicates: Type.Integer({ description: 'Good records already stored (same model and instant): left as they were' }),
  rejected: Type.Array(Type.Object({
    line: Type.Integer({ description: 'Line number in the body' }),
    reason: Type.String({ description: 'Why it was refused' })
  }), { description: 'Refused records (at most 1000 listed)' })
}, { title: 'ImportReport' })

export type ImportReport = Static<typeof ImportReportSchema>
