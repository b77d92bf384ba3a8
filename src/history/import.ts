// Backfills download history from JSONL or CSV (id, takenAt, downloads, downloadsAllTime, likes).
// The body is read as a stream and stored in batches, so an import of any size holds one batch in
// memory and yields to other requests between batches. Idempotent: a snapshot that exists (same
// model and instant) is left as it is, so re-sending a body (or the rest of one cut short) is safe.
// Bad records are reported with their line number and skipped; values are parsed strictly.
import { Readable } from 'node:stream'
import { parse as csvParser, type CsvError } from 'csv-parse'
import { parseInstant } from '../instant.js'
import type { ImportReport } from '../schemas/imports.js'
import type { SnapshotSource } from '../schemas/history.js'
import type { FirstBySource, HistoryRepo, SnapshotRow } from './history-repo.js'

type Row = SnapshotRow & { line: number }
/** A record as read: its line, and its fields or why it could not be read. */
type Record = { line: number, fields: { [key: string]: unknown } } | { line: number, error: string }

export const MAX_REJECTS_LISTED = 1000
/** Records stored per INSERT. */
const BATCH_SIZE = 1000
/** The longest line (JSONL) or record (CSV) read; longer ones are refused, not buffered. */
const MAX_RECORD_BYTES = 64 * 1024

export type ImportSource = string | Buffer | AsyncIterable<string | Buffer>

/** JSONL when the first character that is not white space opens an object, else CSV. */
export function detectFormat (firstText: string): 'jsonl' | 'csv' {
  return firstText.trimStart().startsWith('{') ? 'jsonl' : 'csv'
}

/** The source as text chunks (UTF-8 decoded across chunk boundaries). */
async function * textOf (source: ImportSource): AsyncGenerator<string> {
  if (typeof source === 'string') { yield source; return }
  const decoder = new TextDecoder('utf-8')
  for await (const chunk of (Buffer.isBuffer(source) ? [source] : source)) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    if (text !== '') yield text
  }
  const rest = decoder.decode()
  if (rest !== '') yield rest
}

/** JSONL: one record per line; a line longer than MAX_RECORD_BYTES is refused without holding it. */
async function * jsonlRecords (chunks: AsyncIterable<string>): AsyncGenerator<Record> {
  let carry = ''
  let line = 0
  let skipping = false
  const record = (text: string): Record | null => {
    line++
    if (text.trim() === '') return null
    try {
      const value: unknown = JSON.parse(text)
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? { line, fields: value as { [key: string]: unknown } }
        : { line, error: 'not a JSON object' }
    } catch {
      return { line, error: 'not valid JSON' }
    }
  }
  for await (const chunk of chunks) {
    const parts = (carry + chunk).split('\n')
    carry = parts.pop()!
    for (const part of parts) {
      if (skipping || part.length > MAX_RECORD_BYTES) { skipping = false; line++; yield { line, error: `longer than ${MAX_RECORD_BYTES} bytes` }; continue }
      const r = record(part.endsWith('\r') ? part.slice(0, -1) : part)
      if (r !== null) yield r
    }
    if (carry.length > MAX_RECORD_BYTES) { skipping = true; carry = '' }
  }
  if (skipping || carry.length > MAX_RECORD_BYTES) { line++; yield { line, error: `longer than ${MAX_RECORD_BYTES} bytes` }; return }
  const last = record(carry)
  if (last !== null) yield last
}

/** CSV with a header row; a record the parser cannot read is refused, and reading goes on where it can. */
async function * csvRecords (chunks: AsyncIterable<string>): AsyncGenerator<Record> {
  const skipped: Record[] = []
  const parser = csvParser({
    columns: true,
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    info: true,
    max_record_size: MAX_RECORD_BYTES,
    skip_records_with_error: true
  })
  parser.on('skip', (err: CsvError) => skipped.push({ line: Number(err.lines ?? 0), error: `not valid CSV: ${err.message}` }))
  const input = Readable.from(chunks)
  input.on('error', (err) => parser.destroy(err))
  input.pipe(parser)
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: { [key: string]: string }, info: { lines: number } }>) {
      while (skipped.length > 0) yield skipped.shift()!
      yield { line: info.lines, fields: record }
    }
  } catch (err) {
    // What no record can recover from (a quote never closed runs to the end of the body).
    const csvError = err as CsvError
    if (typeof csvError.code !== 'string' || !csvError.code.startsWith('CSV_')) throw err
    skipped.push({ line: Number(csvError.lines ?? 0), error: `not valid CSV: ${csvError.message}` })
  }
  yield * skipped
}

