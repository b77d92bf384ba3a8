// GET /api/models over the catalogue's models in memory: filters, order, the opaque cursor that
// pages through them, and `fields=`.
import { createHash } from 'node:crypto'
import { BadCursorError, UnknownFieldError } from '../errors.js'
import { MODEL_FIELDS, type Model, type ModelListItem, type ModelListQuery } from '../schemas/model.js'
import { licenseMatches } from './license-info.js'

export interface ModelListPage { items: ModelListItem[], nextCursor: string | null, total: number }

/** One page of the models that match the query, in its order, narrowed to its fields. */
export function queryModels (models: readonly Model[], query: ModelListQuery): ModelListPage {
  const fields = selectedFields(query.fields)
  const offset = decodeCursor(query)
  const matching = models.filter(modelFilter(query)).sort(modelOrder(query))
  const page = matching.slice(offset, offset + (query.limit ?? 20))
  const next = offset + page.length
  return {
    items: page.map((m) => pick(m, fields)),
    total: matching.length,
    nextCursor: next < matching.length && page.length > 0 ? encodeCursor(query, next) : null
  }
}

function selectedFields (fields: string | undefined): Set<string> | null {
  if (fields === undefined) return null
  const names = fields.split(',')
  const unknown = names.find((n) => !(MODEL_FIELDS as string[]).includes(n))
  if (unknown !== undefined) throw new UnknownFieldError(unknown, MODEL_FIELDS.join(', '))
  return new Set(['id', ...names])
}

function pick (model: Model, fields: Set<string> | null): ModelListItem {
  if (fields === null) return model
  return Object.fromEntries(Object.entries(model).filter(([k]) => fields.has(k))) as ModelListItem
}

type Sortable = Exclude<ModelListQuery['sort'], undefined>
const SORT_VALUE: Record<Sortable, (m: Model) => number | string | null> = {
  downloads: (m) => m.downloads,
  downloadsAllTime: (m) => m.downloadsAllTime,
  likes: (m) => m.likes,
  parameters: (m) => m.parameters,
  createdAt: (m) => m.createdAt,
  lastModified: (m) => m.lastModified,
  id: (m) => m.id
}

const sameText = (a: string | null, b: string) => a !== null && a.toLowerCase() === b.toLowerCase()

/** The filters of GET /api/models as one predicate. Text filters are literal: no wildcards. */
export function modelFilter (query: ModelListQuery): (m: Model) => boolean {
  const q = query.q?.toLowerCase()
  return (m) =>
    (q === undefined || m.id.toLowerCase().includes(q)) &&
    (query.author === undefined || sameText(m.author, query.author)) &&
    (query.tag === undefined || query.tag.every((t) => m.tags.includes(t))) &&
    (query.license === undefined || (m.license !== null && licenseMatches(m.license.hubId, query.license))) &&
    (query.pipelineTag === undefined || sameText(m.pipelineTag, query.pipelineTag)) &&
    (query.library === undefined || sameText(m.libraryName, query.library)) &&
    (query.minParams === undefined || (m.parameters !== null && m.parameters >= query.minParams)) &&
    (query.maxParams === undefined || (m.parameters !== null && m.parameters <= query.maxParams))
}

/** The order of GET /api/models: desc by default (asc for id), missing values last, ties by id. */
export function modelOrder (query: ModelListQuery): (a: Model, b: Model) => number {
  const sort = query.sort ?? 'downloads'
  const direction = (query.order ?? (sort === 'id' ? 'asc' : 'desc')) === 'asc' ? 1 : -1
  const value = SORT_VALUE[sort]
  return (a, b) => {
    const x = value(a)
    const y = value(b)
    if (x !== y) {
      if (x === null) return 1
      if (y === null) return -1
      return (x < y ? -1 : 1) * direction
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  }
}

// The cursor holds the offset and a digest of the query it belongs to, so it cannot be replayed
// against other filters. Offsets are fine here: a catalogue is at most a few thousand models.
function queryDigest (query: ModelListQuery): string {
  const { cursor: _c, limit: _l, fields: _f, ...shape } = query
  const canonical = JSON.stringify(Object.entries(shape).filter(([, v]) => v !== undefined).sort())
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12)
}

export function encodeCursor (query: ModelListQuery, offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset, q: queryDigest(query) })).toString('base64url')
}

export function decodeCursor (query: ModelListQuery): number {
  if (query.cursor === undefined) return 0
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8'))
  } catch {
    throw new BadCursorError('it is not a cursor this service issued')
  }
  const { o, q } = (parsed ?? {}) as { o?: unknown, q?: unknown }
  if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0 || typeof q !== 'string') {
    throw new BadCursorError('it is not a cursor this service issued')
  }
  if (q !== queryDigest(query)) throw new BadCursorError('it belongs to a query with other filters or sort')
  return o
}
