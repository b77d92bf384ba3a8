// GET /api/models over the catalogue's models in memory: filters, order, pages (cursor.ts makes
// their offsets opaque), and `fields=`.
import { UnknownFieldError } from '../errors.js'
import { MODEL_FIELDS, type Model, type ModelListItem, type ModelListQuery } from '../schemas/model.js'
import { licenseMatches } from './license-info.js'

/** A page, and the offset of the next one (null on the last page); the route makes it a cursor. */
export interface ModelListPage { items: ModelListItem[], nextOffset: number | null, total: number }

/** One page of the models that match the query from `offset`, in its order, narrowed to its fields. */
export function queryModels (models: readonly Model[], query: ModelListQuery, offset = 0): ModelListPage {
  const fields = selectedFields(query.fields)
  const matching = models.filter(modelFilter(query)).sort(modelOrder(query))
  const page = matching.slice(offset, offset + (query.limit ?? 20))
  const next = offset + page.length
  return {
    items: page.map((m) => pick(m, fields)),
    total: matching.length,
    nextOffset: next < matching.length && page.length > 0 ? next : null
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
