// GET /api/models query -> Prisma where/orderBy, and the opaque cursor that pages through it.
import { createHash } from 'node:crypto'
import type { Prisma } from '../generated/prisma/client.js'
import { BadCursorError } from '../errors.js'
import type { ModelListQuery } from '../schemas/model.js'

const SORT_COLUMN = {
  downloads: 'downloads',
  downloadsAllTime: 'downloadsAllTime',
  likes: 'likes',
  parameters: 'parameters',
  createdAt: 'hubCreatedAt',
  lastModified: 'lastModified',
  id: 'id'
} as const

export function buildWhere (query: ModelListQuery, licenseIds: string[] | null): Prisma.ModelWhereInput {
  const where: Prisma.ModelWhereInput[] = []
  if (query.q) where.push({ id: { contains: query.q, mode: 'insensitive' } })
  if (query.author) where.push({ author: { equals: query.author, mode: 'insensitive' } })
  if (query.tag?.length) where.push({ tags: { hasEvery: query.tag } })
  if (licenseIds !== null) where.push({ licenseId: { in: licenseIds } })
  if (query.pipelineTag) where.push({ pipelineTag: { equals: query.pipelineTag, mode: 'insensitive' } })
  if (query.library) where.push({ libraryName: { equals: query.library, mode: 'insensitive' } })
  if (query.minParams !== undefined) where.push({ parameters: { gte: query.minParams } })
  if (query.maxParams !== undefined) where.push({ parameters: { lte: query.maxParams } })
  return { AND: where }
}

export function buildOrderBy (query: ModelListQuery): Prisma.ModelOrderByWithRelationInput[] {
  const sort = query.sort ?? 'downloads'
  const order = query.order ?? (sort === 'id' ? 'asc' : 'desc')
  const column = SORT_COLUMN[sort]
  // Missing values (a model never synced, a card without a size) sort last in either order.
  const primary = column === 'id' ? { id: order } : { [column]: { sort: order, nulls: 'last' } }
  return column === 'id' ? [primary] : [primary, { id: 'asc' }]
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
