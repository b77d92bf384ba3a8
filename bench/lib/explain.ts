// Plans of the SQL the code really runs: a Prisma client that records every statement (text and
// parameters) over the same adapter, and EXPLAIN (ANALYZE, BUFFERS) of each recorded statement.
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { PrismaClient } from '../../src/generated/prisma/client.js'

export interface Statement { sql: string, params: unknown[] }

export interface Recorder {
  db: PrismaClient
  /** The statements run since the last call, in the order they were sent. */
  take: () => Statement[]
  close: () => Promise<void>
}

/**
 * Only for capturing: the timed runs go through createPrisma(), which has no query log, so that
 * logging costs nothing there.
 */
export function recordingPrisma (url: string): Recorder {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }), log: [{ emit: 'event', level: 'query' }] })
  let statements: Statement[] = []
  db.$on('query', (e) => { statements.push({ sql: e.query.trim(), params: JSON.parse(e.params) as unknown[] }) })
  return {
    db,
    take: () => { const s = statements; statements = []; return s },
    close: () => db.$disconnect()
  }
}

/** `$1: 10000 values ["a", ...]`: enough to see what a plan was for without a page of ids. */
export function describeParams (params: unknown[]): string {
  const one = (p: unknown, i: number) => `$${i + 1}: ${Array.isArray(p)
    ? `${p.length} values [${p.slice(0, 2).map((x) => JSON.stringify(x)).join(', ')}${p.length > 2 ? ', ...' : ''}]`
    : JSON.stringify(p)}`
  if (params.length <= 12) return params.map(one).join('\n')
  return [...params.slice(0, 4).map(one), `... ${params.length - 6} more ...`, ...params.slice(-2).map((p, i) => one(p, params.length - 2 + i))].join('\n')
}

/** Plans print array constants in full: keep the first two elements of long ones. */
function shortenArrays (plan: string): string {
  return plan.replace(/'\{([^']{160,})\}'/g, (_m, body: string) => {
    const items = body.split(',')
    return `'{${items.slice(0, 2).join(',')},... ${items.length} elements}'`
  })
}

export async function explain (url: string, statement: Statement): Promise<string> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    const { rows } = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params)
    return shortenArrays(rows.map((r) => r['QUERY PLAN']).join('\n'))
  } finally {
    await c.end()
  }
}
