// Backfills download history from JSONL or CSV (id, takenAt, downloads, downloadsAllTime, likes).
// Idempotent: a snapshot that exists (same model and instant) is left as it is. Bad lines are
// reported with their line number and skipped; the good ones land in one transaction.
import { parse as parseCsv } from 'csv-parse/sync'
import type { ImportReport } from '../schemas/imports.js'
import type { HistoryRepo, SnapshotRow } from './history-repo.js'

type Row = SnapshotRow

const MAX_REJECTS_LISTED = 1000

export function detectFormat (text: string): 'jsonl' | 'csv' {
  return text.trimStart().startsWith('{') ? 'jsonl' : 'csv'
}

/** Parses every line; returns the good rows and the reasons the others were refused. */
export function parseSnapshots (text: string): { rows: Array<Row & { line: number }>, rejected: ImportReport['rejected'], lines: number } {
  const records: Array<{ line: number, record: Record<string, unknown> | null, error?: string }> = []
  if (detectFormat(text) === 'jsonl') {
    text.split(/\r?\n/).forEach((raw, i) => {
      if (raw.trim() === '') return
      try {
        const value: unknown = JSON.parse(raw)
        records.push(typeof value === 'object' && value !== null && !Array.isArray(value)
          ? { line: i + 1, record: value as Record<string, unknown> }
          : { line: i + 1, record: null, error: 'not a JSON object' })
      } catch {
        records.push({ line: i + 1, record: null, error: 'not valid JSON' })
      }
    })
  } else {
    const parsed = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true }) as Array<{ record: Record<string, string>, info: { lines: number } }>
    for (const { record, info } of parsed) records.push({ line: info.lines, record })
  }
  const rows: Array<Row & { line: number }> = []
  const rejected: ImportReport['rejected'] = []
  for (const { line, record, error } of records) {
    if (record === null) { rejected.push({ line, reason: error! }); continue }
    const result = toRow(record)
    if (typeof result === 'string') rejected.push({ line, reason: result })
    else rows.push({ ...result, line })
  }
  return { rows, rejected, lines: records.length }
}

const INT_MAX = 2_147_483_647

function count (value: unknown, name: string, required: boolean, max = Number.MAX_SAFE_INTEGER): number | null | string {
  if (value === undefined || value === null || value === '') return required ? `${name} is missing` : null
  const n = typeof value === 'number' ? value : Number(value)
  if (!Number.isSafeInteger(n) || n < 0) return `${name} is not a non-negative integer: ${JSON.stringify(value)}`
  return n <= max ? n : `${name} is larger than ${max}`
}

function toRow (r: Record<string, unknown>): Row | string {
  const id = r.id
  if (typeof id !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(id)) return `id is not a repo id: ${JSON.stringify(id)}`
  const takenAt = typeof r.takenAt === 'string' ? new Date(r.takenAt) : null
  if (takenAt === null || Number.isNaN(takenAt.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(r.takenAt as string)) return `takenAt is not an ISO date-time: ${JSON.stringify(r.takenAt)}`
  if (takenAt.getTime() > Date.now() + 60_000) return 'takenAt is in the future'
  // downloads (30 days) and likes are 32-bit columns; the all-time count is 64-bit.
  const downloads = count(r.downloads, 'downloads', true, INT_MAX)
  const downloadsAllTime = count(r.downloadsAllTime, 'downloadsAllTime', false)
  const likes = count(r.likes, 'likes', false, INT_MAX)
  for (const v of [downloads, downloadsAllTime, likes]) if (typeof v === 'string') return v
  return { modelId: id, takenAt, downloads: downloads as number, downloadsAllTime: downloadsAllTime as number | null, likes: likes as number | null }
}

export class SnapshotImporter {
  /** onImported runs after snapshots were stored, before the report is returned. */
  constructor (private readonly repo: HistoryRepo, private readonly onImported: () => Promise<void> = async () => {}) {}

  async import (text: string): Promise<ImportReport> {
    const { rows, rejected, lines } = parseSnapshots(text)
    const known = await this.repo.modelsInCatalogue([...new Set(rows.map((r) => r.modelId))])
    const accepted = rows.filter((r) => {
      if (known.has(r.modelId)) return true
      rejected.push({ line: r.line, reason: `${r.modelId} is not in the catalogue (sync it first)` })
      return false
    })
    rejected.sort((a, b) => a.line - b.line)
    const imported = await this.repo.insertImported(accepted.map(({ line: _line, ...r }) => r))
    if (imported > 0) await this.onImported()
    return { lines, imported, duplicates: accepted.length - imported, rejected: rejected.slice(0, MAX_REJECTS_LISTED) }
  }
}
