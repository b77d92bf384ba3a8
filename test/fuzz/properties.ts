// What every answer of the route fuzzer must satisfy, and the database fingerprint a GET must keep.
import type pg from 'pg'
import type { FuzzRequest } from './openapi-arbitraries.js'
import { abbreviate } from './hostile.js'

interface Answer { statusCode: number, headers: Record<string, unknown>, body: string }

/**
 * Broken properties of one answer: a 5xx; a 4xx that is not a problem+json document of its status
 * with a detail; a success for a value the schema rules out.
 */
export function violations (request: FuzzRequest, res: Answer): string[] {
  const out: string[] = []
  const status = res.statusCode
  if (status >= 500) out.push(`answered ${status}`)
  if (status < 400) return request.mustRefuse === undefined ? out : [`answered ${status}, but ${request.mustRefuse}`]
  const type = String(res.headers['content-type'] ?? '')
  if (!/^application\/problem\+json\b/.test(type)) out.push(`a ${status} as ${type || 'no content-type'}, not application/problem+json`)
  if (request.method === 'HEAD') return out
  let body: { status?: unknown, detail?: unknown }
  try {
    body = JSON.parse(res.body)
  } catch {
    return [...out, `a ${status} whose body is not JSON`]
  }
  if (body?.status !== status) out.push(`a ${status} whose body says status ${JSON.stringify(body?.status)}`)
  if (typeof body?.detail !== 'string' || body.detail.trim() === '') out.push(`a ${status} without a detail`)
  return out
}

export function explain (problems: string[], res: Answer): string {
  return `${problems.join('; ')}; body: ${abbreviate(res.body.slice(0, 400))}`
}

const TABLES = ['models', 'model_files', 'licenses', 'download_snapshots', 'sync_runs']

/** Row count and md5 of every row of the catalogue's tables: equal fingerprints, same data. */
export async function fingerprint (client: pg.Client): Promise<string> {
  const parts = TABLES.map((t) => `SELECT '${t}' || ':' || count(*) || ':' || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS f FROM ${t} x`)
  const { rows } = await client.query<{ f: string }>(parts.join(' UNION ALL '))
  return rows.map((r) => r.f).join(' ')
}
