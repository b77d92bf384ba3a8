// The opaque cursor of GET /api/models: the offset of the next page and a digest of the query it
// belongs to (so it cannot be replayed against other filters or another sort), signed with an
// HMAC so no client can forge or edit one. The key is CURSOR_SECRET when set (cursors then work
// across restarts and replicas), else random per process (a cursor lives as long as the process).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { BadCursorError } from '../errors.js'
import type { ModelListQuery } from '../schemas/model.js'

/** No catalogue pages this far; an offset past it is not one this service issued. */
const MAX_OFFSET = 10_000_000
const NOT_OURS = 'it is not a cursor this service issued'

function queryDigest (query: ModelListQuery): string {
  const { cursor: _c, limit: _l, fields: _f, ...shape } = query
  const canonical = JSON.stringify(Object.entries(shape).filter(([, v]) => v !== undefined).sort())
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12)
}

export class CursorCodec {
  readonly #key: Buffer

  constructor (secret?: string) {
    this.#key = secret === undefined ? randomBytes(32) : createHash('sha256').update(secret).digest()
  }

  encode (query: ModelListQuery, offset: number): string {
    const payload = Buffer.from(JSON.stringify({ o: offset, q: queryDigest(query) })).toString('base64url')
    return `${payload}.${this.#sign(payload)}`
  }

  /** The offset the query's cursor points at (0 without one); BadCursorError for anything else. */
  decode (query: ModelListQuery): number {
    if (query.cursor === undefined) return 0
    const [payload, signature, ...rest] = query.cursor.split('.')
    if (rest.length > 0 || signature === undefined || !this.#verify(payload, signature)) throw new BadCursorError(NOT_OURS)
    let parsed: unknown
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    } catch {
      throw new BadCursorError(NOT_OURS)
    }
    const { o, q } = (parsed ?? {}) as { o?: unknown, q?: unknown }
    if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0 || o > MAX_OFFSET || typeof q !== 'string') throw new BadCursorError(NOT_OURS)
    if (q !== queryDigest(query)) throw new BadCursorError('it belongs to a query with other filters or sort')
    return o
  }

  #sign (payload: string): string {
    return createHmac('sha256', this.#key).update(payload).digest('base64url').slice(0, 22)
  }

  #verify (payload: string, signature: string): boolean {
    const expected = Buffer.from(this.#sign(payload))
    const given = Buffer.from(signature)
    return given.length === expected.length && timingSafeEqual(given, expected)
  }
}