async function * recordsOf (source: ImportSource): AsyncGenerator<Record> {
  const chunks = textOf(source)
  // Read until the first character that is not white space tells the format, then replay.
  const head: string[] = []
  let first = await chunks.next()
  while (!first.done && first.value.trim() === '') { head.push(first.value); first = await chunks.next() }
  if (first.done) return
  head.push(first.value)
  const replay = async function * () { yield * head; yield * chunks }
  yield * (detectFormat(first.value) === 'jsonl' ? jsonlRecords(replay()) : csvRecords(replay()))
}

// A count: a JSON number (JSONL) or digits (CSV). Not true, not [7], not "0x10", not 1e3, not 1.0.
function count (value: unknown, name: string, required: boolean): number | null | string {
  if (value === undefined || value === null || value === '') return required ? `${name} is missing` : null
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN
  if (!Number.isSafeInteger(n) || n < 0) return `${name} is not a non-negative integer: ${JSON.stringify(value).slice(0, 100)}`
  return n
}

function toRow (r: { [key: string]: unknown }): SnapshotRow | string {
  const id = r.id
  if (typeof id !== 'string' || id.length > 200 || !/^[\w.-]+\/[\w.-]+$/.test(id)) return `id is not a repo id: ${JSON.stringify(id)?.slice(0, 100)}`
  const takenAt = typeof r.takenAt === 'string' ? parseInstant(r.takenAt) : null
  if (takenAt === null) return `takenAt is not an ISO date-time from 1970 on: ${JSON.stringify(r.takenAt)?.slice(0, 100)}`
  if (takenAt.getTime() > Date.now() + 60_000) return 'takenAt is in the future'
  const downloads = count(r.downloads, 'downloads', true)
  const downloadsAllTime = count(r.downloadsAllTime, 'downloadsAllTime', false)
  const likes = count(r.likes, 'likes', false)
  for (const v of [downloads, downloadsAllTime, likes]) if (typeof v === 'string') return v
  return { modelId: id, takenAt, downloads: downloads as number, downloadsAllTime: downloadsAllTime as number | null, likes: likes as number | null }
}

export class SnapshotImporter {
  /** onImported runs after snapshots were stored, before the report is returned. */
  constructor (private readonly repo: HistoryRepo, private readonly onImported: () => Promise<void> = async () => {}) {}

  /**
   * Stores snapshots made by this program rather than read from a body (the demo's synthetic
   * history) under their own source, in batches, as idempotently as an import: a snapshot of the
   * same model and instant is left as stored. The models must be in the catalogue.
   */
  async store (rows: SnapshotRow[], source: Exclude<SnapshotSource, 'sync'>): Promise<{ imported: number, duplicates: number }> {
    let imported = 0
    for (let at = 0; at < rows.length; at += BATCH_SIZE) imported += await this.repo.insertImported(rows.slice(at, at + BATCH_SIZE), source)
    if (imported > 0) await this.onImported()
    return { imported, duplicates: rows.length - imported }
  }

  /** Per model, when its first snapshot of `source` and its first of any other source were taken. */
  async firstBySource (ids: string[], source: SnapshotSource): Promise<Map<string, FirstBySource>> {
    return await this.repo.firstBySource(ids, source)
  }

  async import (source: ImportSource): Promise<ImportReport> {
    const report: ImportReport = { lines: 0, imported: 0, duplicates: 0, refused: 0, rejected: [] }
    const reject = (line: number, reason: string) => {
      report.refused++
      if (report.rejected.length < MAX_REJECTS_LISTED) report.rejected.push({ line, reason })
    }
    const known = new Map<string, boolean>()
    let batch: Row[] = []
    const store = async () => {
      const unknown = [...new Set(batch.map((r) => r.modelId))].filter((id) => !known.has(id))
      if (unknown.length > 0) {
        const found = await this.repo.modelsInCatalogue(unknown)
        for (const id of unknown) known.set(id, found.has(id))
      }
      const accepted = batch.filter((r) => known.get(r.modelId) === true)
      for (const r of batch) if (known.get(r.modelId) !== true) reject(r.line, `${r.modelId} is not in the catalogue (sync it first)`)
      const stored = await this.repo.insertImported(accepted.map(({ line: _line, ...r }) => r))
      report.imported += stored
      report.duplicates += accepted.length - stored
      batch = []
    }
    try {
      for await (const record of recordsOf(source)) {
        report.lines++
        const row = 'error' in record ? record.error : toRow(record.fields)
        if (typeof row === 'string') reject(record.line, row)
        else batch.push({ ...row, line: record.line })
        if (batch.length >= BATCH_SIZE) await store()
      }
      if (batch.length > 0) await store()
    } catch (err) {
      // Cut short (the body ended early, too large, the database went away): what was stored
      // stays stored, and readers hear of it before the error goes up.
      if (report.imported > 0) await this.onImported().catch(() => {})
      throw err
    }
    if (report.imported > 0) await this.onImported()
    report.rejected.sort((a, b) => a.line - b.line)
    return report
  }
}
